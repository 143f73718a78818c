"""Who a broadcast may go to: an audience as an operator writes it, checked against the branch."""

from __future__ import annotations

from ..errors import Refused
from ..i18n import _
from ..model.members import parse_role
from ..model.notices import Recipients
from ..ports import UnitOfWork


async def audience_in(uow: UnitOfWork, branch_id: int, text: str) -> Recipients:
    """The recipients `text` names ('all', 'role:padriver', 'followers:12', 'call:3'), when they exist in the
    branch; otherwise Refused, saying what is wrong, so that nothing is sent to an audience that is no one."""
    try:
        recipients = Recipients.parse(text.strip())
    except ValueError:
        kind, _sep, value = text.strip().partition(":")
        if kind == "role":
            parse_role(value)  # refuses, naming the roles there are
        if kind in ("followers", "call") and value:
            raise Refused(_("“{value}” is not a number; write {kind}:12.", value=value, kind=kind)) from None
        raise Refused(_("“{audience}” is not an audience: use all, role:NAME, followers:DREAM or call:CALL.",
                        audience=text)) from None
    if recipients.kind == "followers":
        dream = await uow.dreams.get(int(recipients.value))
        if dream is None or dream.branch_id != branch_id:
            raise Refused(_("There is no dream number {id} in this branch, so it has no followers.",
                            id=recipients.value))
    if recipients.kind == "call":
        call = await uow.calls.get(int(recipients.value))
        if call is None or call.branch_id != branch_id:
            raise Refused(_("There is no call number {id} in this branch.", id=recipients.value))
    return recipients

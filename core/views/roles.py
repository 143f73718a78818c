"""What each role is called where a person reads it."""

from __future__ import annotations

from ..i18n import _
from ..model.members import Role

ROLE_LABELS = {
    Role.BOARD: _("board member"),
    Role.BANK_MANAGER: _("bank manager"),
    Role.COMMUNITY_MANAGER: _("community manager"),
    Role.CONSULTANT: _("consultant"),
    Role.PADRIVER: _("pådriver"),
    Role.ADMIN: _("branch admin"),
}

"""What a person sees of branches: the ones to choose a home from, and a branch's settings for its admin."""

from __future__ import annotations

from ..i18n import Text, _
from ..model.branch_settings import SETTINGS
from ..model.branches import Branch
from ..views.actions import Action
from ..views.model import Act, Note


def home_choice(prompt: Text, branches: list[Branch], home_id: int, action: Action) -> Note:
    """The branches to choose a home from, one button each; the home branch is named, not offered."""
    others = [b for b in branches if b.id != home_id]
    return Note.of(prompt, actions=[[Act.to(action, b.name, b.id)] for b in others])


def move_offer(home: Branch, there: Branch) -> Note:
    """Asks before a member's home branch changes: never moved without saying yes."""
    return Note.of(_("Your home branch is {home}. Would you like {there} to be your home branch instead?",
                     home=home.name, there=there.name),
                   _("What you did in {home} stays there, and so do your roles there.", home=home.name),
                   actions=[[Act.to(Action.BRANCH_MOVE, _("Move to {there}", there=there.name), there.id),
                             Act.to(Action.BRANCH_STAY, _("Stay in {home}", home=home.name))]])


def settings_card(branch: Branch) -> Note:
    """The branch's settings as they are, each with a button that changes it."""
    lines: list[Text | str] = [_("The settings of {branch}:", branch=branch.name)]
    lines += [_("{setting}: {value}", setting=s.label, value=s.shown(branch)) for s in SETTINGS]
    lines.append(_("/roles shows who holds which role."))
    buttons = [Act.to(Action.BRANCH_SETTING, s.label, i) for i, s in enumerate(SETTINGS)]
    return Note.of(*lines, actions=[buttons[i:i + 2] for i in range(0, len(buttons), 2)])

"""A member's choices as they see them: the settings card, with each choice allowed or refused as switching would."""

from __future__ import annotations

from core.model.preferences import DigestFrequency, Preferences
from core.usecases import preferences
from core.views.preferences import settings_card
from tests.unit.circle import refusal


class TestSettingsCard:
    def test_without_an_address_the_email_switches_are_refused_with_the_use_cases_reason(self, village):
        chosen = Preferences(village.anna.id)

        card = settings_card(chosen, village.branch, mail=True)

        switches = [row[0] for row in card.actions[1:]]
        assert [s.allowed for s in switches] == [True, False, False, False, True]  # a public name needs no address
        assert switches[1].refused == preferences.switch_refusal(chosen, "digest_by_email")
        assert [a.pressed for a in card.actions[0]] == [False, True, False]

    async def test_the_refusal_is_the_one_switching_gives(self, db, village):
        async def switch(uow):
            await preferences.switch(uow, village.anna, "digest_by_email")

        card = settings_card(Preferences(village.anna.id), village.branch, mail=True)

        assert card.actions[2][0].refused == await refusal(db, switch)

    def test_with_an_address_every_choice_may_be_switched(self, village):
        chosen = Preferences(village.anna.id, digest=DigestFrequency.DAILY, email="anna@example.org")

        card = settings_card(chosen, village.branch, mail=True)

        assert all(a.allowed for row in card.actions for a in row)
        assert card.topic == "settings"

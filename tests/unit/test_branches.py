"""Opening a branch: what the operator typed is checked in core, and a short name is never taken twice."""

import pytest

from core.errors import NotFound, Refused
from core.i18n import translate
from core.model.branches import QuorumRule
from core.usecases.branches import all_branches, branch_called, open_branch


class TestOpenBranch:
    async def test_a_branch_opens_with_its_language_time_zone_and_quorum(self, db):
        async with db() as uow:
            opened = await open_branch(uow, "nordre-aker", "  Nordre   Aker ", "nb", "Europe/Oslo", "approvals:2")
            await uow.commit()

        async with db() as uow:
            found = await uow.branches.by_slug("nordre-aker")
        assert found is not None and found.id == opened.id
        assert (found.name, found.language, found.timezone) == ("Nordre Aker", "nb", "Europe/Oslo")
        assert found.quorum == QuorumRule.parse("approvals:2")

    async def test_a_short_name_taken_already_is_refused_and_nothing_is_added(self, db, village):
        async with db() as uow:
            with pytest.raises(Refused) as refused:
                await open_branch(uow, "fjordby", "Another Fjordby")
            branches = await uow.branches.all()

        assert translate(refused.value.reason, "en") == "A branch called “fjordby” exists already."
        assert [b.name for b in branches] == ["Fjordby"]

    async def test_what_cannot_be_a_branch_is_refused_with_the_check_s_reason(self, db):
        async with db() as uow:
            with pytest.raises(Refused) as refused:
                await open_branch(uow, "elvdal", "Elvdal", timezone="Mars/Base")
            branches = await uow.branches.all()

        assert translate(refused.value.reason, "en").startswith("“Mars/Base” is not a time zone I know")
        assert branches == []


class TestReadingBranches:
    async def test_every_branch_is_listed_by_name_and_one_is_found_by_its_short_name(self, db):
        async with db() as uow:
            await open_branch(uow, "sor", "Sørby")
            await open_branch(uow, "aby", "Åby")
            await open_branch(uow, "elvdal", "elvdal")
            await uow.commit()

        async with db() as uow:
            listed = await all_branches(uow)
            found = await branch_called(uow, "sor")
            with pytest.raises(NotFound):
                await branch_called(uow, "nowhere")
        assert [b.slug for b in listed] == ["elvdal", "sor", "aby"]
        assert found.name == "Sørby"

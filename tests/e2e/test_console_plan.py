"""The opportunity team draws up a plan in the console: Anna, who leads the demo's garden project, takes Frida onto
the team and writes the plan step by step; Frida moves her task along; Gustav, who follows the project, hears of
each change, reads the plan and is invited to the opening meeting; Anna drafts the final report from the record
and keeps it."""

from __future__ import annotations

import pytest

from .test_console_chat import chat, told

#: the demo's project no. 1 is Anna's garden; Frida and Gustav pledged to it (Gustav 2000 for seeds and soil)
PLAN = """\
/as anna
/projects
1
4
7
gardener
/plan 1
10
Frida
Waters the beds and keeps the tools
/plan 1
29
42
2000 kr for seeds and soil from Gustav
46
50
Raised beds and a shared tool shed on the empty lot
61
66
Soil and seeds
3500
76
82
Sparebank1 community fund
2500
91
98
Build the tool shed
107
2030-06-01
110
120
Open meeting about the garden
Come and meet the team and the plan for the empty lot.
2030-05-01 18:00
2030-05-01 20:00
The empty lot
/as frida
/tasks 1
146
/as gustav
/project 1
/plan 1
/events
/as anna
/plan 1
176
179
-
184
186
/quit
"""


@pytest.fixture(scope="module")
def transcript(tmp_path_factory) -> str:
    return chat(tmp_path_factory.mktemp("plan"), PLAN)


class TestAPlanInTheConsole:
    def test_the_opening_meeting_invites_everyone_and_shows_on_the_plan(self, transcript):
        anna, frida, gustav = (told(transcript, name) for name in ("anna", "frida", "gustav"))

        assert "Everyone in the branch is invited to “Open meeting about the garden”." in anna
        assert "📅 Open meeting: Open meeting about the garden" in frida
        assert "Opening meeting: Open meeting about the garden, 2030-05-01 18:00" in gustav
        assert "2030-05-01 18:00 — Open meeting about the garden" in gustav


    def test_the_lead_draws_up_every_part_and_sees_the_balance(self, transcript):
        anna = told(transcript, "anna")

        assert "No plan yet. The team draws it up here, step by step" in anna
        assert "A role in the plan — step 1 of 2" in anna
        assert "Gustav: For seeds and soil." in anna
        assert "• 2000 kr for seeds and soil from Gustav (pledged)" in anna
        assert anna.count("It is in the plan, and the project's followers are told.") == 6

    def test_the_owner_moves_a_task_along_and_followers_hear_of_every_change(self, transcript):
        frida, gustav = told(transcript, "frida"), told(transcript, "gustav")

        assert "“Build the tool shed” is now under way." in frida
        assert "Build the tool shed — Frida, by 2030-06-01 (under way)" in frida
        assert "📋 Anna added to the plan of “A garden for the whole street”: Soil and seeds" in gustav
        assert "📋 Frida marked a task of “A garden for the whole street” under way: Build the tool shed" in gustav
        assert "Balance (funding − costs): -NOK1,000.00" in gustav
        assert "Progress: 0 of 1 task done" in gustav
        assert "Latest changes:" in gustav and ", Frida marked “Build the tool shed” under way" in gustav
        assert "+ Task" not in gustav, "only the team may change the plan"

    def test_the_final_report_is_drafted_from_the_record_and_kept(self, transcript):
        anna = told(transcript, "anna")

        assert "A draft of the final report, from the project's own record:" in anna
        assert "Help used: Gustav: For seeds and soil." in anna
        assert "Report: Goal: Raised beds and a shared tool shed on the empty lot" in anna
        assert "“A garden for the whole street” is in the archive. Thank you for all the work!" in anna

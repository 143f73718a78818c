"""Talking it over in the console: a topic opened, supported and commented on, a reply, a report the bank manager
acts on, and the topic turned into a dream its supporter follows."""

from __future__ import annotations

import pytest

from .test_console_chat import chat, told

#: frida opens a topic; anna supports it and comments; frida replies from the notice; bjorn reports anna's comment;
#: eva (bank manager) hides it with a reason; frida turns the topic into a dream, keeping its words
TALK = """\
/as frida
/topic
The old school
What should happen with the old school building?
3
/as anna
/topics
7
9
11
12
A youth café would be lovely
/as frida
17
Yes, with a stage for music!
/as bjorn
/topics
20
23
25
/as eva
/reports
30
Unkind to the school's neighbours
/as frida
/topics
33
36
/keep
/keep
time
-
yes
yes
yes
60
/as anna
/quit
"""


@pytest.fixture(scope="module")
def transcript(tmp_path_factory) -> str:
    return chat(tmp_path_factory.mktemp("talk"), TALK)


class TestTalkingItOver:
    def test_a_comment_reaches_the_topics_author_and_a_reply_its_writer(self, transcript):
        assert "💬 Anna commented on “The old school”:" in told(transcript, "frida")
        assert "💬 Frida replied in “The old school”:" in told(transcript, "anna")

    def test_the_thread_shows_the_reply_under_the_comment_with_reply_and_report(self, transcript):
        bjorn = told(transcript, "bjorn")
        assert "#1 Anna: A youth café would be lovely\n      ↳ #2 Frida: Yes, with a stage for music!" in bjorn
        assert "[25] ⚑ Report #1" in bjorn
        assert "Thank you. The bank manager will look at the comment." in bjorn

    def test_the_bank_manager_hides_the_reported_comment_and_its_writer_hears_why(self, transcript):
        eva = told(transcript, "eva")
        assert "⚑ A comment was reported: A youth café would be lovely" in eva
        assert "The comment is hidden, and its writer is told why." in eva
        anna = told(transcript, "anna")
        assert "The bank manager hid your comment: A youth café would be lovely" in anna
        assert "Why: Unkind to the school's neighbours" in anna
        assert "[35] 💬 Comments (1)" in told(transcript, "frida")  # the hidden one is not counted

    def test_the_topic_becomes_a_dream_with_its_words_and_supporters(self, transcript):
        frida = told(transcript, "frida")
        assert "Title: The old school\n  Story: What should happen with the old school building?" in frida
        assert "“The old school” is deposited (no. 6)" in frida
        assert "Those who supported the topic follow the dream now." in frida

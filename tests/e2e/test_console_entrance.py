"""One entrance in the console: Anna asks the municipality, Eva hands the inquiry over to Frida, Frida answers in the
same thread, Anna replies there, and the branch admin sees the response times."""

from __future__ import annotations

import pytest

from .test_console_chat import chat, told

#: gustav makes eva and frida consultants; anna asks; eva opens her desk, hands the inquiry to frida; frida opens
#: the thread from her notice and answers; anna replies from hers; gustav, the admin, sees the branch's desk
ENTRANCE = """\
/as gustav
/grant 6 consultant
/grant 5 consultant
/as anna
/ask May we borrow the school hall on Saturdays, from ten to four?
/as eva
/inquiries
4
7
9
/as anna
/as frida
12
13
Yes, from ten to four. The key is at the front desk.
/as anna
21
Thank you! May we put up a sign on the door?
/as frida
/as gustav
/inquiries
/quit
"""


@pytest.fixture(scope="module")
def transcript(tmp_path_factory) -> str:
    return chat(tmp_path_factory.mktemp("entrance"), ENTRANCE)


class TestOneEntrance:
    def test_the_inquiry_is_assigned_at_once_and_the_asker_told_who_owns_it(self, transcript):
        anna = told(transcript, "anna")
        assert "Your inquiry no. 1 is with Eva, who will answer you here." in anna
        assert "❓ Anna asked: May we borrow the school hall on Saturdays, from ten to four?" in anna

    def test_a_hand_over_tells_the_asker_and_the_colleague_and_keeps_the_thread(self, transcript):
        eva, frida, anna = told(transcript, "eva"), told(transcript, "frida"), told(transcript, "anna")
        assert "Inquiry no. 1 is with Frida now; the one who asked is told." in eva
        assert "Your inquiry no. 1 is with Frida now. You do not need to ask again" in anna
        assert "Eva handed it over to you." in frida
        assert "↪ Eva handed it over to Frida." in frida

    def test_the_colleagues_answer_arrives_in_the_same_thread_and_the_reply_goes_back(self, transcript):
        anna, frida = told(transcript, "anna"), told(transcript, "frida")
        assert "💬 Frida answered your inquiry no. 1:" in anna
        assert "Yes, from ten to four. The key is at the front desk." in anna
        assert "Your reply is in the thread, and Frida is told." in anna
        assert "💬 Anna replied in inquiry no. 1: open the thread to read it." in frida

    def test_the_admin_sees_the_branchs_inquiries_and_response_times(self, transcript):
        gustav = told(transcript, "gustav")
        assert "Open inquiries of the branch:" in gustav
        assert "Response times: median 0 minutes to a first answer (1 answered)." in gustav
        assert "May we borrow the school hall on Saturdays, from ten to fou… — waiting for an answer" in gustav

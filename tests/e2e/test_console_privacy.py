"""A person's own data in the console chat, as a process: /mydata, the download, and /erase confirmed."""

from __future__ import annotations

import json

from tests.e2e.test_console_chat import chat, told

SCRIPT = """\
/as frida
/mydata
1
/erase
2
/as eva
/dream 3
"""


def test_a_resident_reads_downloads_and_erases_their_data(tmp_path):
    transcript = chat(tmp_path, SCRIPT)

    frida = told(transcript, "frida")
    assert "What the dream bank keeps about you:" in frida and "Name: Frida" in frida
    assert "Winter lights on the square — the board asks for more information" in frida
    saved = tmp_path / "files" / "dreambank-data-6.json"
    document = json.loads(saved.read_text(encoding="utf-8"))
    assert {"members", "identities", "dreams", "likes", "pledges"} <= set(document["records"])
    assert "Cannot be recalled: messages already delivered in chats" in frida
    assert "You are erased." in frida
    assert "Deposited by: a former member" in told(transcript, "eva")
    assert "Frida" not in told(transcript, "eva")

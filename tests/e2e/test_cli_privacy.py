"""Staff export and erase a person who asked outside chat, with the `dreambank` command line as a process."""

from __future__ import annotations

import json

from tests.e2e import test_cli
from tests.e2e.test_cli import dreambank

#: the command line's own fixture: a data folder on SQLite, or a clean PostgreSQL database
environment = test_cli.environment


class TestMemberData:
    def test_staff_export_then_erase_a_member_and_only_with_yes(self, environment, tmp_path):
        dreambank(environment, "demo")
        out = tmp_path / "frida.json"

        exported = dreambank(environment, "member", "export", "fjordby", "6", "--out", str(out))
        refused = dreambank(environment, "member", "erase", "fjordby", "6")
        erased = dreambank(environment, "member", "erase", "fjordby", "6", "--yes")
        again = dreambank(environment, "member", "export", "fjordby", "6")

        assert exported.returncode == 0, exported.stderr
        records = json.loads(out.read_text(encoding="utf-8"))["records"]
        assert records["members"][0]["display_name"] == "Frida" and "dreams" in records
        assert refused.returncode == 1 and "--yes" in refused.stderr
        assert erased.returncode == 0 and erased.stdout.startswith("Member 6 is erased. Open dreams retracted: 2;")
        assert again.returncode == 1 and "no member number 6" in again.stderr

"""Email as a delivery channel: digests, newsletters, event reminders and codes sent over SMTP, each mail
with a signed one-click unsubscribe link (the pages it opens are served by web/unsubscribe.py)."""

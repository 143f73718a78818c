"""Email as a delivery channel: digests, newsletters, event reminders and codes sent over SMTP, with
one-click unsubscribe links served beside the Telegram webhook."""

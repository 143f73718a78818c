"""The Telegram adapter: python-telegram-bot turning updates into core inputs and replies into messages."""

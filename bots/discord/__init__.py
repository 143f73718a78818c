"""The Discord adapter: discord.py turning interactions into core inputs and replies into messages."""

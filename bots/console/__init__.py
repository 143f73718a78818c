"""The console chat: every role of the lifecycle, played in a terminal or through a piped script."""

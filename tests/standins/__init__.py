"""Local stand-ins of the services dreambank talks to, served on 127.0.0.1 for tests and benchmarks.

``tests.standins.telegram`` is the Telegram Bot API, ``tests.standins.smtp`` a mail server.
"""

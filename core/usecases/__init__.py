"""The use cases: one function per command, each run inside the caller's unit of work.

Every function here takes the open unit of work as its first argument: it stages changes and
notices, and the caller commits once, so a change and the notices it causes land together.
"""

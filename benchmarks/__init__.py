"""Benchmarks: figures and ratios printed by a command, never timed unit tests."""

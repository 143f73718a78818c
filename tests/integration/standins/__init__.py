"""Tests of the stand-ins themselves: they behave as the documented services do."""

"""The domain model: plain dataclasses and enums with the rules that belong to them."""

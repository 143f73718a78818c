"""The delivery engine: draining the outbox per channel within each platform's limits, through crashes."""

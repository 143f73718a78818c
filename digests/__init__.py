"""What the platform pushes: delivery of every notice and broadcast, and (later) digests on a schedule."""

"""The schedule: digests, reminders, nudges and newsletters at their time, in one process of a deployment."""

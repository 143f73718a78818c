"""What the platform pushes: the delivery of every notice and broadcast (`delivery`), the schedule that
writes digests, reminders, nudges and newsletters at their time (`schedule`), and their rendering from
the templates (`rendering`, `templates`)."""

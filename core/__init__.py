"""dreambank's core: the domain, its rules, the use cases and the dialogs, in plain Python."""

"""View models: what a person sees, built in core, drawn by each surface."""

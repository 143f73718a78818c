"""What the platform pushes, rendered from the templates in digests/templates: one module per thing rendered.

`environment` builds the one Jinja environment (the composition root builds it and hands it in);
`digests` renders a digest for each channel; `email` renders a whole mail, subject, text and HTML.
"""

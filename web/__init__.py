"""The one ASGI app (Starlette): every HTTP route of a deployment, and the server that listens for them.

A presentation adapter: routes translate requests into core's use cases (and hand Telegram's updates to
its adapter) and render what comes back; no rule lives here. Each feature keeps its routes in a small
table in a module of its own (`health`, `telegram`, `unsubscribe`; later the portal's pages), with its
templates under web/templates; `app.web_app` puts the tables together, as the composition root asks.
"""

"""The floor any bot framework pays for an update: a bare python-telegram-bot Application behind a webhook that
writes one row and sends one message for each update, on the same server stack as dreambank's webhook (uvicorn
and Starlette, PTB's own pattern for a custom webhook server).

    python -m benchmarks.bare_webhook PORT API_URL TOKEN DATABASE_URL SECRET_TOKEN

It answers POST /hook after handling the update, as dreambank's webhook does, and stops on SIGTERM or Ctrl-C.
"""

from __future__ import annotations

import asyncio
import hmac
import sys
from datetime import datetime, timezone

import sqlalchemy as sa
import uvicorn
from sqlalchemy.ext.asyncio import create_async_engine
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from telegram import Update
from telegram.ext import Application, ContextTypes, TypeHandler

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # nosec B105 # the header's name, not a secret
TABLE = "bare_updates"
INSERT = sa.text(f"INSERT INTO {TABLE} (update_id, chat_id, at) VALUES (:update_id, :chat_id, :at)")  # nosec B608
TEXT = "Thank you, noted."


async def main(port: int, api_url: str, token: str, database_url: str, secret: str) -> None:
    engine = create_async_engine(database_url, pool_size=20)
    application = Application.builder().token(token).base_url(api_url).updater(None).connection_pool_size(32).build()

    async def on_update(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        chat_id = update.effective_user.id if update.effective_user else 0
        async with engine.begin() as connection:
            await connection.execute(INSERT, dict(update_id=update.update_id, chat_id=chat_id,
                                                  at=datetime.now(timezone.utc)))
        await context.bot.send_message(chat_id, TEXT)

    application.add_handler(TypeHandler(Update, on_update))

    async def hook(request: Request) -> Response:
        if not hmac.compare_digest(request.headers.get(SECRET_HEADER, "").encode(), secret.encode()):
            return JSONResponse({"ok": False}, status_code=403)
        await application.process_update(Update.de_json(await request.json(), application.bot))
        return JSONResponse({"ok": True})

    async def ready(_request: Request) -> Response:
        return JSONResponse({"ok": True})

    web = Starlette(routes=[Route("/hook", hook, methods=["POST"]), Route("/readyz", ready)])
    server = uvicorn.Server(uvicorn.Config(web, host="127.0.0.1", port=port, log_level="warning", log_config=None,
                                           access_log=False, lifespan="off"))
    async with application:
        await application.start()
        try:
            await server.serve()  # until SIGTERM or SIGINT
        finally:
            await application.stop()
            await engine.dispose()


if __name__ == "__main__":
    port_, url_, token_, database_, secret_ = sys.argv[1:6]
    asyncio.run(main(int(port_), url_, token_, database_, secret_))

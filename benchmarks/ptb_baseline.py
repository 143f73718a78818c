"""The comparison: a plain loop of sends through python-telegram-bot's AIORateLimiter.

    python -m benchmarks.ptb_baseline API_URL TOKEN FIRST_ID COUNT RATE
"""

from __future__ import annotations

import asyncio
import sys

from telegram.ext import AIORateLimiter, ExtBot

TEXT = "The bench is built! Come and sit."


async def main(api_url: str, token: str, first_id: int, count: int, rate: float) -> None:
    limiter = AIORateLimiter(overall_max_rate=rate, overall_time_period=1, max_retries=5)
    async with ExtBot(token, base_url=api_url, rate_limiter=limiter) as bot:
        for chat_id in range(first_id, first_id + count):
            await bot.send_message(chat_id, TEXT)


if __name__ == "__main__":
    url, token, first, count, rate = sys.argv[1:6]
    asyncio.run(main(url, token, int(first), int(count), float(rate)))

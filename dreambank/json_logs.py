"""Log records as one JSON object a line, for a log collector: time, level, logger, message, and the record's
extra fields (the platform and update an error is about, say).

What it writes has passed the redacting filter first, like every record (dreambank/logs.py): the message,
the traceback and the extra fields' text are already without secrets.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime, timezone

#: what every LogRecord has; any other attribute was given as `extra=` and is written as a field of its own
STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "taskName"}
#: extra fields that only repeat the message for a terminal (uvicorn's, with colours)
REPEATS = frozenset({"color_message"})


def extras(record: logging.LogRecord) -> dict[str, object]:
    """The fields given to the record with `extra=`."""
    return {k: v for k, v in vars(record).items() if k not in STANDARD and k not in REPEATS and not k.startswith("_")}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds")
                    .replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            line["exception"] = record.exc_text
        if record.stack_info:
            line["stack"] = record.stack_info
        for key, value in extras(record).items():
            line.setdefault(key, value if isinstance(value, (str, int, float, bool, type(None))) else str(value))
        return json.dumps(line, ensure_ascii=False)

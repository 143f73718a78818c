"""Photos and documents: uploaded, sent again by file_id or fetched from a URL, and downloaded."""

from __future__ import annotations

import copy
import re
import secrets
from typing import TYPE_CHECKING

from tests.standins.telegram.endpoints import Req, method
from tests.standins.telegram.images import PHOTO_MAX_BYTES, image_size
from tests.standins.telegram.markup import check_reply_markup
from tests.standins.telegram.records import JsonDict, Upload, bad
from tests.standins.telegram.text import caption_text
from tests.standins.telegram.values import as_bool

if TYPE_CHECKING:
    from tests.standins.telegram.standin import BotApiStandIn


@method("sendDocument")
def send_document(api: BotApiStandIn, req: Req) -> JsonDict:
    chat = api._writable_chat(req.get("chat_id"))
    document = req.get("document")
    if document is None or document == "":
        raise bad("there is no document in the request")
    if isinstance(document, Upload):
        upload = document
    elif isinstance(document, str) and document in api._photos:
        raise bad("type of file mismatch")
    elif isinstance(document, str) and document in api.uploads:
        upload = api.uploads[document]
    elif isinstance(document, str) and re.match(r"^https?://", document):
        upload = Upload(document.rstrip("/").rsplit("/", 1)[-1] or "file", b"")
    else:
        raise bad("wrong file identifier/HTTP URL specified")
    caption, caption_entities = caption_text(req.params, strict_entities=api.strict_entities)
    keyboard = check_reply_markup(req.get("reply_markup"))
    message = api._new_bot_message(chat, req)
    file_id = next((fid for fid, known in api.uploads.items() if known is upload), None)
    if file_id is None:
        file_id = "BQACAgIAAxkDAAI" + secrets.token_urlsafe(24)
        api.uploads[file_id] = upload
    message["document"] = {
        "file_name": upload.filename,
        "mime_type": upload.content_type,
        "file_id": file_id,
        "file_unique_id": "AgAD" + file_id[-12:],
        "file_size": len(upload.content),
    }
    if caption:
        message["caption"] = caption
        if caption_entities:
            message["caption_entities"] = caption_entities
    if keyboard:
        message["reply_markup"] = keyboard
    return api._store_bot_message(chat, message)


@method("sendPhoto")
def send_photo(api: BotApiStandIn, req: Req) -> JsonDict:
    chat = api._writable_chat(req.get("chat_id"))
    photo = req.get("photo")
    if photo is None or photo == "":
        raise bad("there is no photo in the request")
    if isinstance(photo, Upload):
        sizes = _uploaded_photo(api, photo)
    elif isinstance(photo, str) and photo in api._photos:
        sizes = copy.deepcopy(api._photos[photo])  # sent again: all its sizes, the same files
    elif isinstance(photo, str) and photo in api.uploads:
        raise bad("type of file mismatch")
    elif isinstance(photo, str) and re.match(r"^https?://[^\s/]+", photo):
        # Telegram would fetch the URL; the stand-in takes it on trust, as a landscape picture
        name = photo.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1] or "photo.jpg"
        sizes = api._keep_photo(Upload(name, b"", "image/jpeg"), (1280, 960), url=photo)
    else:
        raise bad("wrong file identifier/HTTP URL specified")
    caption, caption_entities = caption_text(req.params, strict_entities=api.strict_entities)
    keyboard = check_reply_markup(req.get("reply_markup"))
    message = api._new_bot_message(chat, req)
    message["photo"] = sizes
    if caption:
        message["caption"] = caption
        if caption_entities:
            message["caption_entities"] = caption_entities
    if as_bool(req.get("show_caption_above_media")):
        message["show_caption_above_media"] = True
    if as_bool(req.get("has_spoiler")):
        message["has_media_spoiler"] = True
    if keyboard:
        message["reply_markup"] = keyboard
    return api._store_bot_message(chat, message)


def _uploaded_photo(api: BotApiStandIn, upload: Upload) -> list[JsonDict]:
    """Telegram's checks of an uploaded photo: an image, at most 10 MB, sides at most 10000 together, 1:20."""
    if len(upload.content) > PHOTO_MAX_BYTES:
        raise bad("PHOTO_SAVE_FILE_INVALID")
    size = image_size(upload.content)
    if size is None or min(size) < 1:
        raise bad("IMAGE_PROCESS_FAILED")
    width, height = size
    if width + height > 10000 or max(width, height) > 20 * min(width, height):
        raise bad("PHOTO_INVALID_DIMENSIONS")
    return api._keep_photo(upload, size)


@method("getFile")
def get_file(api: BotApiStandIn, req: Req) -> JsonDict:
    file_id = req.get("file_id")
    if file_id not in api.uploads:
        raise bad("invalid file_id")
    upload = api.uploads[file_id]
    path = next((p for p, fid in api._file_paths.items() if fid == file_id), None)
    if path is None:
        suffix = upload.filename.rsplit(".", 1)[-1] if "." in upload.filename else "bin"
        folder = "photos" if file_id in api._photos else "documents"
        path = f"{folder}/file_{len(api._file_paths)}.{suffix}"
        api._file_paths[path] = file_id
    return {
        "file_id": file_id,
        "file_unique_id": "AgAD" + file_id[-12:],
        "file_size": len(upload.content),
        "file_path": path,
    }

"""Answering interactions: the callback (once, within 3 s) and the interaction's webhook (for 15 minutes).

discord.py 2.7 posts the callback with ``?with_response=true`` and reads the body Discord then sends:
``{"interaction": {...}, "resource": {"type", "message"?}}``.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from tests.standins.discord.endpoints import Req, route
from tests.standins.discord.interaction import (
    APPLICATION_COMMAND,
    AUTOCOMPLETE,
    AUTOCOMPLETE_RESULT,
    DEFERRED_MESSAGE,
    DEFERRED_UPDATE,
    MESSAGE,
    MODAL,
    MODAL_SUBMIT,
    UPDATE_MESSAGE,
    InteractionHandle,
)
from tests.standins.discord.messaging import CHAT_INPUT_COMMAND, DEFAULT, EPHEMERAL, LOADING
from tests.standins.discord.records import (
    DiscordError,
    JsonDict,
    already_acknowledged,
    invalid_form,
    unknown_interaction,
    unknown_message,
    unknown_webhook,
)
from tests.standins.discord.validation import check_modal

if TYPE_CHECKING:
    from tests.standins.discord.standin import DiscordStandIn


def invalid_response_type(kind: Any) -> DiscordError:
    return invalid_form(
        {
            "type": {
                "_errors": [
                    {
                        "code": "INTERACTION_RESPONSE_TYPE_INVALID",
                        "message": f"Interaction response type {kind} is not valid for this interaction",
                    }
                ]
            }
        }
    )


def metadata(standin: DiscordStandIn, handle: InteractionHandle) -> JsonDict:
    data: JsonDict = {
        "id": str(handle.id),
        "type": handle.type,
        "user": copy.deepcopy(standin.users[handle.user_id]),
        "authorizing_integration_owners": copy.deepcopy(handle.payload.get("authorizing_integration_owners", {})),
    }
    if handle.type == APPLICATION_COMMAND:
        data["name"] = handle.payload["data"].get("name")
    if handle.source_message_id is not None:
        data["interacted_message_id"] = str(handle.source_message_id)
    return data


def message_kind(handle: InteractionHandle) -> int:
    return CHAT_INPUT_COMMAND if handle.type == APPLICATION_COMMAND else DEFAULT


@route(
    "POST",
    "/interactions/{interaction_id}/{interaction_token}/callback",
    authorized=False,
    global_limit=False,
)
def callback(standin: DiscordStandIn, req: Req) -> Any:
    handle = standin.interactions.get(req.id("interaction_id"))
    if handle is None or handle.token != req.params["interaction_token"]:
        raise unknown_interaction()
    if handle.response is not None:
        raise already_acknowledged()
    if standin._clock() - handle.created > standin.interaction_response_seconds:
        raise unknown_interaction()
    body = req.body
    kind = body.get("type")
    data = body.get("data") or {}
    from_component = handle.source_message_id is not None
    message: JsonDict | None = None
    if kind == MESSAGE:
        message = standin.create_message(
            handle.channel_id, data, req.files, kind=message_kind(handle), interaction=metadata(standin, handle)
        )
        handle.original_message_id = int(message["id"])
    elif kind == DEFERRED_MESSAGE:
        flags = LOADING | (int(data.get("flags") or 0) & EPHEMERAL)
        message = standin.create_message(
            handle.channel_id,
            {},
            kind=message_kind(handle),
            extra_flags=flags,
            interaction=metadata(standin, handle),
            validate=False,
        )
        handle.original_message_id = int(message["id"])
    elif kind == DEFERRED_UPDATE and not from_component and handle.type == MODAL_SUBMIT:
        pass  # a modal opened by a command may be acknowledged without a message to update
    elif kind in (DEFERRED_UPDATE, UPDATE_MESSAGE):
        if not from_component:
            raise invalid_response_type(kind)
        source = handle.source_message_id
        assert source is not None
        channel_id = standin.message_channel[source]
        if kind == UPDATE_MESSAGE:
            message = standin.edit_message(channel_id, source, data, req.files)
        else:
            message = copy.deepcopy(standin.find_message(channel_id, source))
        handle.original_message_id = source
    elif kind == MODAL:
        if handle.type == MODAL_SUBMIT:
            raise invalid_response_type(kind)
        check_modal(data)
        handle.modal = copy.deepcopy(data)
    elif kind == AUTOCOMPLETE_RESULT:
        if handle.type != AUTOCOMPLETE:
            raise invalid_response_type(kind)
    else:
        raise invalid_response_type(kind)
    if handle.type == AUTOCOMPLETE and kind != AUTOCOMPLETE_RESULT:
        raise invalid_response_type(kind)
    handle.response = copy.deepcopy(body)
    handle.ephemeral = bool(message is not None and message["flags"] & EPHEMERAL)
    handle._mark_answered()
    standin._changed()
    if req.query.get("with_response", "").lower() not in ("1", "true"):
        return None
    answer: JsonDict = {
        "interaction": {
            "id": str(handle.id),
            "type": handle.type,
            "response_message_loading": kind == DEFERRED_MESSAGE,
            "response_message_ephemeral": handle.ephemeral,
        },
        "resource": {"type": kind},
    }
    if message is not None:
        answer["interaction"]["response_message_id"] = message["id"]
        answer["resource"]["message"] = message
    return answer


def handle_for(standin: DiscordStandIn, req: Req) -> InteractionHandle:
    """The interaction behind a webhook token: known, answered, and younger than 15 minutes."""
    handle = standin.interactions_by_token.get(req.params["webhook_token"])
    if handle is None or req.params["webhook_id"] != str(standin.application_id):
        raise unknown_webhook()
    if standin._clock() - handle.created > standin.interaction_token_seconds:
        raise DiscordError(401, 50027, "Invalid Webhook Token")
    if handle.response is None:
        raise unknown_webhook()
    return handle


def message_of(handle: InteractionHandle, message_id: str) -> int:
    if message_id == "@original":
        if handle.original_message_id is None:
            raise unknown_message()
        return handle.original_message_id
    if not message_id.isdigit() or (
        int(message_id) not in handle.followup_ids and int(message_id) != handle.original_message_id
    ):
        raise unknown_message()
    return int(message_id)


@route("POST", "/webhooks/{webhook_id}/{webhook_token}", authorized=False)
def followup(standin: DiscordStandIn, req: Req) -> Any:
    handle = handle_for(standin, req)
    original = handle.message
    if (
        handle.response_type == DEFERRED_MESSAGE
        and original is not None
        and original["flags"] & LOADING
        and not handle.followup_ids
    ):
        # the first followup after "thinking…" fills in the deferred message
        loading = handle.original_message_id
        assert loading is not None
        message = standin.edit_message(handle.channel_id, loading, req.body, req.files)
    else:
        message = standin.create_message(
            handle.channel_id, req.body, req.files, kind=DEFAULT, interaction=metadata(standin, handle)
        )
        handle.followup_ids.append(int(message["id"]))
    if req.query.get("wait", "").lower() in ("1", "true"):
        return message
    return None


@route("GET", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}", authorized=False)
def get_interaction_message(standin: DiscordStandIn, req: Req) -> Any:
    handle = handle_for(standin, req)
    return copy.deepcopy(standin.message_by_id(message_of(handle, req.params["message_id"])))


@route("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}", authorized=False)
def edit_interaction_message(standin: DiscordStandIn, req: Req) -> Any:
    handle = handle_for(standin, req)
    message_id = message_of(handle, req.params["message_id"])
    return standin.edit_message(standin.message_channel[message_id], message_id, req.body, req.files)


@route("DELETE", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}", authorized=False)
def delete_interaction_message(standin: DiscordStandIn, req: Req) -> Any:
    handle = handle_for(standin, req)
    message_id = message_of(handle, req.params["message_id"])
    standin.delete_message(standin.message_channel[message_id], message_id)
    return None

"""Core's messages as Discord messages: embeds drawn from the view model, buttons and selects carrying core's tokens.

A message with a view (`message.view`) is drawn from it: a card as an embed with its facts as fields, a
list as an embed of numbered entries with a select that opens one, a question or a choice as an embed
with buttons (or a select when there are more than five options), a note as plain text. The tokens come
from `message.buttons`, which hold exactly the view's allowed acts in the same order, so nothing is
encoded twice and refused acts stay out. A message without a view is its lines as text (the first line
bold) with its buttons.

Every length is kept within Discord's limits as the message is made (Discord counts code points, as
Python does): long text is split over several messages, text in an embed is cut with "…", rows of
buttons beyond five go on to a message of their own. What people typed is escaped for Discord's
markdown and its mentions lose their ping; `kwargs()` allows no mention at all.

The components are drawn, never listened to. discord.py keeps a view it sends in its view store to
call its items' callbacks; ours carry core's tokens, which the adapter reads in `on_interaction` by
`custom_id`, so a button works the same after a restart, when no view store remembers it. A `Drawn`
view therefore says it is finished and has nothing to dispatch: discord.py sends its components and
never stores it, and no callback of ours ever answers an interaction.

A select's chosen value is the token (a select has one custom_id for many options): its custom_id
starts with `SELECT_PREFIX`. `pressed_token` reads either back from an interaction's data.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import discord
from discord.utils import escape_markdown, escape_mentions

from core.chat.replies import Attachment, Button, Message
from core.i18n import Text, _, translate
from core.links import param_of
from core.views.model import PAGE_SIZE, Act, Card, Choice, Listing, Note, Question, Sheet, View

#: Discord's limits, in code points
LIMITS = {
    "content": 2000, "embed_title": 256, "embed_description": 4096, "embed_fields": 25,
    "field_name": 256, "field_value": 1024, "footer": 2048, "embed_total": 6000, "rows": 5,
    "row_buttons": 5, "select_options": 25, "button_label": 80, "option_label": 100,
    "option_description": 100, "option_value": 100, "custom_id": 100, "placeholder": 150, "url": 512,
}
#: a bold first line longer than this is left plain, so no cut falls inside it
HEADING_MAX = 200
#: a fact this short (label and value) sits beside others on a card
INLINE_MAX = 40
ELLIPSIS = "…"
#: custom_ids of this adapter's own components start with this; everything else is a core token
PREFIX = "dreambank:"
#: a select whose chosen value is a core token
SELECT_PREFIX = PREFIX + "choose:"
#: modals of a form's pages, and the buttons that open them: "dreambank:form:<instance or form>:<page>"
FORM_PREFIX = PREFIX + "form:"
#: a link button Discord cannot open (nothing opens a bot at a start parameter there): pressed, it is the
#: person writing `/start <parameter>`, "dreambank:start:p12"
START_PREFIX = PREFIX + "start:"
#: the longest start parameter a button carries (Telegram's limit; the custom_id stays well under 100)
START_MAX = 64

#: the side colour of a card's embed, by what the card is about
COLOURS = {
    "dream": 0x5865F2, "project": 0x57F287, "archive": 0x99AAB5, "event": 0xE67E22, "call": 0x1ABC9C,
    "application": 0x9B59B6, "review": 0xF1C40F, "newsletter": 0x3498DB,
}
DEFAULT_COLOUR = 0x5865F2


class LinkSource(Protocol):
    """Where a chat start parameter ("d12") leads on this deployment (core.links.Links has this): `url` opens the
    bot, `page` is the portal's page when the deployment has a public address."""

    def url(self, param: str) -> str | None: ...

    def page(self, param: str) -> str | None: ...


def page_url(links: LinkSource | None, param: str) -> str | None:
    """The portal's page for a start parameter, that an embed's title links to; None without one (or too long)."""
    url = links.page(param) if links is not None and param else None
    return url if url and len(url) <= LIMITS["url"] else None


def escape(text: str) -> str:
    """What a person typed, made inert: no markdown, and no mention that pings."""
    return escape_mentions(escape_markdown(text))


def text(value: Text | str, language: str) -> str:
    return translate(value, language, escape)


class Drawn(discord.ui.View):
    """Components only drawn: discord.py never stores this view, so presses reach `on_interaction` alone."""

    def __init__(self) -> None:
        super().__init__(timeout=None)

    def is_finished(self) -> bool:
        return True

    def is_dispatchable(self) -> bool:
        return False


@dataclass(frozen=True)
class Outgoing:
    """One Discord message: text, embeds, components and a file, each within Discord's limits."""

    content: str = ""
    embeds: tuple[discord.Embed, ...] = ()
    view: discord.ui.View | None = None
    file: Attachment | None = None

    def kwargs(self, *, edit: bool = False) -> dict[str, Any]:
        """For Messageable.send and interaction.response.send_message, or (edit=True) for editing a message.

        An edit replaces everything: text, embeds, components (none when there are none) and files.
        """
        out: dict[str, Any] = {"content": self.content or None, "embeds": list(self.embeds),
                               "allowed_mentions": discord.AllowedMentions.none()}
        if self.view is not None or edit:
            out["view"] = self.view
        if edit:
            out["attachments"] = [discord_file(self.file)] if self.file is not None else []
        elif self.file is not None:
            out["file"] = discord_file(self.file)
        return out

    def components(self) -> list[dict[str, Any]]:
        """The JSON of the message's components, as discord.py sends them."""
        return self.view.to_components() if self.view is not None else []


def discord_file(attachment: Attachment) -> discord.File:
    """A file to upload, made fresh for each send (discord.py reads it once)."""
    return discord.File(io.BytesIO(attachment.data), filename=attachment.filename)


def render(message: Message, language: str, *, links: LinkSource | None = None) -> list[Outgoing]:
    """The messages to send for core's message, in order (the components on the last).

    `links` turns a link button's start parameter into an address; without one (or where it gives none)
    the button is pressed instead, as the person writing `/start <parameter>` (`START_PREFIX`). A card's
    title links to its page on the portal when `links` has one (a dream, a project, an event). A share
    button is left out there (a Discord message is shared by its own "Copy Message Link"), as are invite
    buttons: Discord opens chats by roles, not join requests.
    """
    view = message.view
    rows: list[list[discord.ui.Item[Any]]] | None = None
    embed: discord.Embed | None = None
    if view is not None and message.digest is None and not isinstance(view, (Note, Sheet)):
        embed, rows = _drawn(view, message, language, links)
        if not (embed.title or embed.description or embed.fields):
            embed = None  # nothing to show in it: the lines say it, as text
    if rows is None:
        rows = _button_rows(message.buttons, language, links)
    form = _form_button(view, language)
    if form is not None:
        rows.insert(0, [form])
    image = _image_url(message.image) or (_image_url(view.image) if isinstance(view, Card) else None)
    if embed is not None:
        if image:
            embed.set_image(url=image)
        out = [Outgoing("", (embed,))]
    else:
        parts = split(_content(message.lines, language), LIMITS["content"])
        out = [Outgoing(p) for p in parts] or [Outgoing("" if image or any(rows) or message.attachment else ELLIPSIS)]
        if image:
            out[-1] = Outgoing(out[-1].content, (discord.Embed().set_image(url=image),))
    return _with_components(out, rows, message.attachment)


def _content(lines: Sequence[Text | str], language: str) -> str:
    shown = [text(line, language) for line in lines]
    if shown and 0 < len(shown[0]) <= HEADING_MAX and "\n" not in shown[0]:
        shown[0] = f"**{shown[0]}**"
    return "\n".join(shown)


def _with_components(out: list[Outgoing], rows: list[list[discord.ui.Item[Any]]],
                     attachment: Attachment | None) -> list[Outgoing]:
    """Rows of components onto the last message, five rows a message; the file on the last one."""
    rows = [row for row in rows if row]
    chunks = [rows[i:i + LIMITS["rows"]] for i in range(0, len(rows), LIMITS["rows"])]
    if chunks:
        out[-1] = Outgoing(out[-1].content, out[-1].embeds, _view_of(chunks[0]))
        out += [Outgoing("", (), _view_of(chunk)) for chunk in chunks[1:]]
    if attachment is not None:
        out[-1] = Outgoing(out[-1].content, out[-1].embeds, out[-1].view, attachment)
    return out


def _view_of(rows: list[list[discord.ui.Item[Any]]]) -> Drawn:
    drawn = Drawn()
    for number, row in enumerate(rows):
        for item in row:
            item.row = number
            drawn.add_item(item)
    return drawn


# -- components ---------------------------------------------------------------------------------------


def _button_rows(buttons: tuple[tuple[Button, ...], ...], language: str,
                 links: LinkSource | None) -> list[list[discord.ui.Item[Any]]]:
    rows: list[list[discord.ui.Item[Any]]] = []
    for row in buttons:
        drawn = [b for b in (button_of(b, language, links) for b in row) if b is not None]
        rows += [list(drawn[i:i + LIMITS["row_buttons"]]) for i in range(0, len(drawn), LIMITS["row_buttons"])]
    return rows


def button_of(button: Button, language: str, links: LinkSource | None = None,
              style: discord.ButtonStyle = discord.ButtonStyle.secondary) -> discord.ui.Button[Any] | None:
    """A core button as a Discord one: its token as custom_id, or a link (a start button where no address
    opens it); None when Discord has no such thing."""
    label = cut(translate(button.label, language), LIMITS["button_label"])
    if button.invite:
        return None
    if button.link or button.share:
        url = links.url(button.link) if links is not None and button.link else None
        if url and len(url) <= LIMITS["url"]:
            return discord.ui.Button(style=discord.ButtonStyle.link, label=label, url=url)
        custom_id = start_id(button.link)
        if button.share or custom_id is None:
            return None
        return discord.ui.Button(style=style, label=label, custom_id=custom_id)
    if not button.token or len(button.token) > LIMITS["custom_id"]:
        return None
    return discord.ui.Button(style=style, label=label, custom_id=button.token)


def start_id(param: str) -> str | None:
    """The custom_id of a button that writes `/start <param>`; None for a parameter no button may carry."""
    if not param or len(param.encode()) > START_MAX or not param.isprintable() or any(c.isspace() for c in param):
        return None
    custom_id = START_PREFIX + param
    return custom_id if len(custom_id) <= LIMITS["custom_id"] else None


def start_param(custom_id: str) -> str | None:
    """The start parameter a pressed start button carries, read as anyone may type it; None when it is not one
    (or not one a button of ours could carry)."""
    if not custom_id.startswith(START_PREFIX):
        return None
    param = custom_id[len(START_PREFIX):]
    return param if start_id(param) == custom_id else None


def _select(options: list[tuple[Button, str, str | None, bool]], placeholder: str,
            number: int) -> list[list[discord.ui.Item[Any]]]:
    """Options (button, label, description, picked) as selects of at most 25, one a row."""
    rows: list[list[discord.ui.Item[Any]]] = []
    size = LIMITS["select_options"]
    for start in range(0, len(options), size):
        chunk = options[start:start + size]
        select: discord.ui.Select[Any] = discord.ui.Select(
            custom_id=f"{SELECT_PREFIX}{number + len(rows)}", placeholder=cut(placeholder, LIMITS["placeholder"]),
            min_values=1, max_values=1,
            options=[discord.SelectOption(label=cut(label, LIMITS["option_label"]), value=b.token,
                                          description=cut(detail, LIMITS["option_description"]) if detail else None,
                                          default=False, emoji="✅" if picked else None)
                     for b, label, detail, picked in chunk])
        rows.append([select])
    return rows


# -- views ----------------------------------------------------------------------------------------------


def _drawn(view: View, message: Message, language: str,
           links: LinkSource | None) -> tuple[discord.Embed, list[list[discord.ui.Item[Any]]] | None]:
    """The view's embed, and its components with the message's tokens (None when they do not match the view)."""
    buttons = [b for row in message.buttons for b in row]
    if isinstance(view, Card):
        return _card(view, language, links), _acts_rows(view.actions, buttons, language, links)
    if isinstance(view, Listing):
        return _listing(view, language), _listing_rows(view, buttons, language, links)
    if isinstance(view, Choice):
        embed = _embed([view.prompt], language)
        return embed, _options_rows(view.options, (), buttons, language, links, kind="", chosen=view.chosen)
    if isinstance(view, Question):
        embed = _embed(list(view.lines), language)
        return embed, _options_rows(view.options, view.actions, buttons, language, links, kind=view.kind)
    return _embed(list(message.lines), language), None  # a view this module does not know: its lines


def _embed(lines: list[Text | str], language: str, colour: int = DEFAULT_COLOUR) -> discord.Embed:
    """The first line as the title when it fits, the rest as the description."""
    shown = [text(line, language) for line in lines]
    title = ""
    if shown and 0 < len(shown[0]) <= LIMITS["embed_title"] and "\n" not in shown[0]:
        title, shown = shown[0], shown[1:]
    return fitted(title, "\n".join(shown), [], "", colour)


def _card(card: Card, language: str, links: LinkSource | None = None) -> discord.Embed:
    facts = []
    for fact in card.fields:
        name, value = text(fact.label, language), text(fact.value, language)
        facts.append((name, value, len(name) <= INLINE_MAX and len(value) <= INLINE_MAX))
    footer = "" if card.state is None else translate(_("State: {state}", state=card.state), language)
    body = "\n".join(text(line, language) for line in card.body)
    embed = fitted(text(card.title, language), body, facts, footer, COLOURS.get(card.kind, DEFAULT_COLOUR))
    embed.url = page_url(links, param_of(card.kind, card.id)) if embed.title else None
    return embed


def _listing(listing: Listing, language: str) -> discord.Embed:
    lines = [text(line, language) for line in listing.intro]
    start = (listing.page - 1) * PAGE_SIZE
    for number, entry in enumerate(listing.entries, start + 1):
        title = text(entry.title, language)
        line = f"**{number}.** {title}"
        if entry.detail is not None:
            line += f" — {text(entry.detail, language)}"
        lines.append(line)
    if not listing.entries:
        lines.append(text(listing.empty, language))
    footer = "" if listing.pages <= 1 else translate(
        _("Page {page} of {pages}", page=listing.page, pages=listing.pages), language)
    return fitted(text(listing.title, language), "\n".join(lines), [], footer, DEFAULT_COLOUR)


def _take(acts: Sequence[Act | None], buttons: list[Button]) -> list[tuple[Act, Button]] | None:
    """The allowed acts paired with the next buttons (their tokens); None when the buttons run out."""
    pairs = []
    for act in acts:
        if act is None or not act.allowed:
            continue
        if not buttons:
            return None
        pairs.append((act, buttons.pop(0)))
    return pairs


def _acts_rows(actions: tuple[tuple[Act, ...], ...], buttons: list[Button], language: str,
               links: LinkSource | None) -> list[list[discord.ui.Item[Any]]] | None:
    rows: list[list[discord.ui.Item[Any]]] = []
    for row in actions:
        pairs = _take(row, buttons)
        if pairs is None:
            return None
        drawn = [d for d in (button_of(b, language, links, _style(a)) for a, b in pairs) if d is not None]
        rows += [drawn[i:i + LIMITS["row_buttons"]] for i in range(0, len(drawn), LIMITS["row_buttons"])]
    return rows if not buttons else None


def _listing_rows(listing: Listing, buttons: list[Button], language: str,
                  links: LinkSource | None) -> list[list[discord.ui.Item[Any]]] | None:
    opened = [e for e in listing.entries if e.open is not None and e.open.allowed]
    entries = _take([e.open for e in opened], buttons)
    turns = _take([listing.previous, listing.next], buttons)
    if entries is None or turns is None:
        return None
    start = (listing.page - 1) * PAGE_SIZE
    numbers = {id(e): n for n, e in enumerate(listing.entries, start + 1)}
    options = [(b, f"{numbers[id(e)]}. {translate(e.title, language)}",
                None if e.detail is None else translate(e.detail, language), False)
               for e, (_act, b) in zip(opened, entries)]
    rows = _select(options, translate(_("Open…"), language), 0) if options else []
    turn_row = [d for d in (button_of(b, language, links) for _act, b in turns) if d is not None]
    rows.append(turn_row)
    actions = _acts_rows(listing.actions, buttons, language, links)
    return None if actions is None else rows + actions


def _options_rows(options: tuple[Act, ...], actions: tuple[tuple[Act, ...], ...], buttons: list[Button],
                  language: str, links: LinkSource | None, kind: str,
                  chosen: frozenset[str] = frozenset()) -> list[list[discord.ui.Item[Any]]] | None:
    """A question's options: a row of buttons (yes/no and up to five), else a select; then its actions."""
    pairs = _take(options, buttons)
    if pairs is None:
        return None
    rows: list[list[discord.ui.Item[Any]]]
    if kind == "yes_no" or len(pairs) <= LIMITS["row_buttons"]:
        drawn = [d for d in (button_of(b, language, links, _option_style(a, kind, chosen)) for a, b in pairs)
                 if d is not None]
        rows = [drawn]
    else:
        rows = _select([(b, translate(b.label, language), None, a.pressed or bool(a.args and a.args[-1] in chosen))
                        for a, b in pairs], translate(_("Choose…"), language), 0)
    more = _acts_rows(actions, buttons, language, links)
    return None if more is None else rows + more


def _style(act: Act) -> discord.ButtonStyle:
    return discord.ButtonStyle.success if act.pressed else discord.ButtonStyle.secondary


def _option_style(act: Act, kind: str, chosen: frozenset[str]) -> discord.ButtonStyle:
    if act.pressed or (act.args and act.args[-1] in chosen):
        return discord.ButtonStyle.success
    return discord.ButtonStyle.primary if kind == "yes_no" else discord.ButtonStyle.secondary


def _form_button(view: View | None, language: str) -> discord.ui.Button[Any] | None:
    """A whole form goes on in a modal a press opens: on the page it names, or where answers were refused."""
    sheet = sheet_of(view)
    if sheet is None:
        return None
    if sheet.refusals:
        label = _("Correct the answers")
    elif sheet.page > 1:
        label = _("Continue")
    else:
        label = _("Fill in the form")
    return discord.ui.Button(style=discord.ButtonStyle.primary, label=cut(translate(label, language),
                             LIMITS["button_label"]), custom_id=form_id(sheet, sheet.page))


def sheet_of(message: Message | View | None) -> Sheet | None:
    """The whole form behind a message (or a view): the Sheet itself, or the one a question belongs to."""
    view = message.view if isinstance(message, Message) else message
    if isinstance(view, Sheet):
        return view
    if isinstance(view, Question):
        return view.sheet
    return None


def form_id(sheet: Sheet, page: int) -> str:
    """The custom_id of the modal for a page of the form, and of the button that opens it."""
    return f"{FORM_PREFIX}{sheet.instance or sheet.form}:{page}"


def _image_url(image: dict[str, Any] | None) -> str | None:
    """Discord shows a picture by its address; a file id of another platform is left out."""
    url = (image or {}).get("url")
    return url if isinstance(url, str) and url.startswith(("https://", "http://")) and \
        len(url) <= LIMITS["url"] else None


# -- lengths --------------------------------------------------------------------------------------------


def cut(value: str, limit: int) -> str:
    """At most `limit` code points, ending with "…" when cut (never inside an escape)."""
    if len(value) <= limit:
        return value
    head = value[:max(0, limit - 1)]
    trailing = len(head) - len(head.rstrip("\\"))
    if trailing % 2:  # a lone backslash would escape the ellipsis
        head = head[:-1]
    return head.rstrip() + ELLIPSIS


def fitted(title: str, description: str, facts: list[tuple[str, str, bool]], footer: str,
           colour: int) -> discord.Embed:
    """An embed whose every part, and their sum, is within Discord's limits: the description gives way first."""
    title = cut(title, LIMITS["embed_title"])
    footer = cut(footer, LIMITS["footer"])
    fields = [(cut(n, LIMITS["field_name"]) or "\u200b", cut(v, LIMITS["field_value"]) or "\u200b", inline)
              for n, v, inline in facts[:LIMITS["embed_fields"]]]
    used = len(title) + len(footer)
    kept = []
    for name, value, inline in fields:
        if used + len(name) + len(value) > LIMITS["embed_total"] - 1:
            break
        used += len(name) + len(value)
        kept.append((name, value, inline))
    description = cut(description, min(LIMITS["embed_description"], LIMITS["embed_total"] - used))
    embed = discord.Embed(title=title or None, description=description or None, colour=colour)
    for name, value, inline in kept:
        embed.add_field(name=name, value=value, inline=inline)
    if footer:
        embed.set_footer(text=footer)
    return embed


def split(value: str, limit: int) -> list[str]:
    """Text in parts of at most `limit` code points, cut at line ends, then spaces (never inside an escape)."""
    parts: list[str] = []
    while len(value) > limit:
        at = value.rfind("\n", 0, limit)
        if at < limit // 2:
            at = value.rfind(" ", 0, limit)
        if at < limit // 2:
            at = limit
            if (at - len(value[:at].rstrip("\\"))) % 2:  # a lone backslash stays with what it escapes
                at -= 1
        parts.append(value[:at])
        value = value[at:].lstrip("\n ")
    if value:
        parts.append(value)
    return parts




def pressed_token(data: dict[str, Any]) -> str | None:
    """The core token a MESSAGE_COMPONENT interaction carries: a button's custom_id, or a select's chosen value.

    None for this adapter's own components (a form's "continue" button): they are read elsewhere.
    """
    custom_id = str(data.get("custom_id") or "")
    if custom_id.startswith(SELECT_PREFIX):
        values = data.get("values") or []
        return str(values[0]) if values else None
    if not custom_id or custom_id.startswith(PREFIX):
        return None
    return custom_id

"""Core's chat commands as Discord slash commands: grouped, with options, and named in every catalog language.

`/dream deposit` is core's `/deposit`, `/dream show number:12` its `/dream 12`: each slash command says
which core command it is and how its options become that command's arguments (`command_text`), so core
reads a slash command exactly as typed text and every rule stays in core. `app_commands_for` makes
the JSON Discord registers (PUT /applications/{id}/commands): names and descriptions in English, with
Discord's localizations from the catalogs. A localized name is used only where the catalog's one is valid
for Discord (lower case, letters, digits, "-" and "_", at most 32); otherwise the English name stays.

Command names are translated as their path with a slash ("/dream deposit"), the last word being the
name; core's `/start` is left out (Discord opens no bot by a link with a start parameter).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import discord

from core.i18n import DEFAULT_LANGUAGE, LANGUAGES, Text, _, translate
from core.views.roles import ROLE_LABELS

#: Discord's option types
SUB_COMMAND, STRING, INTEGER = 1, 3, 4
#: Discord's command type for slash commands, and where they may be used: servers, DMs with the bot
CHAT_INPUT = 1
GUILD, BOT_DM = 0, 1
NAME_MAX, DESCRIPTION_MAX, CHOICE_NAME_MAX, STRING_MAX = 32, 100, 100, 100
#: core commands Discord has no use for
NOT_ON_DISCORD = frozenset({"start"})
#: catalog languages whose Discord locale differs from their code (the default language is Discord's base)
DISCORD_LOCALES = {"nb": "no", "sv": "sv-SE", "es": "es-ES", "pt": "pt-BR", "zh": "zh-CN"}


@dataclass(frozen=True)
class Choice:
    """A fixed value an option offers: what core reads, and what a person sees."""

    value: str
    name: Text


@dataclass(frozen=True)
class Option:
    """An option of a slash command: its Discord name and type, and its place in core's arguments."""

    name: str
    kind: int
    description: Text
    required: bool = False
    choices: tuple[Choice, ...] = ()


@dataclass(frozen=True)
class Slash:
    """A slash command (`path` is "bank" or "dream deposit") and the core command it types."""

    path: str
    command: str
    description: Text
    #: the localizable name: the path with a slash, translated as a whole
    title: Text
    options: tuple[Option, ...] = ()


NUMBER = {"dream": _("the dream's number"), "project": _("the project's number"), "event": _("the event's number")}


def _number(of: str) -> Option:
    return Option("number", INTEGER, NUMBER[of], required=True)


#: a member by number and a role, for granting and revoking
MEMBER = Option("member", INTEGER, _("the member's number (/whoami shows it)"), required=True)
ROLE = Option("role", STRING, _("the role"), required=True,
              choices=tuple(Choice(role.value, label) for role, label in ROLE_LABELS.items()))

#: a list's page, for the lists that have pages (the first when left out)
PAGE = Option("page", INTEGER, _("which page of the list to show"))


#: Discord's slash commands, each typing a core command
COMMAND_GROUPS: dict[str, Slash] = {s.path: s for s in (
    Slash("dream deposit", "deposit", _("deposit a dream"), _("/dream deposit")),
    Slash("dream mine", "mydreams", _("your dreams and where they stand"), _("/dream mine")),
    Slash("dream show", "dream", _("open a dream by its number"), _("/dream show"), (_number("dream"),)),
    Slash("dream audit", "audit", _("the board's decisions about a dream"), _("/dream audit"), (_number("dream"),)),
    Slash("dream needs", "needs", _("what a dream needs, and what is pledged"), _("/dream needs"),
          (_number("dream"),)),
    Slash("dream pledges", "mypledges", _("your offers of help: change or withdraw them"), _("/dream pledges")),
    Slash("bank", "bank", _("dreams in the bank"), _("/bank"), (PAGE,)),
    Slash("review", "review", _("dreams waiting for the board"), _("/review")),
    Slash("projects", "projects", _("projects in the factory"), _("/projects"), (PAGE,)),
    Slash("project", "project", _("open a project by its number"), _("/project"), (_number("project"),)),
    Slash("plan", "plan", _("a project's plan: who does what, money and tasks"), _("/plan"),
          (_number("project"),)),
    Slash("tasks", "tasks", _("a project's tasks and how far they got"), _("/tasks"), (_number("project"),)),
    Slash("archive", "archive", _("finished projects"), _("/archive"), (PAGE,)),
    Slash("events", "events", _("gatherings and meetings coming up"), _("/events"), (PAGE,)),
    Slash("event", "event", _("open an event by its number"), _("/event"), (_number("event"),)),
    Slash("newevent", "newevent", _("invite to an event"), _("/newevent")),
    Slash("calls", "calls", _("calls for a hand that are open"), _("/calls")),
    Slash("call", "call", _("ask pådrivere for a hand"), _("/call")),
    Slash("funds", "funds", _("funds you can apply to, and their deadlines"), _("/funds"), (PAGE,)),
    Slash("newfund", "newfund", _("register a fund, its themes and its deadline"), _("/newfund")),
    Slash("topics", "topics", _("topics neighbours are talking over"), _("/topics"), (PAGE,)),
    Slash("topic", "topic", _("open a topic: a question or a current issue"), _("/topic")),
    Slash("reports", "reports", _("reported comments, to hide or keep"), _("/reports")),
    Slash("newsletter", "newsletter", _("write a newsletter"), _("/newsletter")),
    Slash("newsletters", "newsletters", _("newsletters and how far they got"), _("/newsletters")),
    Slash("padriver", "padriver", _("become a pådriver"), _("/padriver")),
    Slash("padrivere", "padrivere", _("the pådriver page"), _("/padrivere")),
    Slash("applications", "applications", _("pådriver applications waiting"), _("/applications")),
    Slash("competences", "competences", _("the list pådrivere choose from"), _("/competences"), (
        Option("change", STRING, _("add to the list or remove from it"),
               choices=(Choice("add", _("add")), Choice("remove", _("remove")))),
        Option("name", STRING, _("the competence to add or remove")))),
    Slash("settings", "settings", _("the digest, and what comes by email"), _("/settings")),
    Slash("language", "language", _("choose your language"), _("/language")),
    Slash("email", "email", _("add or change your email address"), _("/email"), (
        Option("address", STRING, _("your email address, the code mailed to you, or “off”")),)),
    Slash("connect", "connect", _("use this account together with your account on another platform"),
          _("/connect"), (Option("code", STRING, _("the code shown on the other platform")),)),
    Slash("web", "web", _("a link that signs you in to the web pages"), _("/web")),
    Slash("link", "link", _("make this channel the branch's board, bank or circle"), _("/link"), (
        Option("purpose", STRING, _("what the branch uses this channel for"), required=True,
               choices=(Choice("board", _("the board")), Choice("bank", _("the bank")),
                        Choice("circle", _("the pådrivere's circle")))),)),
    Slash("branch", "branch", _("your home branch, or move to another"), _("/branch")),
    Slash("admin", "admin", _("the branch's settings"), _("/admin")),
    Slash("roles", "roles", _("who holds which role in the branch"), _("/roles")),
    Slash("grant", "grant", _("give a member a role in the branch"), _("/grant"), (MEMBER, ROLE)),
    Slash("revoke", "revoke", _("take a role from a member"), _("/revoke"), (MEMBER, ROLE)),
    Slash("newbranch", "newbranch", _("open a new branch"), _("/newbranch"), (
        Option("slug", STRING, _("its short name, as in links: lower-case letters, digits, hyphens"), required=True),
        Option("name", STRING, _("its name"), required=True),
        Option("language", STRING, _("the language it speaks: a code like en or nb")),
        Option("timezone", STRING, _("its time zone, like Europe/Oslo")))),
    Slash("whoami", "whoami", _("what the bank knows about you"), _("/whoami")),
    Slash("mydata", "mydata", _("what the bank keeps about you, and all of it as a file"), _("/mydata")),
    Slash("erase", "erase", _("erase everything the bank keeps about you"), _("/erase")),
    Slash("ask", "ask", _("ask the municipality"), _("/ask"), (
        Option("question", STRING, _("your question; leave it out to write it next")),)),
    Slash("inquiries", "inquiries", _("your inquiries and their answers"), _("/inquiries")),
    Slash("expertise", "expertise", _("the topics you answer as a consultant"), _("/expertise"), (
        Option("topics", STRING, _("keywords separated by commas")),)),
    Slash("help", "help", _("what you can do"), _("/help")),
    Slash("cancel", "cancel", _("leave what you are filling in"), _("/cancel")),
)}
#: the groups' own names and descriptions ("/dream …")
GROUPS: dict[str, tuple[Text, Text]] = {"dream": (_("/dream"), _("your dreams, and any dream by its number"))}


def command_text(path: str, options: Mapping[str, Any] | None = None) -> str:
    """The text core reads for a slash command: "dream show" with {"number": 12} is "/dream 12".

    Options are the command's arguments in the order the command lists them; an unknown path is typed
    as it is named, so core answers that it does not know it.
    """
    options = options or {}
    slash = COMMAND_GROUPS.get(" ".join(path.lstrip("/").split()))
    if slash is None:
        return "/" + "".join(path.lstrip("/").split()[:1])
    args = [" ".join(str(options[o.name]).split()) for o in slash.options if options.get(o.name) not in (None, "")]
    return " ".join(["/" + slash.command, *args])


def command_of(data: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    """An APPLICATION_COMMAND interaction's data as (path, options): ("dream show", {"number": 12})."""
    path, options = [str(data.get("name", ""))], list(data.get("options") or [])
    while len(options) == 1 and options[0].get("type") == SUB_COMMAND:
        path.append(str(options[0].get("name", "")))
        options = list(options[0].get("options") or [])
    return " ".join(path), {str(o.get("name")): o.get("value") for o in options if "value" in o}


def discord_locale(language: str) -> str | None:
    """The Discord locale for a catalog language; None for the default language, or one Discord lacks."""
    if language == DEFAULT_LANGUAGE:
        return None
    locale = DISCORD_LOCALES.get(language, language)
    return locale if locale in {loc.value for loc in discord.Locale} else None


def valid_name(name: str) -> bool:
    """Discord's rule for a command's or option's name: 1–32 letters, digits, "-" or "_", in lower case."""
    return 0 < len(name) <= NAME_MAX and all(c.isalnum() or c in "-_" for c in name) and name == name.lower()


def localized_name(title: Text, default: str, language: str) -> str | None:
    """The localized name: the last word of the translated path, when the catalog gives a valid one."""
    words = translate(title, language).lstrip("/").split()
    name = words[-1].lower() if words else ""
    return name if valid_name(name) and name != default else None


def _description(text: Text, language: str) -> str:
    return " ".join(translate(text, language).split())[:DESCRIPTION_MAX] or "…"


def _localized(make: Any, languages: Iterable[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for language in languages:
        locale = discord_locale(language)
        value = make(language) if locale else None
        if locale and value:
            out[locale] = value
    return out


def _texts(default: str, title: Text | None, description: Text, languages: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {"name": default, "description": _description(description, DEFAULT_LANGUAGE)}
    names = _localized(lambda lang: localized_name(title, default, lang), languages) if title is not None else {}
    if names:
        out["name_localizations"] = names
    descriptions = _localized(lambda lang: _description(description, lang), languages)
    descriptions = {k: v for k, v in descriptions.items() if v != out["description"]}
    if descriptions:
        out["description_localizations"] = descriptions
    return out


def _option(option: Option, languages: list[str]) -> dict[str, Any]:
    out = {"type": option.kind, **_texts(option.name, None, option.description, languages),
           "required": option.required}
    if option.kind == INTEGER:
        out["min_value"] = 1
    if option.kind == STRING and not option.choices:
        out["max_length"] = STRING_MAX
    if option.choices:
        out["choices"] = [_choice(c, languages) for c in option.choices]
    return out


def _choice(choice: Choice, languages: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {"name": translate(choice.name, DEFAULT_LANGUAGE)[:CHOICE_NAME_MAX], "value": choice.value}
    names = _localized(lambda lang: translate(choice.name, lang)[:CHOICE_NAME_MAX] or None, languages)
    names = {k: v for k, v in names.items() if v != out["name"]}
    if names:
        out["name_localizations"] = names
    return out


def app_commands_for(languages: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """The JSON list for PUT /applications/{id}/commands: every slash command, localized in `languages`
    (every catalog language when not given), usable in servers and in DMs with the bot."""
    chosen = list(LANGUAGES if languages is None else languages)
    top: dict[str, dict[str, Any]] = {}
    for slash in COMMAND_GROUPS.values():
        words = slash.path.split()
        if len(words) == 1:
            top[words[0]] = {**_texts(words[0], slash.title, slash.description, chosen),
                             "options": [_option(o, chosen) for o in slash.options]}
            continue
        group, sub = words
        if group not in top:
            title, description = GROUPS[group]
            top[group] = {**_texts(group, title, description, chosen), "options": []}
        top[group]["options"].append({"type": SUB_COMMAND, **_texts(sub, slash.title, slash.description, chosen),
                                      "options": [_option(o, chosen) for o in slash.options]})
    return [{"type": CHAT_INPUT, **command, "contexts": [GUILD, BOT_DM], "integration_types": [0],
             "dm_permission": True} for command in top.values()]

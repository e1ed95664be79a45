"""What channels hand the engine and what they get back: plain data, no platform types."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from knowledge import LANGS


def our_language(code: str | None) -> str | None:
    """A messenger's language code ('ru-RU', 'uz') as one of our languages, or None."""
    short = (code or "").split("-")[0].lower()
    return short if short in LANGS else None


def ascii_number(text: str, max_digits: int = 6) -> int | None:
    """A number typed or sent as ASCII digits only ('²', '①', '٣' are not numbers here),
    and short: int() of thousands of digits is slow, and Python refuses it past 4,300."""
    if 0 < len(text) <= max_digits and text.isascii() and text.isdigit():
        return int(text)
    return None


class EventKind(StrEnum):
    TEXT = "text"
    CHOICE = "choice"
    COMMAND = "command"
    DOCUMENT = "document"


@dataclass(frozen=True, slots=True)
class UserRef:
    channel: str  # "console", "telegram", "whatsapp"
    platform_id: str
    # Her second id on the same channel, when the messenger gave one: a WhatsApp phone
    # number beside her business-scoped user ID. Not part of who she is (equality).
    alias: str | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file the user sent (admins upload knowledge files this way)."""

    filename: str
    data: bytes = field(repr=False)
    # The size the messenger declared, for a file too large to fetch (data is then empty).
    declared_size: int = 0


@dataclass(frozen=True, slots=True)
class Event:
    user: UserRef
    kind: EventKind
    value: str  # the text, the choice id, or the command name without '/'
    platform_lang: str | None = None  # the messenger's language code, if it gave one
    argument: str = ""  # text after a command ("/start payload")
    attachment: Attachment | None = None

    @classmethod
    def text(cls, user: UserRef, text: str, platform_lang: str | None = None) -> Event:
        return cls(user, EventKind.TEXT, text, platform_lang)

    @classmethod
    def choice(cls, user: UserRef, choice_id: str, platform_lang: str | None = None) -> Event:
        return cls(user, EventKind.CHOICE, choice_id, platform_lang)

    @classmethod
    def command(
        cls, user: UserRef, name: str, platform_lang: str | None = None, argument: str = ""
    ) -> Event:
        return cls(user, EventKind.COMMAND, name.lower(), platform_lang, argument)

    @classmethod
    def document(
        cls, user: UserRef, attachment: Attachment, platform_lang: str | None = None
    ) -> Event:
        return cls(user, EventKind.DOCUMENT, attachment.filename, platform_lang, "", attachment)

    @classmethod
    def parse_text(cls, user: UserRef, text: str, platform_lang: str | None = None) -> Event:
        """Typed text that starts with '/' is a command ('/start@bot payload' too)."""
        stripped = text.strip()
        if stripped.startswith("/") and len(stripped) > 1:
            head, _, argument = stripped[1:].partition(" ")
            name = head.split("@", 1)[0]
            if name.isascii() and name.replace("_", "").isalnum():
                return cls.command(user, name, platform_lang, argument.strip())
        return cls.text(user, text, platform_lang)


@dataclass(frozen=True, slots=True)
class Choice:
    id: str  # stable, short (fits Telegram's 64-byte callback data with a version prefix)
    title: str


@dataclass(frozen=True, slots=True)
class Reply:
    text: str
    choices: tuple[Choice, ...] = ()
    # An image the channel sends with the text (stats chart); bytes of a PNG.
    image: bytes | None = field(default=None, repr=False)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one event produced: replies, and the knowledge version the choices belong to."""

    replies: list[Reply]
    knowledge_version: int = 0
    # The first reply replaces the message whose button was tapped (paging through steps),
    # where the channel can edit messages.
    edit_in_place: bool = False
    failed: bool = False  # the turn failed and the replies are an apology
    # The database could not be reached: nothing was stored, the update may be tried again.
    outage: bool = False

"""The engine on the in-memory store: dialogue tests that need no database."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.i18n import Translator
from bot.memory_store import MemoryStore
from handlers.context import Library
from handlers.engine import Engine
from handlers.events import UserRef
from knowledge.loader import load_knowledge

_shipped: list[Library] = []


def shipped_library() -> Library:
    """The bundled knowledge, loaded once per test process."""
    if not _shipped:
        _shipped.append(Library.build(load_knowledge()))
    return _shipped[0]


@dataclass
class ShippedKnowledge:
    library: Library = field(default_factory=shipped_library)

    async def current(self) -> Library:
        return self.library


@dataclass
class MemoryApp:
    """What dialogue tests use of the App: the engine, the translator, the knowledge, and
    the store's state of a conversation."""

    translator: Translator
    store: MemoryStore = field(default_factory=MemoryStore)
    knowledge: ShippedKnowledge = field(default_factory=ShippedKnowledge)
    engine: Engine = field(init=False)

    def __post_init__(self) -> None:
        self.engine = Engine(self.store, self.knowledge, self.translator, languages=self.store)

    def state_of(self, user: str, channel: str = "console") -> dict:
        return self.store.state_of(UserRef(channel, user))

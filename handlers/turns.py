"""What one turn returns: the replies, the effects to record, and how to show the step."""

from __future__ import annotations

from dataclasses import dataclass, field

from handlers.effects import Effect
from handlers.events import Reply


@dataclass
class Turn:
    replies: list[Reply] = field(default_factory=list)
    effects: list[Effect] = field(default_factory=list)
    edit_in_place: bool = False
    # The reply acknowledges a tap without moving on: the step is not shown again.
    quiet: bool = False
    # Back at a long step after a short detour: show only its last message (its buttons).
    brief: bool = False
    # The step's buttons ride on the reply already given (a short thank-you), without the
    # step's text shown again.
    attach: bool = False
    # Choices a handler offered in its own reply, valid next turn beside the step's.
    also_offered: list[str] = field(default_factory=list)

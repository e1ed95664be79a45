"""Who wrote a WhatsApp message, and how to write back: the phone number, the business-scoped
user ID (BSUID), or both.

Meta adds a BSUID to every messages webhook since April 2026 and leaves the phone number
out for a user who adopted a username (Meta, 'Business-scoped user IDs',
https://developers.facebook.com/documentation/business-messaging/whatsapp/business-scoped-user-ids/):

- a message names its sender in `messages[].from` (phone, may be absent) and
  `messages[].from_user_id` (BSUID); `contacts[]` repeats them as `wa_id` and `user_id`;
- a BSUID is a country code, a dot and up to 128 letters and digits (`KG.1502576394655843`);
  a parent BSUID has `ENT` between them (`US.ENT.118…`), and is not used here;
- an id change arrives as a system message (System messages webhook reference, Aug 2026):
  `system.type` `user_changed_user_id` (a new BSUID, no phone number) or
  `user_changed_number` (a new phone number in `system.wa_id`, which regenerates the
  BSUID), both with `system.previous_user_id` and the new `system.user_id`;
- a send names a phone number in `to` and a BSUID in `recipient` (`to` wins when both).

Nothing here touches the database; bot/identities.py keeps who is who.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from handlers.events import UserRef

CHANNEL = "whatsapp"
BSUID = re.compile(r"[A-Z]{2}\.[A-Za-z0-9]{1,128}")
PHONE = re.compile(r"[0-9]{5,20}")
ID_CHANGES = frozenset({"user_changed_user_id", "user_changed_number"})
# Message types counted by name when no sender can be found; anything else is 'other'
# (the label set of a metric stays small whatever arrives).
KNOWN_TYPES = frozenset(
    {
        "text", "interactive", "button", "document", "image", "audio", "video", "sticker",
        "location", "contacts", "reaction", "order", "system", "unsupported", "request_welcome",
    }
)  # fmt: skip


def is_bsuid(value: Any) -> bool:
    return isinstance(value, str) and BSUID.fullmatch(value) is not None


def is_phone(value: Any) -> bool:
    return isinstance(value, str) and PHONE.fullmatch(value) is not None


def type_label(message: dict[str, Any]) -> str:
    kind = message.get("type")
    return kind if isinstance(kind, str) and kind in KNOWN_TYPES else "other"


@dataclass(frozen=True, slots=True)
class Identity:
    """A sender as one message names her: at least one of the two ids."""

    bsuid: str | None = None
    phone: str | None = None

    @property
    def key(self) -> str:
        """The id she is known by: the BSUID when the message has one."""
        key = self.bsuid or self.phone
        assert key is not None
        return key

    def user(self) -> UserRef:
        """Before the database is asked: her key, with the phone beside a BSUID."""
        alias = self.phone if self.bsuid else None
        return UserRef(CHANNEL, self.key, alias)


def identity(bsuid: Any, phone: Any) -> Identity | None:
    """Only well-formed ids count; None when neither is."""
    found = Identity(bsuid if is_bsuid(bsuid) else None, phone if is_phone(phone) else None)
    return found if found.bsuid or found.phone else None


def sender_of(message: dict[str, Any], contacts: Sequence[Any] = ()) -> Identity | None:
    """The sender of one message: `from` and `from_user_id`, completed from the matching
    entry of `contacts` (its `wa_id` and `user_id`)."""
    phone, bsuid = message.get("from"), message.get("from_user_id")
    for contact in contacts:
        if not isinstance(contact, dict):
            continue
        theirs = contact.get("wa_id"), contact.get("user_id")
        same = (phone is not None and theirs[0] == phone) or (
            bsuid is not None and theirs[1] == bsuid
        )
        # The only contact is the sender, unless it names someone else.
        agrees = phone in (None, theirs[0]) or theirs[0] is None
        agrees = agrees and (bsuid in (None, theirs[1]) or theirs[1] is None)
        if same or (len(contacts) == 1 and agrees):
            phone = phone if phone is not None else theirs[0]
            bsuid = bsuid if bsuid is not None else theirs[1]
            break
    return identity(bsuid, phone)


def with_sender(message: dict[str, Any], sender: Identity) -> dict[str, Any]:
    """The message as the inbox stores it: both ids on the message itself."""
    named = dict(message)
    if sender.phone:
        named["from"] = sender.phone
    if sender.bsuid:
        named["from_user_id"] = sender.bsuid
    return named


@dataclass(frozen=True, slots=True)
class IdChange:
    """A system message: who she was (either id) and who she is now."""

    kind: str
    before: Identity
    after: Identity


def id_change(message: dict[str, Any]) -> IdChange | None:
    """`user_changed_user_id` or `user_changed_number`; None for anything else."""
    system = message.get("system")
    if message.get("type") != "system" or not isinstance(system, dict):
        return None
    kind = system.get("type")
    if kind not in ID_CHANGES:
        return None
    before = identity(system.get("previous_user_id"), message.get("from"))
    if kind == "user_changed_number":
        after = identity(system.get("user_id"), system.get("wa_id"))
    else:
        after = identity(system.get("user_id"), None)
    if before is None or after is None:
        return None
    return IdChange(kind, before, after)


def recipient_fields(address: str) -> dict[str, str]:
    """Who a send goes to: a phone number in `to`, a BSUID in `recipient`."""
    return {"recipient": address} if is_bsuid(address) else {"to": address}


def address_of(user: UserRef, stored_phone: str | None = None) -> str:
    """Write to the phone number where it is known, else to the BSUID."""
    return user.alias or stored_phone or user.platform_id

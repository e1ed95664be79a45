"""A turn's replies -> one SMS within its segment budget, and the menu to read digits back (pure).

SMS has no buttons: choices become numbered lines ('1 Kazakhstan', '2 Kyrgyzstan', ...,
'0 Back'), and the channel keeps the menu (number -> choice id) to read a reply's digits
or words back. A step of the answer keeps its own number ('st:5' is 5), so the numbers the
answer's text names are the numbers she types; other choices take the next free numbers.

Every SMS is at most `budget` segments (3 for a reply), counted with the real GSM-7/UCS-2
rules (`sms_segments`): emoji and pictographs are dropped (each one would turn a Latin
text into UCS-2 and cost two units), a Latin-script text is folded into GSM-7 look-alikes,
and when it is still too long, choice titles are shortened, then the text is cut at a
word and the next page of it is one number away ('more'): the channel answers that
number by rendering the same screen at the next page. A text whose lines come most useful
first (the rights card in short) is rendered with `trim`: its last lines are left out
until it fits, whole, the rest being one number away in its own menu.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.channels.bubbles import Bubble
from bot.channels.sms_segments import cheapest, count, fits, gsm_fold
from handlers.events import Choice, Reply
from knowledge import DEFAULT_LANG, LANGS

REPLY_BUDGET = 3  # segments of one reply (issue 17)
BACK = "back"
MORE = "sms:more"  # the channel's own choice: the next page of the text
ELLIPSIS = "…"
TITLE_WIDTHS = (40, 28, 20, 14)  # tried in turn for the whole text with the menu
PAGED_WIDTHS = (20, 14, 10, 6)  # when the text is paged: wide enough to keep a first line
STEP = re.compile(r"^st:(\d{1,2})$")
SIDE = "side:"
LAST_NUMBER = re.compile(r"(\d{1,2})\s*$")
RANGE = re.compile(r"\d{1,2}\s*[–-]\s*\d{1,2}\s*$|\d{1,2}\s*[–-]\s*\d{1,2}(?=\D*$)")
OWN_NUMBER = re.compile(r"^\s*\d{1,2}[.)]\s+")
TRAILING_PARENTHESIS = re.compile(r"\s*\([^()]*\)\s*$")
SPACES = re.compile(r"[ \t\u00a0\u2009\u202f]+")


@dataclass(frozen=True, slots=True)
class Labels:
    """The channel's own words in the trader's language; `replace` maps a line (or a whole
    reply text) the engine wrote for tapping to the words for typing a number."""

    more: str = "more"
    replace: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Sms:
    body: str
    menu: dict[str, str]  # typed number -> choice id
    titles: dict[str, str] = field(default_factory=dict)  # choice id -> its words
    page: int = 1
    pages_left: bool = False


def labels_for(translate: Any, lang: str) -> Labels:
    """The channel's words in `lang`: 'more', and the hints written for tapping, for typing."""

    def t(code: str, key: str) -> str:
        return str(translate(code if code in LANGS else DEFAULT_LANG, key))

    replace = {
        t(lang, "answer-hint"): t(lang, "sms-answer-hint"),
        "\n".join(t(code, "language-prompt") for code in LANGS): t(lang, "language-prompt"),
    }
    return Labels(more=t(lang, "sms-more"), replace=replace)


# ---- cleaning -----------------------------------------------------------------------------


def is_pictograph(ch: str) -> bool:
    """Emoji, flags, arrows-as-pictures, variation selectors, joiners: nothing to read."""
    code = ord(ch)
    if code in (0x200D, 0xFE0E, 0xFE0F, 0x20E3) or 0x1F3FB <= code <= 0x1F3FF:
        return True
    if 0x1F000 <= code <= 0x1FAFF or 0x2600 <= code <= 0x27BF or 0x2B00 <= code <= 0x2BFF:
        return True
    return unicodedata.category(ch) == "So"


def plain(text: str) -> str:
    """Without pictographs, one space between words, no blank lines."""
    text = "".join(ch for ch in text if not is_pictograph(ch))
    lines = (SPACES.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def replaced(text: str, labels: Labels) -> str:
    if text.strip() in labels.replace:
        return labels.replace[text.strip()]
    return "\n".join(labels.replace.get(line.strip(), line) for line in text.splitlines())


def title_of(choice: Choice) -> str:
    title = plain(choice.title).replace("\n", " ")
    return OWN_NUMBER.sub("", title).strip(" ▶◀›»⋯…•") or choice.id


def shorten(text: str, width: int) -> str:
    if len(text) <= width:
        return text
    without = TRAILING_PARENTHESIS.sub("", text)
    if without and len(without) <= width:
        return without
    head = without[: width - 1]
    if " " in head[width // 2 :]:
        head = head[: head.rfind(" ")]
    return head.rstrip(" ,;:.-–—/") + ELLIPSIS


# ---- the menu -----------------------------------------------------------------------------


def steps_named(choices: Sequence[Choice]) -> int:
    """The answer names its parts with their steps ('Export 1–4', 'Import 7–9'): the
    highest step number, so typed step numbers stay the engine's (it reads them)."""
    numbers = [
        int(m.group(1))
        for c in choices
        if c.id.startswith(SIDE) and (m := LAST_NUMBER.search(c.title))
    ]
    return max(numbers, default=0)


def numbered(choices: Sequence[Choice]) -> list[tuple[str, Choice]]:
    """(number, choice) in the order shown: steps keep their own number, 'Back' is 0 and
    last, the others take the free numbers from 1 (after the highest step shown). At the
    answer, the numbers of its steps are left to the engine, which opens that step."""
    out: list[tuple[str, Choice]] = []
    seen: set[str] = set()
    used = {int(m.group(1)) for c in choices if (m := STEP.match(c.id))}
    used |= set(range(1, steps_named(choices) + 1))
    following = max(used, default=0) + 1 if used else 1
    back = None
    for choice in choices:
        if choice.id in seen:
            continue
        seen.add(choice.id)
        if choice.id == BACK:
            back = choice
            continue
        step = STEP.match(choice.id)
        if step is not None and int(step.group(1)) not in {int(n) for n, _ in out}:
            out.append((step.group(1), choice))
            continue
        while following in used:
            following += 1
        used.add(following)
        out.append((str(following), choice))
    if back is not None:
        out.append(("0", back))
    return out


def menu_lines(items: Sequence[tuple[str, Choice]], width: int) -> list[str]:
    return [f"{number} {shorten(title_of(choice), width)}" for number, choice in items]


# ---- fitting ------------------------------------------------------------------------------


def sms_text(text: str, lines: Sequence[str]) -> str:
    return cheapest("\n".join([text, *lines]) if text else "\n".join(lines))


def render(
    replies: Sequence[Reply],
    labels: Labels,
    budget: int = REPLY_BUDGET,
    page: int = 1,
    trim: bool = False,
) -> Sms:
    """The turn's replies as one SMS of at most `budget` segments; `page` > 1 is a later
    page of a text too long for one SMS (the same menu goes with every page); with `trim`,
    the text's last lines are left out instead, as long as its first line stays."""
    every = render_pages(replies, labels, budget, trim)
    return every[min(max(page, 1), len(every)) - 1]


def render_pages(
    replies: Sequence[Reply], labels: Labels, budget: int = REPLY_BUDGET, trim: bool = False
) -> list[Sms]:
    """Every page of the turn's replies, each one SMS of at most `budget` segments."""
    choices = [c for r in replies for c in r.choices]
    texts = [plain(replaced(r.text, labels)) for r in replies]
    text = without_part_lines("\n".join(t for t in texts if t), choices)
    items = numbered(choices)
    menu = {number: choice.id for number, choice in items}
    more_at = more_number(items, choices)
    kept = trimmed(text, items, budget) if trim else None
    chunks = [kept] if kept else pages(text, items, labels, budget, more_at)
    titles = {choice.id: title_of(choice) for _, choice in items}
    out = []
    for page, (body, lines) in enumerate(chunks, start=1):
        more = page < len(chunks)
        shown = {**menu, more_at: MORE} if more else menu
        out.append(Sms(sms_text(body, lines), shown, dict(titles), page, more))
    return out


def more_number(items: Sequence[tuple[str, Choice]], choices: Sequence[Choice]) -> str:
    """'More' takes the number after every other one (and after the answer's steps)."""
    return str(max([int(n) for n, _ in items] + [steps_named(choices)], default=0) + 1)


def without_part_lines(text: str, choices: Sequence[Choice]) -> str:
    """At the answer, a line naming a part's steps ('Export from X: steps 1–4') says what
    the part's numbered line says ('9 Export 1–4'): it is left out of the SMS."""
    ranges = {
        m.group(0).replace(" ", "")
        for c in choices
        if c.id.startswith(SIDE) and (m := RANGE.search(c.title))
    }
    if not ranges:
        return text
    kept = [
        line
        for line in text.splitlines()
        if not ((m := RANGE.search(line)) and m.group(0).replace(" ", "") in ranges)
    ]
    return "\n".join(kept)


def pages(
    text: str, items: Sequence[tuple[str, Choice]], labels: Labels, budget: int, more_at: str
) -> list[tuple[str, list[str]]]:
    """The text with the menu, in as few SMS as the budget allows: titles shortened
    first, then the text cut into pages, each ending with the menu and 'more'."""
    for width in TITLE_WIDTHS:
        lines = menu_lines(items, width)
        if fits(sms_text(text, lines), budget):
            return [(text, lines)]
    more_line = f"{more_at} {labels.more}"
    first_line = text.split("\n", 1)[0][:60]
    for width in PAGED_WIDTHS:
        lines = menu_lines(items, width)
        if fits(sms_text(first_line + ELLIPSIS, [*lines, more_line]), budget):
            break
    out: list[tuple[str, list[str]]] = []
    rest = text
    while rest:
        if fits(sms_text(rest, lines), budget):
            out.append((rest, lines))
            break
        head = longest_head(rest, [*lines, more_line], budget)
        if not head:  # the menu alone fills the budget: the text goes without it
            head = longest_head(rest, [more_line], budget) or rest[:1]
        out.append((head.rstrip() + ELLIPSIS, [*lines, more_line]))
        rest = rest[len(head) :].lstrip()
    return out or [("", lines)]


def trimmed(
    text: str, items: Sequence[tuple[str, Choice]], budget: int
) -> tuple[str, list[str]] | None:
    """The text's first lines that fit with the whole menu; None when even the first
    line does not (the text is then paged)."""
    lines = menu_lines(items, TITLE_WIDTHS[0])
    kept = text.split("\n")
    while not fits(sms_text("\n".join(kept), lines), budget):
        if len(kept) == 1:
            return None
        kept.pop()
    return "\n".join(kept), lines


def longest_head(text: str, lines: Sequence[str], budget: int) -> str:
    """The longest start of `text`, cut between words, that fits with the lines."""
    low, high = 0, len(text)
    while low < high:  # binary search on the character count
        middle = (low + high + 1) // 2
        if fits(sms_text(text[:middle] + ELLIPSIS, lines), budget):
            low = middle
        else:
            high = middle - 1
    head = text[:low]
    if low < len(text) and not text[low].isspace():
        cut = max(head.rfind(" "), head.rfind("\n"))
        if cut > low // 2:
            head = head[:cut]
    return head


def preview(
    replies: Sequence[Reply], knowledge_version: int, translate: Any, lang: str
) -> list[Bubble]:
    """Every SMS the replies make, with the segments each costs and its encoding, as the
    admins' console shows them (the first goes out; the next when she types 'more')."""
    if not replies:
        return []
    bubbles = []
    for sms in render_pages(replies, labels_for(translate, lang)):
        body = cheapest(sms.body)  # what the sender hands the gateway
        counted = count(body)
        bubbles.append(Bubble(body, segments=counted.segments, encoding=counted.encoding.value))
    return bubbles


def read_back(text: str, menu: Mapping[str, str], titles: Mapping[str, str]) -> str | None:
    """A typed reply as one of the menu's choices: its number ('2', ' 2.', '#2'), or its
    title's words ('Kyrgyzstan'); None when it is neither (the engine reads it as text)."""
    cleaned = text.strip().strip(".#)*").strip()
    if cleaned.isascii() and cleaned.isdigit():
        return menu.get(str(int(cleaned)))
    wanted = fold_words(cleaned)
    if not wanted:
        return None
    matches = [cid for cid, title in titles.items() if fold_words(title) == wanted]
    return matches[0] if len(matches) == 1 else None


def fold_words(text: str) -> str:
    """For comparing words as people type them: no case, no marks (ü is u, ʻ is gone)."""
    text = unicodedata.normalize("NFD", gsm_fold(plain(text)).casefold())
    return " ".join("".join(ch for ch in text if ch.isalnum() or ch.isspace()).split())

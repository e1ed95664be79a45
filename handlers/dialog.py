"""The conversation as a table: for each step, what input it takes and where it leads.

`turn()` is pure: state and event in, new state, replies and effects out. Storage, logging
and delivery are the engine's and the channels' business.
"""

from __future__ import annotations

import unicodedata

from handlers import (
    card,
    costs_view,
    crossings,
    followup,
    price_view,
    report,
    sentence,
    understand,
    views,
    waiting,
)
from handlers.clock import zone_of
from handlers.context import Context
from handlers.effects import Effect, ForgetUser, QueryLogged
from handlers.events import Choice, Event, EventKind, Reply, ascii_number, our_language
from handlers.route import choose_commodity, choose_destination, choose_origin
from handlers.state import MAX_HAVE, State, Step, lang_of
from handlers.steps import ChoiceHandler, StepSpec, border_steps, check_steps
from handlers.turns import Turn
from knowledge import LANGS, translit
from knowledge.matching import MatchResult

__all__ = ["Effect", "ForgetUser", "QueryLogged", "Turn", "prompt", "turn"]

MAX_TEXT = 300  # longer input is not a product name; answered, not searched
MAX_DIGIT_CHOICE = 30
PRODUCT_CANDIDATES = 5  # at most this many products to pick from


# Buttons of replies that do not move the conversation on; each checks its own value.
OPEN_CHOICE_PREFIXES = ("xf:", "pf:", "pu:", "wq", "card:")


def turn(state: State, event: Event, ctx: Context) -> Turn:
    """One turn: the handler of the event changes the state and adds replies and effects;
    then the step she is at is shown (unless the reply only acknowledged a tap). Handlers
    never show a step themselves."""
    out = Turn()
    adopt_platform_language(state, event)
    ctx = ctx.in_zone(zone_of(state.origin, state.lang))
    state.mark_seen()
    if event.kind == EventKind.COMMAND:
        on_command(state, event, ctx, out)
    elif event.kind == EventKind.CHOICE:
        on_choice(state, event.value, ctx, out)
    else:
        follow_script(state, event.value)
        on_text(state, event.value, ctx, out)
    if not out.quiet:
        prompt(state, ctx, out)
    if state.lang == "uz" and state.script == "Cyrl":
        out.replies = [uzbek_cyrillic(reply) for reply in out.replies]
    return out


UZBEK_CYRILLIC_LETTERS = frozenset("ўғқҳЎҒҚҲ")


def follow_script(state: State, text: str) -> None:
    """Uzbek typed in Cyrillic gets Cyrillic replies, typed in Latin again, Latin ones.
    A Russian product name in Cyrillic ('курага') alone changes nothing."""
    if state.lang != "uz":
        return
    cyrillic = translit.written_in_cyrillic(text)
    words = len(text.split())
    if cyrillic and (UZBEK_CYRILLIC_LETTERS & set(text) or words >= 2):
        state.script = "Cyrl"
    elif cyrillic is False and state.script == "Cyrl" and words >= 2:
        state.script = None


def uzbek_cyrillic(reply: Reply) -> Reply:
    """The Uzbek reply in Cyrillic; language buttons keep their own names."""
    choices = tuple(
        c if c.id.startswith("lang") else Choice(c.id, translit.to_cyrillic(c.title))
        for c in reply.choices
    )
    return Reply(translit.to_cyrillic(reply.text), choices, reply.image)


def adopt_platform_language(state: State, event: Event) -> None:
    """A messenger's language code answers the language step when it is one of ours."""
    code = our_language(event.platform_lang)
    if state.lang is None and code is not None:
        state.lang = code
        if state.step == Step.LANGUAGE and not state.back:
            state.step = Step.PRODUCT


# ---- commands ---------------------------------------------------------------------------


def on_command(state: State, event: Event, ctx: Context, out: Turn) -> None:
    name = event.value
    t, lang = ctx.t, lang_of(state)
    if name == "start":
        if state.lang is None:
            state.step = Step.LANGUAGE
            state.back.clear()
        else:
            state.restart()
            out.replies.append(Reply(t(lang, "welcome")))
    elif name == "help":
        out.replies.append(Reply(t(lang, "help")))
    elif name == "new":
        state.restart()
    elif name == "language":
        state.go(Step.LANGUAGE)
    elif name == "border":
        open_border(state)
    elif name == "forget":
        state.go(Step.FORGET)
    elif name == "subscriptions":
        state.go(Step.SUBSCRIPTIONS)
    elif name == "rates":
        out.replies.append(Reply(costs_view.rates_text(ctx, lang, state)))
        if state.step == Step.ESTIMATE:
            state.go_back()
    elif name == "show":  # a channel resuming: show where the conversation stands
        pass
    else:
        out.replies.append(Reply(t(lang, "error-unknown-command")))


# ---- choices ----------------------------------------------------------------------------


def on_choice(state: State, choice_id: str, ctx: Context, out: Turn) -> None:
    if (
        choice_id not in GLOBAL_CHOICES
        and choice_id not in state.offered
        and not choice_id.startswith(OPEN_CHOICE_PREFIXES)
    ):
        out.replies.append(Reply(ctx.t(lang_of(state), "error-stale-choice")))
        out.quiet = False
        return
    kind, _, value = choice_id.partition(":")
    handler = CHOICE_HANDLERS.get(kind)
    if handler is None or not handler(state, value, ctx, out):
        out.replies.append(Reply(ctx.t(lang_of(state), "error-stale-choice")))
        out.quiet = False


def choose_back(state: State, _value: str, ctx: Context, out: Turn) -> bool:
    if not state.go_back():
        state.step = Step.PRODUCT if state.lang else Step.LANGUAGE
    if state.step == Step.PICK_PRODUCT and not state.candidates:
        state.step = Step.PRODUCT
    return True


def choose_new(state: State, _value: str, ctx: Context, out: Turn) -> bool:
    state.restart()
    return True


def choose_border(state: State, _value: str, ctx: Context, out: Turn) -> bool:
    open_border(state)
    return True


def open_border(state: State) -> None:
    if state.step not in BORDER_STEPS:
        state.go(Step.BORDER)
    else:
        state.step = Step.BORDER


def choose_language_menu(state: State, _value: str, ctx: Context, out: Turn) -> bool:
    state.go(Step.LANGUAGE)
    return True


def choose_help(state: State, _value: str, ctx: Context, out: Turn) -> bool:
    out.replies.append(Reply(ctx.t(lang_of(state), "help")))
    return True


def choose_language(state: State, value: str, ctx: Context, out: Turn) -> bool:
    script = None
    if value == views.UZ_CYRL:
        value, script = "uz", "Cyrl"
    if value not in LANGS:
        return False
    first_time = state.lang is None
    state.lang = value
    state.script = script
    if state.back and not first_time:
        state.go_back()
    else:
        state.back.clear()
        state.step = Step.PRODUCT
    out.replies.append(Reply(ctx.t(value, "language-set")))
    return True


def choose_none(state: State, _value: str, ctx: Context, out: Turn) -> bool:
    """The next candidates for the same words, before asking her to type them again."""
    lang = lang_of(state)
    state.rejected = [*state.rejected, *state.candidates][-20:]
    more: list[str] = []
    if state.query:
        result = ctx.library.matcher.match(state.query, lang, limit=len(state.rejected) + 10)
        more = [c.hs for c in result.candidates if c.hs not in state.rejected]
    if more:
        state.candidates = more[:PRODUCT_CANDIDATES]
        out.replies.append(Reply(ctx.t(lang, "product-next-candidates")))
        return True
    state.candidates = []
    state.rejected = []
    state.query = None
    state.step = Step.PRODUCT
    out.replies.append(Reply(ctx.t(lang, "product-try-again")))
    return True


def choose_other_destination(state: State, _value: str, ctx: Context, out: Turn) -> bool:
    if not (state.hs and state.origin):
        return False
    state.destination = None
    state.go(Step.DESTINATION)
    return True


def choose_step(state: State, value: str, ctx: Context, out: Turn) -> bool:
    steps = views.flow_steps(ctx.knowledge, state)
    number = ascii_number(value)
    if number is None or not 1 <= number <= len(steps):
        return False
    state.detail = number
    if state.step == Step.DETAIL:
        out.edit_in_place = not out.replies
    else:
        state.go(Step.DETAIL)
    return True


def choose_situation(state: State, value: str, ctx: Context, out: Turn) -> bool:
    if value not in ctx.knowledge.situations:
        return False
    state.situation = value
    state.go(Step.SITUATION)
    return True


def choose_keep(state: State, _value: str, ctx: Context, out: Turn) -> bool:
    out.replies.append(Reply(views.keep_card(ctx, lang_of(state), state)))
    out.quiet = True
    return True


def choose_documents(state: State, _value: str, ctx: Context, out: Turn) -> bool:
    """The checklist, where she ticks the documents she has."""
    if not (state.hs in ctx.knowledge.commodities and state.origin and state.destination):
        return False
    state.go(Step.DOCUMENTS)
    return True


def choose_document_tick(state: State, value: str, ctx: Context, out: Turn) -> bool:
    if value not in views.flow_documents(ctx.knowledge, state):
        return False
    key = views.have_key(state, value)
    if key in state.have:
        state.have.remove(key)
    else:
        state.have = [*state.have, key][-MAX_HAVE:]
    out.edit_in_place = not out.replies
    return True


def choose_side(state: State, value: str, ctx: Context, out: Turn) -> bool:
    if value not in views.sides_of(views.flow_steps(ctx.knowledge, state)):
        return False
    if state.step == Step.SIDE:
        state.step = Step.ANSWER  # one part after another: 'Back' goes to the answer
    state.go(Step.SIDE)
    state.side = value
    return True


def choose_actions(state: State, _value: str, ctx: Context, out: Turn) -> bool:
    if not (state.hs and state.origin and state.destination):
        return False
    state.go(Step.ACTIONS)
    return True


def choose_more(state: State, _value: str, ctx: Context, out: Turn) -> bool:
    """The next page of a long list, in place of the one shown."""
    state.page += 1
    out.edit_in_place = not out.replies
    return True


def choose_contacts(state: State, _value: str, ctx: Context, out: Turn) -> bool:
    """The open step's contacts come as more messages; the step and its buttons stay."""
    if state.step != Step.DETAIL:
        return False
    replies = views.contacts_replies(ctx, lang_of(state), state)
    if not replies:
        return False
    out.replies.extend(replies)
    out.quiet = True
    return True


def choose_forget(state: State, value: str, ctx: Context, out: Turn) -> bool:
    if value == "yes":
        out.effects.append(ForgetUser())
        out.replies.append(Reply(ctx.t(lang_of(state), "forget-done")))
        state.__init__()  # type: ignore[misc]
        return True
    state.go_back()
    return True


# ---- typed text -------------------------------------------------------------------------


def is_meaningless(text: str) -> bool:
    """Only spaces, emoji, symbols or control characters: nothing to search for."""
    return not any(unicodedata.category(ch)[0] in "LN" for ch in text)


def on_text(state: State, text: str, ctx: Context, out: Turn) -> None:
    lang = lang_of(state)
    text = text.strip()
    if is_meaningless(text):
        out.replies.append(Reply(ctx.t(lang, "error-empty")))
        return
    if len(text) > MAX_TEXT:
        out.replies.append(Reply(ctx.t(lang, "error-too-long", limit=MAX_TEXT)))
        return
    number = ascii_number(text, 2)
    if number is not None and number <= MAX_DIGIT_CHOICE and state.step != Step.PRODUCT:
        choice = digit_choice(state, number, ctx)
        if choice is not None:
            on_choice(state, choice, ctx, out)
            return
    spec = STEPS[state.step]
    if not spec.free_text:
        if understand.understood(state, text, ctx, out):
            return
        situation = understand.typed_situation(state, text, ctx)
        if situation is not None:
            open_situation(state, situation)
            return
        text = ctx.library.intents.without_smalltalk(text)
    spec.text(state, text, ctx, out)


def open_situation(state: State, situation: str) -> None:
    """A situation she typed opens at once, wherever she is; from border help, 'Back'
    returns to where she was before it."""
    if state.step not in BORDER_STEPS:
        state.go(Step.SITUATION)
    state.step = Step.SITUATION
    state.situation = situation


STEP_LISTS = (Step.ANSWER, Step.SIDE, Step.DETAIL, Step.DOCUMENTS, Step.ACTIONS)
NOT_ITEMS = frozenset({"back", "border", "more"})


def digit_choice(state: State, number: int, ctx: Context) -> str | None:
    """A number typed at a list: at the answer and its parts, the step of that number;
    elsewhere the list's item of that number (never 'Back' or 'At the border')."""
    if state.step in STEP_LISTS:
        if 1 <= number <= len(views.flow_steps(ctx.knowledge, state)):
            return f"st:{number}"
        return None
    items = [c for c in state.offered if c not in NOT_ITEMS]
    return items[number - 1] if 1 <= number <= len(items) else None


def text_language(state: State, text: str, ctx: Context, out: Turn) -> None:
    wanted = text.lower()
    for code in LANGS:
        if wanted in (code, ctx.t(code, "language-name").lower()):
            on_choice(state, f"lang:{code}", ctx, out)
            return
    if state.lang is None:
        out.replies.append(Reply(ctx.t("en", "language-unknown")))
        return
    search_product(state, text, ctx, out)


def search_product(
    state: State, text: str, ctx: Context, out: Turn, result: MatchResult | None = None
) -> None:
    lang = lang_of(state)
    if result is None:
        if sentence.one_sentence(state, text, ctx, out):
            return
        result = ctx.library.matcher.match(text, lang, limit=PRODUCT_CANDIDATES)
    top = result.candidates[0] if result.candidates else None
    out.effects.append(QueryLogged(text[:200], lang, top is not None, top.hs if top else None))
    if not result.confident and understand.answer_question(state, text, ctx, out):
        return
    if top is None:
        state.candidates = []
        if state.step != Step.PRODUCT:
            state.go(Step.PRODUCT)
        tell_me = waiting.offer(ctx, lang, state, text)
        out.replies.append(Reply(ctx.t(lang, "product-not-found", query=text[:100]), tell_me))
        return
    state.missed = None
    if state.step != Step.PRODUCT:  # a route named just before the goods is kept
        state.planned = []
    state.go(Step.PICK_PRODUCT)
    state.candidates = [c.hs for c in result.candidates][
        : 1 if result.confident else PRODUCT_CANDIDATES
    ]
    state.query, state.rejected = text[:100], []
    state.hs = state.origin = state.destination = None


def text_country(state: State, text: str, ctx: Context, out: Turn) -> None:
    """A country, or a place in it ('Ош', 'Toshkentga', 'из Оша в Алматы'), answers the
    step; a product name typed here starts a new search only when nothing else fits."""
    code = ctx.library.countries.match(text)
    if code is None and sentence.place_answers_step(state, text, ctx, out):
        return
    prefix = "o" if state.step == Step.ORIGIN else "d"
    listed = (
        views.origins(ctx.knowledge)
        if prefix == "o"
        else views.destinations(ctx.knowledge, state.origin)
    )
    if code is not None and code in listed:
        (choose_origin if prefix == "o" else choose_destination)(state, code, ctx, out)
        return
    lang = lang_of(state)
    if code is not None:
        name = ctx.knowledge.country_name(code, lang)
        out.replies.append(Reply(ctx.t(lang, "country-not-offered", country=name)))
    elif (product := ctx.library.matcher.match(text, lang, PRODUCT_CANDIDATES)).confident:
        search_product(state, text, ctx, out, product)
        return
    else:
        out.replies.append(Reply(ctx.t(lang, "country-unknown")))


def text_forget(state: State, text: str, ctx: Context, out: Turn) -> None:
    state.go_back()
    search_product(state, text, ctx, out)


def text_border(state: State, text: str, ctx: Context, out: Turn) -> None:
    out.replies.append(Reply(ctx.t(lang_of(state), "border-pick")))


# ---- prompts ----------------------------------------------------------------------------


def prompt(state: State, ctx: Context, out: Turn) -> None:
    """Show the current step; remember which choices are valid until the next turn."""
    lang = lang_of(state)
    if state.lang is None:
        state.step = Step.LANGUAGE
    replies = STEPS[state.step].prompt(ctx, lang, state)
    if out.brief:
        replies = replies[-1:]
    if out.attach and out.replies:
        given = out.replies.pop()
        replies = [Reply(given.text, replies[-1].choices, given.image)]
    replies = add_persistent_choices(ctx, lang, state, replies)
    state.offered = [c.id for reply in replies for c in reply.choices]
    state.offered += [c for c in out.also_offered if c not in state.offered]
    keep_step_choices(state, ctx)
    out.replies.extend(replies)


def keep_step_choices(state: State, ctx: Context) -> None:
    """Steps of the open answer stay tappable while the trader reads its details."""
    if state.step in STEP_LISTS:
        count = len(views.flow_steps(ctx.knowledge, state))
        extra = [f"st:{i}" for i in range(1, count + 1)]
        extra += views.ANSWER_ACTIONS
        state.offered += [c for c in extra if c not in state.offered]


def add_persistent_choices(
    ctx: Context, lang: str, state: State, replies: list[Reply]
) -> list[Reply]:
    """'Back' and 'At the border' ride on the last message of every turn."""
    if state.step == Step.LANGUAGE and state.lang is None:
        return replies
    extra: list[Choice] = []
    last = replies[-1]
    present = {c.id for c in last.choices}
    if state.back and "back" not in present:
        extra.append(Choice("back", ctx.t(lang, "choice-back")))
    if state.step not in NO_BORDER_BUTTON and "border" not in present:
        extra.append(Choice("border", ctx.t(lang, "choice-border")))
    return [*replies[:-1], Reply(last.text, last.choices + tuple(extra), last.image)]


# ---- the table of steps ------------------------------------------------------------------

# Accepted whatever the last replies offered.
GLOBAL_CHOICES: dict[str, ChoiceHandler] = {
    "back": choose_back,
    "new": choose_new,
    "border": choose_border,
    "lang": lambda s, v, c, o: (
        choose_language(s, v, c, o) if v else choose_language_menu(s, v, c, o)
    ),
    "help": choose_help,
}

# A choice prefix belongs to the step whose screen introduces it (taps are accepted in
# any step that offered them); what she types at a step goes to its text handler.
STEPS: dict[Step, StepSpec] = {
    Step.LANGUAGE: StepSpec(views.show_language, text_language, free_text=True),
    Step.PRODUCT: StepSpec(views.show_product, search_product, {"wq": waiting.choose_wait}),
    Step.PICK_PRODUCT: StepSpec(
        views.show_candidates, search_product, {"c": choose_commodity, "none": choose_none}
    ),
    # 'More' turns the page of any long list; the countries are the first to have one.
    Step.ORIGIN: StepSpec(
        views.show_origin, text_country, {"o": choose_origin, "more": choose_more}
    ),
    Step.DESTINATION: StepSpec(views.show_destination, text_country, {"d": choose_destination}),
    Step.ANSWER: StepSpec(
        views.show_answer,
        search_product,
        {
            "st": choose_step,
            "side": choose_side,
            "docs": choose_documents,
            "acts": choose_actions,
            "est": costs_view.choose_estimate,
            "pub": price_view.choose_published,
            "px": price_view.choose_prices,
            "pf": price_view.choose_price_follow,
            "pu": price_view.choose_price_unfollow,
            "xs": crossings.choose_crossings,
            "xf": crossings.choose_follow,
        },
    ),
    Step.SIDE: StepSpec(views.show_side, search_product),
    Step.DETAIL: StepSpec(views.show_detail, search_product, {"contacts": choose_contacts}),
    Step.ACTIONS: StepSpec(
        views.show_actions,
        search_product,
        {
            "dest": choose_other_destination,
            "sub": followup.choose_subscribe,
            "unsub": followup.choose_unsubscribe,
            "fb": followup.choose_feedback,
            "expert": followup.choose_expert,
        },
    ),
    Step.DOCUMENTS: StepSpec(views.show_documents, search_product, {"doc": choose_document_tick}),
    Step.ESTIMATE: StepSpec(costs_view.show_estimate_prompt, costs_view.text_estimate),
    Step.SUBSCRIPTIONS: StepSpec(followup.show_subscriptions, search_product),
    Step.FEEDBACK: StepSpec(
        followup.show_feedback,
        followup.text_feedback,
        {"fbskip": followup.choose_feedback_skip},
        free_text=True,
    ),
    Step.EXPERT: StepSpec(followup.show_expert, followup.text_expert, free_text=True),
    Step.FORGET: StepSpec(views.show_forget, text_forget, {"forget": choose_forget}),
    Step.BORDER: StepSpec(
        views.show_border,
        text_border,
        {"sit": choose_situation, "keep": choose_keep, card.PREFIX: card.choose_card},
        border=True,
    ),
    Step.SITUATION: StepSpec(
        views.show_situation, search_product, {"report": report.choose_report}, border=True
    ),
    Step.REPORT_POST: StepSpec(
        report.show_post, report.text_report, {"rp": report.choose_post}, border=True
    ),
    Step.REPORT_DATE: StepSpec(
        report.show_date, report.text_report, {"rd": report.choose_date}, border=True
    ),
    Step.REPORT_TEXT: StepSpec(
        report.show_text,
        report.text_report,
        {"rt": report.choose_skip_text},
        border=True,
        free_text=True,
    ),
}
CHOICE_HANDLERS = check_steps(STEPS, GLOBAL_CHOICES)
BORDER_STEPS = border_steps(STEPS)
# The language list is full with 'Back': border help is 'Back', then 'At the border'.
NO_BORDER_BUTTON = BORDER_STEPS | {Step.LANGUAGE}

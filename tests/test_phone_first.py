"""A phone's screen: one screen per message, few buttons, no dead ends, Back that retraces.

The budgets are checked on every screen of the conversation for a sample of products on all
60 routes in the 7 languages, rendered as Telegram and as WhatsApp would send them.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.channels import telegram_render, whatsapp_render
from bot.channels.console import ConsoleChannel
from bot.i18n import Translator
from handlers import views
from handlers.context import Context, Library
from handlers.dialog import Turn, prompt
from handlers.events import Reply
from handlers.state import State, Step
from knowledge import LANGS
from knowledge.loader import load_knowledge
from knowledge.models import Side
from tests.dialogue import Dialogue

MAX_BUTTONS = 8
SUMMARY_LINES, SUMMARY_CHARS = 12, 700
# This issue's own summary leaves room for a measures line, what she will pay and a footer.
OWN_SUMMARY_LINES, OWN_SUMMARY_CHARS = 9, 560
SAMPLE_PRODUCTS = ("0813.10", "6109", "8517", "0201")


@pytest.fixture(scope="module")
def context() -> Context:
    return Context(Library.build(load_knowledge()), Translator(), expert_enabled=True)


def routes(context: Context) -> list[tuple[str, str]]:
    knowledge = context.knowledge
    return [(o, d) for o in views.origins(knowledge) for d in views.destinations(knowledge, o)]


def show(context: Context, state: State) -> list[Reply]:
    out = Turn()
    prompt(state, context, out)
    return out.replies


def screens(context: Context, lang: str, hs: str, origin: str, destination: str) -> Iterator:
    """(name, replies) for every screen of one route, with 'Back' on each (the worst case)."""
    back = ["product|{}"]

    def state(step: Step, **values: object) -> State:
        s = State(step, lang, hs=hs, origin=origin, destination=destination, back=list(back))
        for key, value in values.items():
            setattr(s, key, value)
        return s

    yield "language", show(context, state(Step.LANGUAGE))
    yield "pick", show(context, state(Step.PICK_PRODUCT, candidates=[hs, "0813.10", "6109"]))
    for page in range(3):
        yield "origin", show(context, state(Step.ORIGIN, page=page))
        yield "destination", show(context, state(Step.DESTINATION, page=page))
    yield "answer", show(context, state(Step.ANSWER))
    for side in Side:
        yield f"side {side.value}", show(context, state(Step.SIDE, side=side.value))
    for page in range(3):
        yield "documents", show(context, state(Step.DOCUMENTS, page=page))
        yield "actions", show(context, state(Step.ACTIONS, page=page))
        yield "border", show(context, state(Step.BORDER, page=page))
    count = len(views.flow_steps(context.knowledge, state(Step.ANSWER)))
    for number in range(1, count + 1):
        yield f"detail {number}", show(context, state(Step.DETAIL, detail=number))
    yield "situation", show(context, state(Step.SITUATION, situation="detained"))


def whatsapp_problems(name: str, replies: list[Reply], border_step: bool) -> list[str]:
    problems = []
    sent = whatsapp_render.render(replies, 1, whatsapp_render.Labels())
    ids: list[str] = []
    lists = 0
    for outgoing in sent:
        message = outgoing.message or {}
        interactive = message.get("interactive")
        if not interactive:
            continue
        if interactive["type"] == "button":
            buttons = interactive["action"]["buttons"]
            if len(buttons) > whatsapp_render.BUTTONS_MAX:
                problems.append(f"{name}: {len(buttons)} WhatsApp buttons")
            ids += [b["reply"]["id"] for b in buttons]
        else:
            lists += 1
            rows = [r for s in interactive["action"]["sections"] for r in s["rows"]]
            if any(r["id"].endswith(f"|{whatsapp_render.PAGE}:2") for r in rows):
                problems.append(f"{name}: the WhatsApp list needs a second page")
            ids += [r["id"] for r in rows]
    if lists > 1:
        problems.append(f"{name}: {lists} lists in one turn")
    if not border_step and "1|border" not in ids and "1|back" not in ids:
        problems.append(f"{name}: border help is not two taps away on WhatsApp")
    return problems


def budget_problems(context: Context, lang: str, hs: str, origin: str, destination: str):
    problems = []
    for name, replies in screens(context, lang, hs, origin, destination):
        where = f"{lang} {hs} {origin}->{destination} {name}"
        for reply in replies:
            if len(reply.choices) > MAX_BUTTONS:
                problems.append(f"{where}: {len(reply.choices)} buttons")
            markup = telegram_render.keyboard(reply.choices, 1)
            shown = sum(len(row) for row in markup["inline_keyboard"]) if markup else 0
            if shown != len(reply.choices) or shown > MAX_BUTTONS:
                problems.append(f"{where}: {shown} Telegram buttons")
        if name == "answer":
            text = replies[0].text
            lines = text.splitlines()
            if len(lines) > SUMMARY_LINES or len(text) > SUMMARY_CHARS:
                problems.append(f"{where}: summary of {len(lines)} lines, {len(text)} chars")
            if len(lines) > OWN_SUMMARY_LINES or len(text) > OWN_SUMMARY_CHARS:
                problems.append(f"{where}: own summary {len(lines)} lines, {len(text)} chars")
        border_step = name in ("border", "situation")
        problems += whatsapp_problems(where, replies, border_step)
    return problems


@pytest.mark.parametrize("lang", LANGS)
def test_every_screen_of_every_route_fits_a_phone(context: Context, lang: str):
    problems = []
    for origin, destination in routes(context):
        for hs in SAMPLE_PRODUCTS:
            problems += budget_problems(context, lang, hs, origin, destination)
    assert len(routes(context)) == 60
    assert not problems, "\n".join(problems[:20])


def test_the_answer_groups_its_steps_under_export_border_and_import(context: Context):
    state = State(Step.ANSWER, "en", hs="0813.10", origin="KG", destination="KZ", back=["x"])
    (answer,) = show(context, state)
    steps = views.flow_steps(context.knowledge, state)
    parts = views.sides_of(steps)
    assert list(parts) == [Side.EXPORT, Side.CROSSING, Side.IMPORT]
    assert "📤 Export from Kyrgyzstan" in answer.text and "📥 Import into Kazakhstan" in answer.text
    assert [c.id for c in answer.choices][:3] == ["side:export", "side:crossing", "side:import"]
    assert "border" in [c.id for c in answer.choices]


# ---- Back and numbers, through the console on a real database -----------------------------


def dialogue(app, lang: str = "en") -> Dialogue:
    return Dialogue(ConsoleChannel(app.engine, "trader", lang, out=None))  # type: ignore[arg-type]


async def test_back_retraces_every_screen_she_saw_even_after_a_change_of_product(memory_app):
    app = memory_app
    chat = dialogue(app)
    seen: list[str] = []

    async def step(action: str, value: str) -> None:
        await (chat.say(value) if action == "say" else chat.tap(value))
        seen.append(chat.text())

    await step("say", "dried apricots")
    await step("tap", "c:0813.10")
    await step("tap", "o:KG")
    await step("tap", "more")  # a second page replaces the first: not a step to go back to
    del seen[-2]
    await step("tap", "d:RU")
    await step("tap", "side:export")
    await step("tap", "st:1")
    await step("tap", "st:2")  # paging through steps edits the step in place
    del seen[-2]
    await step("say", "T-shirts")  # a change of product
    await step("tap", chat.first_choice("c:6109"))
    await step("tap", "o:UZ")
    await step("tap", "d:KZ")
    await step("tap", "docs")
    await step("tap", "border")
    await step("tap", chat.first_choice("sit:"))

    taps = 0
    while "back" in chat.choice_ids():
        await chat.tap("back")
        taps += 1
        assert taps < len(seen), "Back loops"
        assert chat.text() == seen[-1 - taps], f"back #{taps}"
    assert taps == len(seen) - 1
    assert "c:0813.10" in chat.choice_ids()  # the first screen she saw


async def test_a_typed_number_chooses_from_the_list_on_the_screen(memory_app):
    app = memory_app
    chat = dialogue(app)
    await chat.say("dried apricots")
    await chat.say("1")  # the only candidate
    assert "o:KG" in chat.choice_ids()
    await chat.say("2")  # the second country listed
    knowledge = (await app.knowledge.current()).knowledge
    origins = views.origins(knowledge)
    assert knowledge.country_name(origins[1], "en") in chat.text()
    await chat.say("Kazakhstan")
    await chat.say("3")  # at the answer: step 3, not the third button
    steps = knowledge.steps_for(knowledge.commodities["0813.10"], origins[1], "KZ")
    assert chat.replies[0]["text"].startswith(f"3. {steps[2].title.get('en')}")
    await chat.tap("back")
    await chat.tap("side:import")
    number = views.sides_of(steps)[Side.IMPORT][0]
    await chat.say(str(number))
    assert chat.replies[0]["text"].startswith(f"{number}. ")


async def test_the_documents_she_has_stay_ticked(memory_app):
    app = memory_app
    chat = dialogue(app)
    await chat.say("dried apricots")
    await chat.tap("c:0813.10")
    await chat.tap("o:KG")
    await chat.tap("d:KZ")
    await chat.tap("docs")
    await chat.tap("doc:contract")
    assert "☑" in chat.text()
    await chat.tap("doc:contract")
    assert "☑" not in chat.text()
    await chat.tap("doc:contract")
    await chat.say("/new")
    await chat.say("dried apricots")
    await chat.tap("c:0813.10")
    await chat.tap("o:KG")
    await chat.tap("d:KZ")
    await chat.tap("docs")
    assert "☑" in chat.text()


async def test_back_from_the_follow_ups_and_a_report_draft_returns_the_way_she_came(memory_app):
    app = memory_app
    chat = dialogue(app)
    seen: list[str] = []

    async def step(action: str, value: str) -> None:
        await (chat.say(value) if action == "say" else chat.tap(value))
        seen.append(chat.text())

    await step("say", "/new")  # the first screen: what goods?
    await step("say", "dried apricots")
    await step("tap", "c:0813.10")
    await step("tap", "o:KG")
    await step("tap", "d:KZ")
    await step("tap", "acts")
    await step("tap", "fb:no")  # 'not helpful': what was missing?
    await step("tap", "back")
    seen[-2:] = []  # Back is itself a step back: the screens before it are what is left
    await step("tap", "more")  # 'Language' is on the second page of 'More actions'
    del seen[-2]  # a second page replaces the first: not a step to go back to
    await step("tap", "lang")
    await step("tap", "back")
    seen[-2:] = []
    await step("tap", "border")
    await step("tap", chat.first_choice("sit:"))
    await step("tap", "report")
    await step("tap", chat.first_choice("rp:"))
    await step("tap", "rd:today")

    taps = 0
    while "back" in chat.choice_ids():
        await chat.tap("back")
        taps += 1
        assert taps < len(seen), "Back loops"
        assert chat.text() == seen[-1 - taps], f"back #{taps}"
    assert taps == len(seen) - 1

"""Help at the border: two taps from anywhere, short, sourced, in every language."""

from __future__ import annotations

import pytest

from bot.bootstrap import App
from bot.channels.console import ConsoleChannel
from bot.i18n import Translator
from handlers import views
from handlers.context import Context, Library
from handlers.state import State, Step
from knowledge import LANGS
from knowledge.loader import load_knowledge
from tests.dialogue import Dialogue
from tests.memory import MemoryApp

FLOWS = [None, ("0813.10", "KG", "KZ"), ("6109", "UZ", "TJ"), ("0201", "TM", "AF")]
SITUATION_LIMIT = 1000  # characters of the help itself; contacts follow in a second message
WHATSAPP_TEXT_LIMIT = 4096


@pytest.fixture(scope="module")
def context(translator: Translator) -> Context:
    return Context(Library.build(load_knowledge()), translator)


def situation_state(situation: str, lang: str, flow: tuple[str, str, str] | None) -> State:
    state = State(Step.SITUATION, lang, situation=situation)
    if flow:
        state.hs, state.origin, state.destination = flow
    return state


def test_the_situations_a_trader_meets_are_all_there(context: Context):
    wanted = {
        "detained",
        "documents-refused",
        "unofficial-payment",
        "inspection",
        "fine",
        "queue-closed",
        "harassment",
        "lost-documents",
        "goods-damaged",
    }
    assert wanted <= set(context.knowledge.situations)


@pytest.mark.parametrize("lang", LANGS)
def test_every_situation_is_short_and_cites_a_sourced_right(context: Context, lang: str):
    knowledge = context.knowledge
    for situation in knowledge.situations.values():
        for flow in FLOWS:
            help_, contacts = views.show_situation(
                context, lang, situation_state(situation.id, lang, flow)
            )
            assert len(help_.text) <= SITUATION_LIMIT, (situation.id, lang, flow)
            assert len(contacts.text) <= SITUATION_LIMIT
            cited = [
                r
                for r in situation.rights
                if knowledge.rights[r].legal_basis.get(lang) in help_.text
            ]
            assert cited, (situation.id, lang)
            assert all(knowledge.rights[r].source in knowledge.sources for r in cited)
            assert situation.title.get(lang) in help_.text


def test_with_a_flow_the_help_names_the_crossing_points_and_agencies(context: Context):
    state = situation_state("detained", "en", ("0813.10", "KG", "KZ"))
    contacts = views.show_situation(context, "en", state)[1].text
    knowledge = context.knowledge
    assert any(
        p in contacts
        for post in knowledge.border_posts_for("KG", "KZ")
        for p in post.names.values()
    )
    assert knowledge.agencies["kg-customs"].name.en in contacts
    assert knowledge.agencies["kz-customs"].name.en in contacts


def test_the_card_to_keep_lists_the_rights_the_situation_shows(context: Context):
    """TM and UZ are not WTO members: neither the help nor the card cites the WTO TFA."""
    for situation in context.knowledge.situations:
        state = situation_state(situation, "en", ("0813.10", "TM", "UZ"))
        shown = views.show_situation(context, "en", state)[0].text
        card = views.keep_card(context, "en", state)
        shown_rights = {line for line in shown.splitlines() if line.startswith("• ")}
        card_rights = {line for line in card.splitlines() if line.startswith("• ")}
        assert card_rights == shown_rights, situation
        assert not [line for line in card_rights if "Trade Facilitation" in line], situation


@pytest.mark.parametrize("lang", LANGS)
def test_the_card_to_keep_fits_one_message(context: Context, lang: str):
    for flow in FLOWS:
        state = State(Step.BORDER, lang)
        if flow:
            state.hs, state.origin, state.destination = flow
        assert len(views.keep_card(context, lang, state)) <= WHATSAPP_TEXT_LIMIT


def chat(app: App | MemoryApp) -> Dialogue:
    return Dialogue(ConsoleChannel(app.engine, "trader", "en", out=None))  # type: ignore[arg-type]


async def steps_of_a_conversation(dialogue: Dialogue):
    """Walk every step, yielding at each so the test can try the border button there."""
    await dialogue.say("/language")
    yield "language"
    await dialogue.tap("lang:en")
    yield "product"
    await dialogue.say("dried apricots")
    yield "pick"
    await dialogue.tap("c:0813.10")
    yield "origin"
    await dialogue.tap("o:KG")
    yield "destination"
    await dialogue.tap("d:KZ")
    yield "answer"
    await dialogue.tap("docs")
    yield "documents"
    await dialogue.tap("back")
    await dialogue.tap("acts")
    yield "actions"
    await dialogue.tap("back")
    await dialogue.tap("side:export")
    yield "side"
    await dialogue.tap("st:1")
    yield "detail"
    await dialogue.tap_unchecked("fb:no")  # a button of the answer message, still valid
    yield "feedback"
    await dialogue.say("/subscriptions")
    yield "subscriptions"
    await dialogue.say("/forget")
    yield "forget"


async def test_border_help_is_two_taps_from_every_step(memory_app: MemoryApp):
    walker, helper = chat(memory_app), chat(memory_app)
    async for step in steps_of_a_conversation(walker):
        if step == "language" and walker.choice_ids()[-1] == "back":
            # The list of languages is full: 'Back' returns to a screen that has the button.
            await walker.tap("back")
            assert "border" in walker.choice_ids()
            await walker.say("/language")
            continue
        assert "border" in walker.choice_ids(), step
        offered_before = list(walker.choice_ids())
        await helper.tap_unchecked("border")  # first tap: the situations
        situation = helper.first_choice("sit:")
        await helper.tap(situation)  # second tap: the help
        assert memory_app.translator("en", "border-rights") in helper.text(), step
        await helper.tap("back")
        await helper.tap("back")  # and back to where the trader was
        assert helper.choice_ids() == offered_before, step


def test_a_right_that_binds_only_one_country_on_the_route_names_that_country(context: Context):
    """Kazakhstan is bound by the WTO Trade Facilitation Agreement, Uzbekistan is not: on a
    Kazakhstan-Uzbekistan route the TFA rights say whose officials they bind."""
    knowledge = context.knowledge
    for lang in LANGS:
        state = situation_state("detained", lang, ("0813.10", "KZ", "UZ"))
        help_ = views.show_situation(context, lang, state)[0].text
        kazakhstan = knowledge.country_name("KZ", lang)
        uzbekistan = knowledge.country_name("UZ", lang)
        lines = help_.splitlines()
        scope = context.t(lang, "border-right-scope", countries=kazakhstan)
        assert scope in lines, lang
        tfa = [n for n, line in enumerate(lines) if "5.2" in line or "4.5" in line]
        assert tfa and min(tfa) > lines.index(scope), lang
        assert not [line for line in lines if uzbekistan in line]


def test_the_answer_ends_with_the_portals_instead_of_a_check_the_rules_step(context: Context):
    knowledge = context.knowledge
    assert not [r for r in knowledge.requirements if "portal" in r.id or "gateway" in r.id]
    for lang in LANGS:
        state = State(Step.ANSWER, lang, hs="0813.10", origin="KG", destination="UZ")
        text = views.show_answer(context, lang, state)[0].text
        line = next(line for line in text.splitlines() if "infotradecentralasia.org" in line)
        assert "info.trade.kg" in line

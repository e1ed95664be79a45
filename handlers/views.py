"""What each step shows: text and choices, composed from knowledge and the .ftl messages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from babel.dates import format_date

from handlers.context import Context
from handlers.events import Choice, Reply
from handlers.followup import FOLLOWUP_ACTIONS, next_choices
from handlers.measures import measure_lines
from handlers.state import State, Step
from knowledge import LANGS
from knowledge.base import Knowledge
from knowledge.models import (
    Agency,
    Commodity,
    Requirement,
    Right,
    Side,
    Situation,
    Source,
    localized,
)


def flag(code: str) -> str:
    return "".join(chr(0x1F1E6 + ord(letter) - ord("A")) for letter in code)


def country_label(knowledge: Knowledge, code: str, lang: str) -> str:
    return f"{flag(code)} {knowledge.country_name(code, lang)}"


def format_day(day: dt.date, lang: str) -> str:
    return format_date(day, format="medium", locale=lang)


def commodity_name(commodity: Commodity, lang: str) -> str:
    return commodity.names.get(lang)


def origins(knowledge: Knowledge) -> list[str]:
    return [*knowledge.focus_countries(), *knowledge.partner_countries()]


def destinations(knowledge: Knowledge, origin: str | None) -> list[str]:
    """Trade flows we cover: among the five, and between each of them and the partners."""
    if origin is None or origin not in knowledge.countries:
        return []
    focus = knowledge.focus_countries()
    if origin in focus:
        return [c for c in origins(knowledge) if c != origin]
    return focus


def flow_steps(knowledge: Knowledge, state: State) -> list[Requirement]:
    commodity = knowledge.commodities.get(state.hs or "")
    if commodity is None or not state.origin or not state.destination:
        return []
    return knowledge.steps_for(commodity, state.origin, state.destination)


# ---- steps ------------------------------------------------------------------------------


def show_language(ctx: Context, lang: str, state: State) -> list[Reply]:
    if state.lang is None:
        text = "\n".join(ctx.t(code, "language-prompt") for code in LANGS)
    else:
        text = ctx.t(lang, "language-prompt")
    choices = tuple(Choice(f"lang:{code}", ctx.t(code, "language-name")) for code in LANGS)
    return [Reply(text, choices)]


def show_product(ctx: Context, lang: str, state: State) -> list[Reply]:
    return [Reply(ctx.t(lang, "product-prompt"))]


def show_candidates(ctx: Context, lang: str, state: State) -> list[Reply]:
    commodities = ctx.knowledge.commodities
    found = [commodities[hs] for hs in state.candidates if hs in commodities]
    if not found:
        return show_product(ctx, lang, state)
    if len(found) == 1:
        only = found[0]
        text = ctx.t(lang, "product-confirm", product=commodity_name(only, lang), hs=only.hs)
        return [
            Reply(
                text,
                (
                    Choice(f"c:{only.hs}", ctx.t(lang, "choice-yes")),
                    Choice("none", ctx.t(lang, "choice-none")),
                ),
            )
        ]
    choices = tuple(Choice(f"c:{c.hs}", f"{commodity_name(c, lang)} ({c.hs})") for c in found)
    return [
        Reply(ctx.t(lang, "product-pick"), (*choices, Choice("none", ctx.t(lang, "choice-none"))))
    ]


def show_origin(ctx: Context, lang: str, state: State) -> list[Reply]:
    commodity = ctx.knowledge.commodities.get(state.hs or "")
    if commodity is None:
        state.step = Step.PRODUCT
        return show_product(ctx, lang, state)
    text = ctx.t(lang, "origin-prompt", product=commodity_name(commodity, lang))
    choices = tuple(
        Choice(f"o:{code}", country_label(ctx.knowledge, code, lang))
        for code in origins(ctx.knowledge)
    )
    return [Reply(text, choices)]


def show_destination(ctx: Context, lang: str, state: State) -> list[Reply]:
    knowledge = ctx.knowledge
    commodity = knowledge.commodities.get(state.hs or "")
    if commodity is None or state.origin not in knowledge.countries:
        state.step = Step.PRODUCT
        return show_product(ctx, lang, state)
    text = ctx.t(
        lang,
        "destination-prompt",
        product=commodity_name(commodity, lang),
        origin=knowledge.country_name(state.origin, lang),
    )
    choices = tuple(
        Choice(f"d:{code}", country_label(knowledge, code, lang))
        for code in destinations(knowledge, state.origin)
    )
    return [Reply(text, choices)]


def side_heading(ctx: Context, lang: str, side: Side, state: State) -> str:
    knowledge = ctx.knowledge
    if side == Side.EXPORT:
        return ctx.t(
            lang, "answer-side-export", country=knowledge.country_name(state.origin or "", lang)
        )
    if side == Side.IMPORT:
        return ctx.t(
            lang,
            "answer-side-import",
            country=knowledge.country_name(state.destination or "", lang),
        )
    return ctx.t(lang, "answer-side-crossing")


# The answer's own buttons, beside its steps: they stay tappable while a step is open.
ANSWER_ACTIONS = ("docs", "dest", *FOLLOWUP_ACTIONS, "pub")


def show_answer(ctx: Context, lang: str, state: State) -> list[Reply]:
    knowledge = ctx.knowledge
    commodity = knowledge.commodities.get(state.hs or "")
    if commodity is None or not state.origin or not state.destination:
        state.step = Step.PRODUCT
        return show_product(ctx, lang, state)
    steps = knowledge.steps_for(commodity, state.origin, state.destination)
    lines = measure_lines(ctx, lang, state)  # bans and quotas first
    lines += [
        ctx.t(
            lang,
            "answer-header",
            product=commodity_name(commodity, lang),
            hs=commodity.hs,
            origin=knowledge.country_name(state.origin, lang),
            destination=knowledge.country_name(state.destination, lang),
        )
    ]
    side: Side | None = None
    for number, step in enumerate(steps, start=1):
        if step.side != side:
            side = step.side
            lines.append("")
            lines.append(side_heading(ctx, lang, side, state))
        agency = knowledge.agencies.get(step.agency or "")
        suffix = f" — {agency.name.get(lang)}" if agency else ""
        lines.append(f"{number}. {step.title.get(lang)}{suffix}")
    lines += posts_lines(ctx, lang, state.origin, state.destination)
    lines += ["", ctx.t(lang, "answer-footer", count=len(steps))]
    step_choices = tuple(
        Choice(f"st:{n}", f"{n}. {step.title.get(lang)}") for n, step in enumerate(steps, start=1)
    )
    actions = (
        Choice("docs", ctx.t(lang, "choice-documents")),
        Choice("new", ctx.t(lang, "choice-new")),
        Choice("dest", ctx.t(lang, "choice-other-destination")),
        *next_choices(ctx, lang, state),
        *published_choices(ctx, lang, state),
        Choice("lang", ctx.t(lang, "choice-language")),
    )
    return [Reply("\n".join(lines), step_choices), Reply(ctx.t(lang, "answer-next"), actions)]


def documents_checklist(ctx: Context, lang: str, state: State) -> str:
    """Every document of the flow once, with the steps that need it: what to gather."""
    knowledge = ctx.knowledge
    steps_needing: dict[str, list[int]] = {}
    for number, step in enumerate(flow_steps(knowledge, state), start=1):
        for document in step.documents:
            steps_needing.setdefault(document, []).append(number)
    commodity = knowledge.commodities[state.hs or ""]
    lines = [
        ctx.t(
            lang,
            "documents-header",
            product=commodity_name(commodity, lang),
            origin=knowledge.country_name(state.origin or "", lang),
            destination=knowledge.country_name(state.destination or "", lang),
        ),
        "",
    ]
    if not steps_needing:
        return "\n".join([*lines, ctx.t(lang, "documents-none")])
    for document, numbers in steps_needing.items():
        name = knowledge.documents[document].name.get(lang)
        steps = ", ".join(str(n) for n in numbers)
        lines.append(ctx.t(lang, "documents-line", document=name, steps=steps, count=len(numbers)))
    return "\n".join([*lines, "", ctx.t(lang, "documents-footer")])


def posts_lines(ctx: Context, lang: str, origin: str, destination: str) -> list[str]:
    """The crossing points between two countries, after a blank line; none, no lines."""
    posts = ctx.knowledge.border_posts_for(origin, destination)
    if not posts:
        return []
    return ["", ctx.t(lang, "answer-posts", posts=", ".join(post_name(p.names) for p in posts))]


def post_name(names: dict[str, str]) -> str:
    return " / ".join(dict.fromkeys(names.values()))


def show_detail(ctx: Context, lang: str, state: State) -> list[Reply]:
    steps = flow_steps(ctx.knowledge, state)
    if not steps or not state.detail or not 1 <= state.detail <= len(steps):
        state.step = Step.ANSWER
        return show_answer(ctx, lang, state)
    number = state.detail
    text = detail_text(ctx, lang, steps[number - 1], number, state)
    choices: list[Choice] = []
    if number > 1:
        choices.append(Choice(f"st:{number - 1}", ctx.t(lang, "choice-prev-step")))
    if number < len(steps):
        choices.append(Choice(f"st:{number + 1}", ctx.t(lang, "choice-next-step")))
    return [Reply(text, tuple(choices))]


def detail_text(ctx: Context, lang: str, step: Requirement, number: int, state: State) -> str:
    knowledge = ctx.knowledge
    agency = knowledge.agencies.get(step.agency or "")
    lines = [f"{number}. {step.title.get(lang)}", "", step.text.get(lang), ""]
    if agency:
        lines.append(ctx.t(lang, "detail-agency", agency=agency_line(agency, lang)))
    if step.documents:
        names = [knowledge.documents[d].name.get(lang) for d in step.documents]
        lines.append(ctx.t(lang, "detail-documents", documents="; ".join(names)))
    contact = unknown_figure_contact(ctx, lang, step, state)
    lines.append(ctx.t(lang, "detail-cost", cost=step.cost.get(lang) if step.cost else contact))
    lines.append(ctx.t(lang, "detail-time", time=step.time.get(lang) if step.time else contact))
    lines.append(ctx.t(lang, "detail-legal", basis=localized(step.legal_basis, lang)))
    source = knowledge.sources[step.source]
    lines.append(ctx.t(lang, "detail-source", source=source_line(source)))
    lines.append(ctx.t(lang, "detail-verified", date=format_day(step.verified, lang)))
    return "\n".join(lines)


def agency_line(agency: Agency, lang: str) -> str:
    return f"{agency.name.get(lang)} ({agency.url})" if agency.url else agency.name.get(lang)


def source_line(source: Source) -> str:
    where = source.url or source.citation
    return f"{source.title} — {where}" if where and where != source.title else source.title


def unknown_figure_contact(ctx: Context, lang: str, step: Requirement, state: State) -> str:
    """No invented figures: say it is not known here and name who knows."""
    knowledge = ctx.knowledge
    country = state.destination if step.side == Side.IMPORT else state.origin
    who = knowledge.agencies.get(step.agency or "") or knowledge.portal_of(country or "")
    if who is None:
        return ctx.t(lang, "detail-figure-unknown-portal", portal="infotradecentralasia.org")
    return ctx.t(lang, "detail-figure-unknown", contact=agency_line(who, lang))


# ---- border help ------------------------------------------------------------------------


def show_border(ctx: Context, lang: str, state: State) -> list[Reply]:
    situations = ctx.knowledge.situations.values()
    choices = tuple(Choice(f"sit:{s.id}", s.title.get(lang)) for s in situations)
    return [
        Reply(
            ctx.t(lang, "border-prompt"), (*choices, Choice("keep", ctx.t(lang, "choice-keep-all")))
        )
    ]


def border_countries(state: State) -> list[str]:
    return [c for c in (state.origin, state.destination) if c] if state.destination else []


def show_situation(ctx: Context, lang: str, state: State) -> list[Reply]:
    knowledge = ctx.knowledge
    situation = knowledge.situations.get(state.situation or "")
    if situation is None:
        state.step = Step.BORDER
        return show_border(ctx, lang, state)
    rights = situation_rights(knowledge, situation, state)
    lines = [situation.title.get(lang), "", ctx.t(lang, "border-rights")]
    lines += [f"• {r.text.get(lang)} ({localized(r.legal_basis, lang)})" for r in rights]
    lines += ["", ctx.t(lang, "border-ask"), situation.ask_for.get(lang)]
    lines += ["", ctx.t(lang, "border-next"), situation.next_steps.get(lang)]
    choices = (
        Choice("keep", ctx.t(lang, "choice-keep")),
        Choice("report", ctx.t(lang, "choice-report")),
        *crossing_choices(ctx, lang, state),
    )
    # Whom to contact goes in its own short message, so the help itself stays short.
    contacts = "\n".join(border_contacts(ctx, lang, state)).strip()
    return [Reply("\n".join(lines)), Reply(contacts, choices)]


def situation_rights(knowledge: Knowledge, situation: Situation, state: State) -> list[Right]:
    """The situation's rights that hold on the trader's route; all of them if none does."""
    countries = border_countries(state)
    return knowledge.rights_for(countries, situation.rights) or knowledge.rights_for(
        (), situation.rights
    )


def border_contacts(ctx: Context, lang: str, state: State) -> list[str]:
    knowledge = ctx.knowledge
    countries = border_countries(state)
    lines: list[str] = []
    if countries:
        lines += posts_lines(ctx, lang, countries[0], countries[1])
        contacts = [a for c in countries for a in knowledge.agencies_of(c) if a.kind == "customs"]
        contacts += [p for c in countries if (p := knowledge.portal_of(c))]
        if contacts:
            lines += ["", ctx.t(lang, "border-contacts")]
            lines += [f"• {agency_line(a, lang)}" for a in contacts]
    else:
        lines += ["", ctx.t(lang, "border-contacts-general", portal="infotradecentralasia.org")]
    return lines


def keep_card(ctx: Context, lang: str, state: State) -> str:
    """The rights in one compact message, to keep for places without signal."""
    knowledge = ctx.knowledge
    situation = (
        knowledge.situations.get(state.situation or "") if state.step == Step.SITUATION else None
    )
    if situation is not None:
        rights = situation_rights(knowledge, situation, state)
    else:
        rights = knowledge.rights_for(border_countries(state))
    lines = [ctx.t(lang, "keep-header")]
    lines += [f"• {r.text.get(lang)} ({localized(r.legal_basis, lang)})" for r in rights]
    if situation is not None:
        lines += ["", situation.ask_for.get(lang)]
    return "\n".join(lines)


def published_choices(ctx: Context, lang: str, state: State) -> tuple[Choice, ...]:
    """Under an answer: prices of her product and how the crossings of her route are."""
    return (Choice("pub", ctx.t(lang, "choice-prices-crossings")),)


def crossing_choices(ctx: Context, lang: str, state: State) -> tuple[Choice, ...]:
    """On border help: 'How is this crossing?'."""
    return (Choice("xs", ctx.t(lang, "choice-crossing-stats")),)


def show_forget(ctx: Context, lang: str, state: State) -> list[Reply]:
    choices = (
        Choice("forget:yes", ctx.t(lang, "choice-forget-yes")),
        Choice("forget:no", ctx.t(lang, "choice-forget-no")),
    )
    return [Reply(ctx.t(lang, "forget-confirm"), choices)]


PROMPTS: dict[Step, Callable[[Context, str, State], list[Reply]]] = {
    Step.LANGUAGE: show_language,
    Step.PRODUCT: show_product,
    Step.PICK_PRODUCT: show_candidates,
    Step.ORIGIN: show_origin,
    Step.DESTINATION: show_destination,
    Step.ANSWER: show_answer,
    Step.DETAIL: show_detail,
    Step.BORDER: show_border,
    Step.SITUATION: show_situation,
    Step.FORGET: show_forget,
}

"""What each step shows: text and choices, composed from knowledge and the .ftl messages."""

from __future__ import annotations

from handlers import costs_view
from handlers.context import Context
from handlers.events import Choice, Reply
from handlers.followup import FOLLOWUP_ACTIONS, next_choices
from handlers.formats import format_day
from handlers.measures import measure_lines
from handlers.state import State, Step
from knowledge import LANGS
from knowledge.base import Knowledge
from knowledge.models import (
    Agency,
    BorderPost,
    Commodity,
    Requirement,
    Right,
    Side,
    Situation,
    Source,
    localized,
)

UZ_CYRL = "uz-Cyrl"  # Uzbek in Cyrillic: the Uzbek texts, transliterated
UZ_CYRL_NAME = "Ўзбекча"  # its own name, as the other languages' buttons carry theirs


def flag(code: str) -> str:
    return "".join(chr(0x1F1E6 + ord(letter) - ord("A")) for letter in code)


def country_label(knowledge: Knowledge, code: str, lang: str) -> str:
    return f"{flag(code)} {knowledge.country_name(code, lang)}"


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
    choices = [Choice(f"lang:{code}", ctx.t(code, "language-name")) for code in LANGS]
    cyrillic = Choice(f"lang:{UZ_CYRL}", UZ_CYRL_NAME)
    uzbek = LANGS.index("uz")
    if not state.back:  # the first choice: both scripts of Uzbek
        choices.insert(uzbek + 1, cyrillic)
    elif state.lang == "uz" and state.script != "Cyrl":  # the other script of her own
        choices[uzbek] = cyrillic
    return [Reply(text, tuple(choices))]


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
    choices = [
        Choice(f"o:{code}", country_label(ctx.knowledge, code, lang))
        for code in origins(ctx.knowledge)
    ]
    return [Reply(text, paged(ctx, lang, state, choices))]


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
    choices = [
        Choice(f"d:{code}", country_label(knowledge, code, lang))
        for code in destinations(knowledge, state.origin)
    ]
    return [Reply(text, paged(ctx, lang, state, choices))]


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
ANSWER_ACTIONS = (
    "docs", "est", "dest", "acts", "new", "lang", "pub",
    "side:export", "side:crossing", "side:import", *FOLLOWUP_ACTIONS,
)  # fmt: skip
MAX_BUTTONS = 8  # in one message, 'Back' and 'At the border' included
MAX_POSTS_SHOWN = 3
SIDE_ICONS = {Side.EXPORT: "📤", Side.CROSSING: "🛃", Side.IMPORT: "📥"}


def step_range(numbers: list[int]) -> str:
    return str(numbers[0]) if len(numbers) == 1 else f"{numbers[0]}–{numbers[-1]}"


def sides_of(steps: list[Requirement]) -> dict[Side, list[int]]:
    """The step numbers of each part of the procedure, in order."""
    parts: dict[Side, list[int]] = {}
    for number, step in enumerate(steps, start=1):
        parts.setdefault(step.side, []).append(number)
    return parts


def answer_summary(ctx: Context, lang: str, state: State, steps: list[Requirement]) -> list[str]:
    """The answer in a few lines: the route, its parts and their step numbers, the number of
    documents and the crossing points. Each further line (measures, what she will pay, the
    portal) is one more line added by its own function."""
    knowledge = ctx.knowledge
    commodity = knowledge.commodities[state.hs or ""]
    origin = knowledge.country_name(state.origin or "", lang)
    destination = knowledge.country_name(state.destination or "", lang)
    lines = [
        ctx.t(
            lang,
            "answer-header",
            product=commodity_name(commodity, lang),
            hs=commodity.hs,
            origin=origin,
            destination=destination,
        )
    ]
    countries = {Side.EXPORT: origin, Side.IMPORT: destination, Side.CROSSING: ""}
    for side, numbers in sides_of(steps).items():
        lines.append(
            ctx.t(
                lang,
                f"answer-part-{side.value}",
                country=countries[side],
                steps=step_range(numbers),
                count=len(numbers),
            )
        )
    documents = {d for step in steps for d in step.documents}
    if documents:
        lines.append(ctx.t(lang, "answer-documents-count", count=len(documents)))
    posts = ctx.knowledge.border_posts_for(state.origin or "", state.destination or "")
    if posts:
        names = ", ".join(
            post_label(p, lang) + no_cargo_mark(ctx, lang, p) for p in posts[:MAX_POSTS_SHOWN]
        )
        if len(posts) > MAX_POSTS_SHOWN:
            names += ", …"
        lines.append(ctx.t(lang, "answer-posts-short", posts=names))
    return lines


def answer_choices(ctx: Context, lang: str, state: State, steps: list[Requirement]) -> list[Choice]:
    choices = [
        Choice(
            f"side:{side.value}",
            ctx.t(lang, f"choice-part-{side.value}", steps=step_range(numbers)),
        )
        for side, numbers in sides_of(steps).items()
    ]
    if any(step.documents for step in steps):
        choices.append(Choice("docs", ctx.t(lang, "choice-documents")))
    choices.append(costs_view.estimate_choice(ctx, lang))
    choices.append(Choice("acts", ctx.t(lang, "choice-more-actions")))
    return choices


def show_answer(ctx: Context, lang: str, state: State) -> list[Reply]:
    knowledge = ctx.knowledge
    commodity = knowledge.commodities.get(state.hs or "")
    if commodity is None or not state.origin or not state.destination:
        state.step = Step.PRODUCT
        return show_product(ctx, lang, state)
    steps = knowledge.steps_for(commodity, state.origin, state.destination)
    lines = measure_lines(ctx, lang, state)  # bans and quotas first
    lines += answer_summary(ctx, lang, state, steps)
    lines += portals_line(ctx, lang, state.origin, state.destination)
    lines.append(ctx.t(lang, "answer-hint"))
    return [Reply("\n".join(lines), tuple(answer_choices(ctx, lang, state, steps)))]


def show_side(ctx: Context, lang: str, state: State) -> list[Reply]:
    """One part of the procedure: its steps, one line each, a tap from their details."""
    steps = flow_steps(ctx.knowledge, state)
    numbers = sides_of(steps).get(Side(state.side)) if state.side in set(Side) else None
    if not numbers:
        state.step = Step.ANSWER
        return show_answer(ctx, lang, state)
    side = Side(state.side or "")
    lines = [side_heading(ctx, lang, side, state)]
    if side == Side.IMPORT:  # the VAT and the duty on her goods, with their sources
        lines += costs_view.import_lines(
            ctx, lang, ctx.knowledge.commodities[state.hs or ""], state
        )
    items = []
    for number in numbers:
        step = steps[number - 1]
        agency = ctx.knowledge.agencies.get(step.agency or "")
        suffix = f" — {agency.name.get(lang)}" if agency else ""
        lines.append(f"{number}. {step.title.get(lang)}{suffix}")
        items.append(Choice(f"st:{number}", f"{number}. {short(step.title.get(lang))}"))
    if side == Side.CROSSING:  # every crossing point of the route, marked where no freight
        lines += posts_lines(ctx, lang, state.origin or "", state.destination or "")
    lines += ["", ctx.t(lang, "side-hint")]
    return [Reply("\n".join(lines), paged(ctx, lang, state, items))]


STEP_BUTTON_CHARS = 40  # a step's button: the full title is in the message above it


def short(title: str, limit: int = STEP_BUTTON_CHARS) -> str:
    """The title cut between words, with '…', when it is longer than `limit`."""
    if len(title) <= limit:
        return title
    head = title[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:.-–—(")
    return f"{head}…"


def show_actions(ctx: Context, lang: str, state: State) -> list[Reply]:
    if not (state.hs and state.origin and state.destination):
        state.step = Step.PRODUCT
        return show_product(ctx, lang, state)
    items = [
        Choice("dest", ctx.t(lang, "choice-other-destination")),
        *next_choices(ctx, lang, state),
        *published_choices(ctx, lang, state),
        Choice("new", ctx.t(lang, "choice-new")),
        Choice("lang", ctx.t(lang, "choice-language")),
    ]
    return [Reply(ctx.t(lang, "answer-next"), paged(ctx, lang, state, items))]


def extra_buttons(state: State, border_button: bool = True) -> int:
    """'Back' and 'At the border', added to the screen by the dialog (not 'At the border'
    on a border step)."""
    if state.step == Step.LANGUAGE and state.lang is None:
        return 0
    return (1 if state.back else 0) + (1 if border_button else 0)


def paged(
    ctx: Context,
    lang: str,
    state: State,
    items: list[Choice],
    fixed: tuple[Choice, ...] = (),
    border_button: bool = True,
) -> tuple[Choice, ...]:
    """The items that fit in one message beside the fixed and persistent buttons; when they
    do not all fit, a page of them and 'More', which turns to the next page (and round)."""
    room = MAX_BUTTONS - len(fixed) - extra_buttons(state, border_button)
    if len(items) <= room:
        return (*items, *fixed)
    size = max(1, room - 1)
    pages = -(-len(items) // size)
    page = state.page % pages
    shown = items[page * size : (page + 1) * size]
    more = Choice("more", ctx.t(lang, "choice-more", page=(page + 1) % pages + 1, pages=pages))
    return (*shown, more, *fixed)


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
    have = set(state.have)
    for document, numbers in steps_needing.items():
        name = knowledge.documents[document].name.get(lang)
        steps = ", ".join(str(n) for n in numbers)
        line = ctx.t(lang, "documents-line", document=name, steps=steps, count=len(numbers))
        if have_key(state, document) in have:
            line = line.replace("☐", "☑", 1)
        lines.append(line)
    return "\n".join([*lines, "", ctx.t(lang, "documents-tick-hint")])


def have_key(state: State, document: str) -> str:
    return f"{state.hs}|{state.origin}|{state.destination}|{document}"


def show_documents(ctx: Context, lang: str, state: State) -> list[Reply]:
    """The checklist: each document once, with the steps that need it, ticked when she has
    it; a tap on a document ticks or unticks it, and the ticks are kept."""
    knowledge = ctx.knowledge
    if not (state.hs in knowledge.commodities and state.origin and state.destination):
        state.step = Step.PRODUCT
        return show_product(ctx, lang, state)
    text = documents_checklist(ctx, lang, state)
    have = set(state.have)
    items = []
    for document in flow_documents(knowledge, state):
        name = knowledge.documents[document].name.get(lang)
        ticked = have_key(state, document) in have
        key = "choice-doc-have" if ticked else "choice-doc-need"
        items.append(Choice(f"doc:{document}", ctx.t(lang, key, document=name)))
    return [Reply(text, paged(ctx, lang, state, items))]


def flow_documents(knowledge: Knowledge, state: State) -> list[str]:
    return list(dict.fromkeys(d for step in flow_steps(knowledge, state) for d in step.documents))


def portals_line(ctx: Context, lang: str, origin: str, destination: str) -> list[str]:
    """'Check the current rules' is not a step: one line with the portals' addresses (the
    Central Asia Gateway and the national portals of the two countries)."""
    knowledge = ctx.knowledge
    gateway = knowledge.sources.get("ca-gateway")
    urls = [gateway.url] if gateway and gateway.url else []
    urls += [p.url for c in (origin, destination) if (p := knowledge.portal_of(c)) and p.url]
    addresses = dict.fromkeys(u.split("://", 1)[-1].rstrip("/") for u in urls)
    return [ctx.t(lang, "answer-portals", portals=", ".join(addresses))] if addresses else []


def posts_lines(ctx: Context, lang: str, origin: str, destination: str) -> list[str]:
    """The crossing points between two countries, after a blank line; none, no lines."""
    posts = ctx.knowledge.border_posts_for(origin, destination)
    if not posts:
        return []
    names = ", ".join(post_label(p, lang) + no_cargo_mark(ctx, lang, p) for p in posts)
    return ["", ctx.t(lang, "answer-posts", posts=names)]


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
    choices.append(Choice("contacts", ctx.t(lang, "choice-contacts")))
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
    lines += costs_view.figure_lines(ctx, lang, step, state, figure_contact(ctx, lang, step, state))
    lines.append(ctx.t(lang, "detail-legal", basis=localized(step.legal_basis, lang)))
    source = knowledge.sources[step.source]
    lines.append(ctx.t(lang, "detail-source", source=source_line(source, lang)))
    lines.append(ctx.t(lang, "detail-verified", date=format_day(step.verified, lang)))
    return "\n".join(lines)


def agency_line(agency: Agency, lang: str) -> str:
    return f"{agency.name.get(lang)} ({agency.url})" if agency.url else agency.name.get(lang)


def source_line(source: Source, lang: str = "en") -> str:
    """The source in the trader's language: its title and address. The English citation
    is shown only in English or where the title has no translation."""
    title = localized(source.title, lang)
    translated = not isinstance(source.title, str) and lang != "en"
    where = source.url or (None if translated else source.citation)
    return f"{title} — {where}" if where and where != title else title


def figure_contact(ctx: Context, lang: str, step: Requirement, state: State) -> str:
    """Whom to ask for a figure our sources do not give: the step's agency or the portal."""
    knowledge = ctx.knowledge
    country = state.destination if step.side == Side.IMPORT else state.origin
    who = knowledge.agencies.get(step.agency or "") or knowledge.portal_of(country or "")
    return agency_line(who, lang) if who else "infotradecentralasia.org"


# ---- contacts and crossing points -------------------------------------------------------


def post_label(post: BorderPost, lang: str) -> str:
    """The post's sourced names, each in the script of the trader's language."""
    return " / ".join(dict.fromkeys(post.name_in(side, lang) for side in post.names))


def no_cargo_mark(ctx: Context, lang: str, post: BorderPost) -> str:
    takes_no_cargo = post.closed_to_cargo or post.cargo is False
    return f" {ctx.t(lang, 'post-no-cargo-mark')}" if takes_no_cargo else ""


CARGO_WORDS = {True: "post-takes-cargo", False: "post-takes-no-cargo", None: "post-takes-unknown"}


def post_takes(ctx: Context, lang: str, post: BorderPost) -> str:
    """What the post takes, as far as a source says: freight, pedestrians, rail."""
    words = ["post-takes-closed" if post.closed_to_cargo else CARGO_WORDS[post.cargo]]
    words += ["post-takes-people"] if "pedestrian" in post.traffic else []
    words += ["post-takes-rail"] if "rail" in post.traffic else []
    return ", ".join(ctx.t(lang, word) for word in words)


def post_lines(ctx: Context, lang: str, post: BorderPost) -> list[str]:
    name = post_label(post, lang)
    lines = [ctx.t(lang, "post-line", name=name, takes=post_takes(ctx, lang, post))]
    if post.hours:
        lines.append(ctx.t(lang, "post-hours", hours=post.hours.get(lang)))
    if post.note:
        lines.append(post.note.get(lang))
    return lines


def contact_lines(ctx: Context, lang: str, agency: Agency) -> list[str]:
    knowledge = ctx.knowledge
    lines = [ctx.t(lang, "contacts-header", agency=agency.name.get(lang))]
    if agency.url:
        lines.append(ctx.t(lang, "contacts-website", url=agency.url))
    for contact in agency.contacts:
        lines.append(ctx.t(lang, "contacts-office", office=contact.office.get(lang)))
        if contact.address:
            lines.append(ctx.t(lang, "contacts-address", address=contact.address.get(lang)))
        if contact.phone:
            lines.append(ctx.t(lang, "contacts-phone", phone=contact.phone))
        if contact.hours:
            lines.append(ctx.t(lang, "contacts-hours", hours=contact.hours.get(lang)))
        if contact.url:
            lines.append(ctx.t(lang, "contacts-website", url=contact.url))
        source = knowledge.sources[contact.source]
        date = format_day(contact.verified, lang)
        lines.append(ctx.t(lang, "contacts-source", source=source_line(source, lang), date=date))
    if not agency.contacts:
        lines.append(ctx.t(lang, "contacts-none"))
        portal = knowledge.portal_of(agency.country)
        if portal is not None and portal.id != agency.id:
            lines.append(ctx.t(lang, "contacts-ask", contact=agency_line(portal, lang)))
    return lines


def contacts_replies(ctx: Context, lang: str, state: State) -> list[Reply]:
    """Whom to contact for the open step; on a crossing step, the route's posts as well."""
    steps = flow_steps(ctx.knowledge, state)
    if not steps or not state.detail or not 1 <= state.detail <= len(steps):
        return []
    step = steps[state.detail - 1]
    agency = ctx.knowledge.agencies.get(step.agency or "") or fallback_agency(ctx, step, state)
    if agency is not None:
        lines = contact_lines(ctx, lang, agency)
    else:
        lines = [ctx.t(lang, "contacts-no-agency", contact="infotradecentralasia.org")]
    replies = [Reply("\n".join(lines))]
    posts = ctx.knowledge.border_posts_for(state.origin or "", state.destination or "")
    if step.side == Side.CROSSING and posts:
        blocks = [[ctx.t(lang, "contacts-posts")]]
        blocks += [post_lines(ctx, lang, post) for post in posts]
        blocks.append([ctx.t(lang, "post-check")])
        replies += [Reply("\n".join(lines)) for lines in screenfuls(blocks)]
    return replies


SCREEN_LINES = 12  # one message fits one phone screen


def screenfuls(blocks: list[list[str]]) -> list[list[str]]:
    """Blocks of lines packed into messages of at most a screen each; a block is not split."""
    pages: list[list[str]] = [[]]
    for block in blocks:
        if pages[-1] and len(pages[-1]) + len(block) > SCREEN_LINES:
            pages.append([])
        pages[-1].extend(block)
    return pages


def fallback_agency(ctx: Context, step: Requirement, state: State) -> Agency | None:
    """For a step without an agency: the country's trade portal, else its customs."""
    knowledge = ctx.knowledge
    country = (state.destination if step.side == Side.IMPORT else state.origin) or ""
    customs = (a for a in knowledge.agencies_of(country) if a.kind == "customs")
    return knowledge.portal_of(country) or next(customs, None)


# ---- border help ------------------------------------------------------------------------


def show_border(ctx: Context, lang: str, state: State) -> list[Reply]:
    situations = ctx.knowledge.situations.values()
    choices = [Choice(f"sit:{s.id}", s.title.get(lang)) for s in situations]
    keep = Choice("keep", ctx.t(lang, "choice-keep-all"))
    return [
        Reply(
            ctx.t(lang, "border-prompt"),
            paged(ctx, lang, state, choices, (keep,), border_button=False),
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
    lines += rights_lines(ctx, lang, rights, border_countries(state))
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


def rights_lines(ctx: Context, lang: str, rights: list[Right], countries: list[str]) -> list[str]:
    """The rights with their legal bases. Those that bind the officials of only some of the
    route's countries come last, under the names of those countries: the WTO TFA binds
    Kazakhstan's customs, not Uzbekistan's."""
    groups: dict[tuple[str, ...], list[str]] = {}
    for right in rights:
        scope = tuple(ctx.knowledge.right_scope(right, countries)) if countries else ()
        if countries and not scope:
            continue  # binds no official on this route
        key = () if len(scope) == len(countries) else scope
        line = f"• {right.text.get(lang)} ({localized(right.legal_basis, lang)})"
        groups.setdefault(key, []).append(line)
    lines = groups.pop((), [])
    for scope, scoped in groups.items():
        names = ", ".join(ctx.knowledge.country_name(c, lang) for c in scope)
        lines += [ctx.t(lang, "border-right-scope", countries=names), *scoped]
    return lines


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
    lines += rights_lines(ctx, lang, rights, border_countries(state))
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

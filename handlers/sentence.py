"""One sentence to the answer: 'везу курагу из Оша в Алматы', 'Toshkentdan Oshga pomidor'.

The places and their direction come from the gazetteer (`knowledge.places`), the goods from
what is left of the message; what is missing is asked, nothing else.
"""

from __future__ import annotations

from handlers import views
from handlers.context import Context
from handlers.events import Reply
from handlers.route import choose_commodity, choose_destination, choose_origin
from handlers.state import State, Step, lang_of
from handlers.turns import Turn
from knowledge.places import Route

PRODUCT_CANDIDATES = 5


def covered_sides(ctx: Context, route: Route) -> tuple[str, str]:
    """(origin, destination) of the route that the bot covers; '' for a side it does not."""
    knowledge = ctx.knowledge
    origin, destination = route.sides()
    if origin not in views.origins(knowledge):
        origin = None
    if destination is not None:
        allowed = views.destinations(knowledge, origin) if origin else views.origins(knowledge)
        if destination not in allowed or destination == origin:
            destination = None
    return origin or "", destination or ""


def place_reply(ctx: Context, lang: str, route: Route) -> str | None:
    """'Ош: Кыргызстан.' for the towns she named (not for countries: they name themselves)."""
    towns = [f.place for f in route.found if f.place.kind != "country"]
    if not towns:
        return None
    knowledge = ctx.knowledge
    lines = [
        ctx.t(
            lang,
            "place-country",
            place=p.label(lang),
            country=knowledge.country_name(p.country, lang),
        )
        for p in towns
    ]
    return " ".join(dict.fromkeys(lines))


def one_sentence(state: State, text: str, ctx: Context, out: Turn) -> bool:
    """A message naming places (and perhaps the goods): straight to the answer, or the one
    step still missing. False when it names no place."""
    route = ctx.library.places.route(text)
    if not route.found:
        return False
    lang = lang_of(state)
    origin, destination = covered_sides(ctx, route)
    words = route.rest.strip()
    result = ctx.library.matcher.match(words, lang, limit=PRODUCT_CANDIDATES) if words else None
    if words and (result is None or not result.candidates):
        return False  # an unknown word beside a place: the product search says so
    said = place_reply(ctx, lang, route)
    if said:
        out.replies.append(Reply(said))
    if result is None:  # only places: remember them and ask for the goods
        state.planned = [origin, destination]
        if state.step != Step.PRODUCT:
            state.go(Step.PRODUCT)
        if origin and destination:
            knowledge = ctx.knowledge
            out.replies.append(
                Reply(
                    ctx.t(
                        lang,
                        "sentence-need-product",
                        origin=knowledge.country_name(origin, lang),
                        destination=knowledge.country_name(destination, lang),
                    )
                )
            )
            out.attach = True
        return True
    state.go(Step.PICK_PRODUCT)
    state.query, state.rejected = words[:100], []
    state.hs = state.origin = state.destination = None
    state.planned = [origin, destination]
    top = result.candidates[0]
    if result.confident:
        state.candidates = [top.hs]
        choose_commodity(state, top.hs, ctx, out)
    else:
        state.candidates = [c.hs for c in result.candidates]
    return True


def place_answers_step(state: State, text: str, ctx: Context, out: Turn) -> bool:
    """At the origin or destination step: a place answers it (and a second place the next
    step); its country is said back. False when the message names no place."""
    route = ctx.library.places.route(text)
    if not route.found:
        return False
    if route.rest and ctx.library.matcher.match(route.rest).candidates:
        return one_sentence(state, text, ctx, out)  # new goods and their route
    lang = lang_of(state)
    origin, destination = route.sides()
    if state.step == Step.DESTINATION:
        # One place here is where the goods go, whatever its ending says.
        destination = destination if origin and destination else (destination or origin)
        origin = state.origin if len(route.found) == 1 else origin
    said = place_reply(ctx, lang, route)
    if said:
        out.replies.append(Reply(said))
    knowledge = ctx.knowledge
    planned = [*state.planned, "", ""][1]
    if state.step == Step.ORIGIN and origin in views.origins(knowledge):
        state.planned = ["", destination or planned]
        choose_origin(state, origin, ctx, out)
    elif state.step == Step.ORIGIN and origin is None and destination:
        state.planned = ["", destination]  # where it goes: asked once she says where from
    elif state.step == Step.DESTINATION and origin and origin != state.origin:
        if origin in views.origins(knowledge):  # both named again: start from the origin
            state.planned = ["", destination or ""]
            choose_origin(state, origin, ctx, out)
    elif state.step == Step.DESTINATION and destination in views.destinations(
        knowledge, state.origin
    ):
        choose_destination(state, destination, ctx, out)
    else:
        name = knowledge.country_name((destination or origin or ""), lang)
        out.replies.append(Reply(ctx.t(lang, "country-not-offered", country=name)))
    return True

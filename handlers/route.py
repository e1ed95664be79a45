"""Settling the route: the goods, where they go from and where to.

Shared by the buttons (handlers.dialog) and by a sentence naming places
(handlers.sentence)."""

from __future__ import annotations

from handlers import followup, views
from handlers.context import Context
from handlers.effects import FlowShown
from handlers.state import State, Step, lang_of
from handlers.turns import Turn


def choose_commodity(state: State, value: str, ctx: Context, out: Turn) -> bool:
    if value not in ctx.knowledge.commodities:
        return False
    state.hs = value
    state.origin = state.destination = None
    state.go(Step.ORIGIN)
    follow_plan(state, ctx, out)
    return True


def follow_plan(state: State, ctx: Context, out: Turn) -> None:
    """The route she already named answers the origin and destination steps."""
    origin, destination = [*state.planned, "", ""][:2]
    if state.step == Step.ORIGIN and origin in views.origins(ctx.knowledge):
        state.origin = origin
        state.step = Step.DESTINATION
    if state.step == Step.DESTINATION and destination in views.destinations(
        ctx.knowledge, state.origin
    ):
        state.planned = []
        choose_destination(state, destination, ctx, out)


def choose_origin(state: State, value: str, ctx: Context, out: Turn) -> bool:
    if value not in ctx.knowledge.countries:
        return False
    state.origin = value
    state.destination = None
    state.go(Step.DESTINATION)
    follow_plan(state, ctx, out)
    return True


def choose_destination(state: State, value: str, ctx: Context, out: Turn) -> bool:
    if value not in views.destinations(ctx.knowledge, state.origin):
        return False
    state.destination = value
    state.detail = None
    state.go(Step.ANSWER)
    flow = followup.current_flow(state)
    if flow is not None:
        out.effects.append(FlowShown(flow, lang_of(state)))
    return True

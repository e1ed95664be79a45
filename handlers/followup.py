"""After an answer: follow the flow for changes, say whether it helped, ask an expert."""

from __future__ import annotations

from handlers.context import Context
from handlers.effects import (
    ExpertAsked,
    FeedbackGiven,
    Flow,
    Subscribed,
    Unsubscribed,
)
from handlers.events import Choice, Reply, ascii_number
from handlers.state import State, Step, lang_of
from handlers.turns import Turn

MAX_QUESTION = 300
MAX_SUBSCRIPTIONS = 20


def current_flow(state: State) -> Flow | None:
    if state.hs and state.origin and state.destination:
        return Flow(state.hs, state.origin, state.destination)
    return None


def flow_title(ctx: Context, lang: str, flow: Flow) -> str:
    knowledge = ctx.knowledge
    commodity = knowledge.commodities.get(flow.hs)
    name = commodity.names.get(lang) if commodity else flow.hs
    origin = knowledge.country_name(flow.origin, lang)
    destination = knowledge.country_name(flow.destination, lang)
    return f"{name}: {origin} → {destination}"


FOLLOWUP_ACTIONS = ("sub", "unsub", "fb:yes", "fb:no", "expert")  # what next_choices may offer


def next_choices(ctx: Context, lang: str, state: State) -> tuple[Choice, ...]:
    """The follow-up buttons shown under every answer."""
    flow = current_flow(state)
    choices = []
    if flow is not None and flow.key in state.subscriptions:
        choices.append(Choice("unsub", ctx.t(lang, "choice-unsubscribe")))
    else:
        choices.append(Choice("sub", ctx.t(lang, "choice-subscribe")))
    choices += [
        Choice("fb:yes", ctx.t(lang, "choice-helpful-yes")),
        Choice("fb:no", ctx.t(lang, "choice-helpful-no")),
    ]
    if ctx.expert_enabled:
        choices.append(Choice("expert", ctx.t(lang, "choice-expert")))
    return tuple(choices)


# ---- choices ----------------------------------------------------------------------------


def choose_subscribe(state: State, _value: str, ctx: Context, out: Turn) -> bool:
    flow = current_flow(state)
    if flow is None:
        return False
    lang = lang_of(state)
    if flow.key not in state.subscriptions:
        if len(state.subscriptions) >= MAX_SUBSCRIPTIONS:
            out.replies.append(Reply(ctx.t(lang, "subscribe-limit", limit=MAX_SUBSCRIPTIONS)))
            return True
        state.subscriptions.append(flow.key)
        out.effects.append(Subscribed(flow))
    out.replies.append(Reply(ctx.t(lang, "subscribe-done", flow=flow_title(ctx, lang, flow))))
    out.quiet = state.step in (Step.ANSWER, Step.DETAIL)
    return True


def choose_unsubscribe(state: State, value: str, ctx: Context, out: Turn) -> bool:
    """'unsub' under an answer is the current flow; 'unsub:N' the N-th in the list."""
    if value:
        number = ascii_number(value)
        if number is None or not 1 <= number <= len(state.subscriptions):
            return False
        flow = Flow.parse(state.subscriptions[number - 1])
    else:
        flow = current_flow(state)
    if flow is None or flow.key not in state.subscriptions:
        return False
    state.subscriptions.remove(flow.key)
    out.effects.append(Unsubscribed(flow))
    lang = lang_of(state)
    out.replies.append(Reply(ctx.t(lang, "unsubscribe-done", flow=flow_title(ctx, lang, flow))))
    out.quiet = state.step in (Step.ANSWER, Step.DETAIL)
    return True


def choose_feedback(state: State, value: str, ctx: Context, out: Turn) -> bool:
    flow = current_flow(state)
    if flow is None or value not in ("yes", "no"):
        return False
    lang = lang_of(state)
    if value == "yes":
        out.effects.append(FeedbackGiven(flow, helpful=True))
        out.replies.append(Reply(ctx.t(lang, "feedback-thanks")))
        out.quiet = True
    else:
        state.go(Step.FEEDBACK)
    return True


def choose_feedback_skip(state: State, _value: str, ctx: Context, out: Turn) -> bool:
    return finish_feedback(state, ctx, out, None)


def finish_feedback(state: State, ctx: Context, out: Turn, comment: str | None) -> bool:
    flow = current_flow(state)
    if state.step != Step.FEEDBACK or flow is None:
        return False
    out.effects.append(FeedbackGiven(flow, helpful=False, comment=comment))
    out.replies.append(Reply(ctx.t(lang_of(state), "feedback-thanks")))
    state.go_back()
    out.brief = True
    return True


def choose_expert(state: State, _value: str, ctx: Context, out: Turn) -> bool:
    if not ctx.expert_enabled:
        return False
    state.go(Step.EXPERT)
    return True


# ---- typed text -------------------------------------------------------------------------


def text_feedback(state: State, text: str, ctx: Context, out: Turn) -> None:
    finish_feedback(state, ctx, out, text[:MAX_QUESTION])


def text_expert(state: State, text: str, ctx: Context, out: Turn) -> None:
    lang = lang_of(state)
    out.effects.append(ExpertAsked(text[:MAX_QUESTION], current_flow(state), lang))
    out.replies.append(Reply(ctx.t(lang, "expert-sent")))
    state.go_back()
    out.brief = True


# ---- prompts ----------------------------------------------------------------------------


def show_subscriptions(ctx: Context, lang: str, state: State) -> list[Reply]:
    if not state.subscriptions:
        return [Reply(ctx.t(lang, "subscriptions-none"))]
    lines = [ctx.t(lang, "subscriptions-list", count=len(state.subscriptions))]
    choices = []
    for number, key in enumerate(state.subscriptions, start=1):
        flow = Flow.parse(key)
        if flow is None:
            continue
        lines.append(f"{number}. {flow_title(ctx, lang, flow)}")
        choices.append(Choice(f"unsub:{number}", ctx.t(lang, "choice-unsubscribe-n", n=number)))
    return [Reply("\n".join(lines), tuple(choices))]


def show_feedback(ctx: Context, lang: str, state: State) -> list[Reply]:
    text = ctx.t(lang, "feedback-ask-comment", limit=MAX_QUESTION)
    return [Reply(text, (Choice("fbskip", ctx.t(lang, "report-skip")),))]


def show_expert(ctx: Context, lang: str, state: State) -> list[Reply]:
    flow = current_flow(state)
    context = flow_title(ctx, lang, flow) if flow else "–"
    return [Reply(ctx.t(lang, "expert-ask", flow=context, limit=MAX_QUESTION))]

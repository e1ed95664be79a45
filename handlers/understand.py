"""Typed messages that are not a product name: small talk, a situation at the border, a
question. Each gets a short answer in her language and never a product."""

from __future__ import annotations

from rapidfuzz import fuzz

from handlers import views
from handlers.context import Context
from handlers.events import Choice, Reply
from handlers.state import State, Step, lang_of
from handlers.turns import Turn
from knowledge import LANGS
from knowledge.matching import content_words
from knowledge.models import Requirement
from knowledge.normalize import fold

SMALLTALK_MESSAGES = {
    "greeting": "smalltalk-greeting",
    "thanks": "smalltalk-thanks",
    "help": "help",
}
MIN_STEP_SIMILARITY = 90.0


def understood(state: State, text: str, ctx: Context, out: Turn) -> bool:
    """Answer small talk; False for anything else."""
    lang = lang_of(state)
    talk = ctx.library.intents.smalltalk(text)
    if talk is None:
        return False
    if talk == "operator":
        key = "smalltalk-operator-expert" if ctx.expert_enabled else "smalltalk-operator"
    else:
        key = SMALLTALK_MESSAGES[talk]
    out.replies.append(Reply(ctx.t(lang, key)))
    out.attach = True  # the screen's buttons ride along; its text is not sent again
    return True


def typed_situation(state: State, text: str, ctx: Context) -> str | None:
    """A situation at the border in her words ('they took my passport'), unless the words
    name goods better than a situation; the dialog opens it."""
    situation = ctx.library.intents.situation(text)
    if situation not in ctx.knowledge.situations:
        return None
    product = ctx.library.matcher.match(text, lang_of(state), limit=1)
    if ctx.library.intents.mentions_border(text) or not product.confident:
        return situation
    return None


def answer_question(state: State, text: str, ctx: Context, out: Turn) -> bool:
    """A question that names no product: the step of her route that answers it, and the
    expert where one is configured. False when the message does not read as a question."""
    if not ctx.library.intents.is_question(text):
        return False
    lang = lang_of(state)
    lines = [ctx.t(lang, "question-offer")]
    choices: list[Choice] = []
    steps = flow_steps(ctx, state)
    number = best_step(ctx, steps, text) if steps else None
    if number is not None:
        title = steps[number - 1].title.get(lang)
        lines.append(ctx.t(lang, "question-step", number=number, title=title))
        choices.append(Choice(f"st:{number}", ctx.t(lang, "choice-open-step", number=number)))
    elif not steps:
        lines.append(ctx.t(lang, "question-no-route"))
    if ctx.expert_enabled:
        lines.append(ctx.t(lang, "question-expert"))
        choices.append(Choice("expert", ctx.t(lang, "choice-expert")))
    if state.step == Step.PICK_PRODUCT:
        state.step = Step.PRODUCT
    out.replies.append(Reply("\n".join(lines), tuple(choices)))
    out.also_offered += [c.id for c in choices]
    return True


def flow_steps(ctx: Context, state: State) -> list[Requirement]:
    return views.flow_steps(ctx.knowledge, state)


def best_step(ctx: Context, steps: list[Requirement], text: str) -> int | None:
    """The step whose title, text and documents share most with the question's words."""
    words = [w for w in content_words(fold(text)) if len(w) >= 4]
    if not words:
        return None
    best, best_score = None, 0.0
    for number, step in enumerate(steps, start=1):
        vocabulary = set(step_words(ctx, step))
        score = 0.0
        for word in words:
            similar = max(
                (fuzz.ratio(word, other) for other in vocabulary if len(other) >= 4), default=0
            )
            inside = any(len(other) >= 6 and other in word for other in vocabulary)
            if similar >= MIN_STEP_SIMILARITY or inside:
                score += max(similar, 85.0 if inside else 0.0)
            # A compound's first part ('фито' in фитосертификат) points to the step too.
            prefix = max((common_prefix(word, other) for other in vocabulary), default=0)
            if prefix >= 4:
                score += 5.0 * prefix
        if score > best_score:
            best, best_score = number, score
    return best


def common_prefix(first: str, second: str) -> int:
    size = 0
    for a, b in zip(first, second, strict=False):
        if a != b:
            break
        size += 1
    return size


def step_words(ctx: Context, step: Requirement) -> list[str]:
    texts = [step.title.get(lang) for lang in LANGS]
    for document in step.documents:
        texts += [ctx.knowledge.documents[document].name.get(lang) for lang in LANGS]
    return fold(" ".join(texts)).split()

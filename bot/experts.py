"""'Ask an expert': the expert's answer, given in the expert chat, goes back to the trader."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sqlalchemy import select

from bot.models import ExpertQuestion, User
from bot.outbox import enqueue
from handlers.events import Reply, UserRef

if TYPE_CHECKING:
    from bot.bootstrap import App
    from bot.channels.contract import Services

QUESTION_REF = re.compile(r"#([0-9]{1,9})\b")
ANSWER_COMMAND = re.compile(r"^/answer(?:@\w+)?\s+#?([0-9]{1,9})\s+(.+)$", re.DOTALL)
MAX_ANSWER = 3000


def parse_answer(text: str, replied_to: str | None) -> tuple[int, str] | None:
    """'/answer 12 text', or a reply to the bot's forwarded question '#12 ...'."""
    command = ANSWER_COMMAND.match(text.strip())
    if command:
        return int(command.group(1)), command.group(2).strip()
    if replied_to:
        reference = QUESTION_REF.search(replied_to)
        if reference and text.strip():
            return int(reference.group(1)), text.strip()
    return None


async def deliver_answer(app: App | Services, question_id: int, answer: str) -> bool:
    """Queue the answer to the trader in her language; False if the question is unknown."""
    async with app.sessions.begin() as session:
        row = await session.execute(
            select(ExpertQuestion, User)
            .join(User, User.id == ExpertQuestion.user_id)
            .where(ExpertQuestion.id == question_id)
        )
        found = row.first()
        if found is None:
            return False
        question, user = found
        text = app.translator(user.language or "en", "expert-answer", answer=answer[:MAX_ANSWER])
        enqueue(session, UserRef(user.channel, user.platform_id), "answer", [Reply(text)])
        question.answered = True
    return True

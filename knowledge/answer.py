"""One flow's answer as plain data: what `tradebot ask --json` prints and channels can reuse."""

from __future__ import annotations

import datetime as dt
from typing import Any

from knowledge.base import Knowledge
from knowledge.costs import fee_data
from knowledge.measures import measure_data, measures_for
from knowledge.models import Commodity, Requirement, localized


def step_data(knowledge: Knowledge, step: Requirement, lang: str) -> dict[str, Any]:
    agency = knowledge.agencies.get(step.agency or "")
    source = knowledge.sources[step.source]
    return {
        "id": step.id,
        "side": step.side.value,
        "title": step.title.get(lang),
        "text": step.text.get(lang),
        "agency": agency.name.get(lang) if agency else None,
        "documents": [knowledge.documents[d].name.get(lang) for d in step.documents],
        "cost": step.cost.get(lang) if step.cost else None,
        "time": step.time.get(lang) if step.time else None,
        "legal_basis": localized(step.legal_basis, lang),
        "source": {
            "id": source.id,
            "title": localized(source.title, lang),
            "url": source.url,
            "citation": source.citation,
        },
        "verified": step.verified.isoformat(),
    }


def flow_answer(
    knowledge: Knowledge,
    commodity: Commodity,
    origin: str,
    destination: str,
    lang: str,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """`today` decides which temporary measures are in force or coming; none: no measures."""
    steps = knowledge.steps_for(commodity, origin, destination)
    rights = knowledge.rights_for((origin, destination))
    found = measures_for(knowledge, commodity.hs, origin, destination, today) if today else None
    measures = [*found.in_force, *found.coming] if found else []
    answer = {
        "commodity": {"hs": commodity.hs, "name": commodity.names.get(lang)},
        "origin": origin,
        "destination": destination,
        "date": today.isoformat() if today else None,
        "measures": [measure_data(knowledge, m, lang, today) for m in measures if today],
        "steps": [step_data(knowledge, s, lang) for s in steps],
        "rights": [
            {
                "id": r.id,
                "text": r.text.get(lang),
                "legal_basis": localized(r.legal_basis, lang),
                "source": r.source,
                # whose officials it binds: the TFA binds WTO members only
                "countries": knowledge.right_scope(r, (origin, destination)),
            }
            for r in rights
        ],
        "border_posts": [
            {"id": p.id, "names": dict(p.names), "traffic": list(p.traffic), "source": p.source}
            for p in knowledge.border_posts_for(origin, destination)
        ],
    }
    for data, step in zip(answer["steps"], steps, strict=True):
        data["fee"] = fee_data(knowledge, step, origin, destination)
    return answer

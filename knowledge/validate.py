"""`python -m knowledge.validate PATH`: check knowledge files without touching the database."""

import sys
from pathlib import Path

from knowledge.loader import DATA_DIR, KnowledgeError, load_knowledge


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else DATA_DIR
    try:
        knowledge = load_knowledge(path)
    except KnowledgeError as error:
        for problem in error.problems:
            print(problem)
        print(f"{len(error.problems)} problem(s)")
        return 1
    print(
        f"ok: {len(knowledge.commodities)} commodities, {len(knowledge.countries)} countries, "
        f"{len(knowledge.requirements)} requirements, {len(knowledge.sources)} sources, "
        f"{len(knowledge.situations)} situations"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

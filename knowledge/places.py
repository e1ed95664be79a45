"""Places in what a trader types: 'из Оша в Алматы', 'Toshkentdan Oshga', 'Бишкектен Алматыга'.

The gazetteer (`knowledge/lexicon/places.yaml`) names each place's country; the countries'
own names come from the knowledge base. A place is found by its folded spelling, bare or with
a case ending of one of the 7 languages (Russian -а/-е/-у, Turkic ablative -дан/-тен/-дон
'from', dative -га/-ке/-го 'to', locative, genitive), or after a preposition ('из', 'в',
'from', 'to', 'аз', 'ба'); the ending or the preposition says whether the goods go from or
to it. Built once per knowledge version and passed in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from knowledge import LANGS
from knowledge.base import Knowledge
from knowledge.normalize import fold

PLACES_FILE = Path(__file__).parent / "lexicon" / "places.yaml"
FROM, TO = "from", "to"

# Case endings, folded: the Turkic ablative says 'from', the dative 'to'; the rest (Russian
# cases, locative, genitive) say nothing about the direction.
ENDINGS: dict[str, str | None] = {
    **dict.fromkeys(("dan", "den", "don", "tan", "ten", "ton", "nan", "nen", "non"), FROM),
    **dict.fromkeys(("ga", "ge", "go", "ka", "ke", "ko", "gaça", "kaça", "gaçe", "ge"), TO),
    **dict.fromkeys(
        ("a", "e", "u", "i", "om", "oi", "ei", "da", "de", "do", "ta", "te", "to", "dagi",
         "tagi", "daki", "nin", "nii", "in", "ni", "di", "ti", "ia", "iu", "em"),
        None,
    ),
}  # fmt: skip
# Words before a place, folded.
PREPOSITIONS: dict[str, str] = {
    **dict.fromkeys(("iz", "s", "so", "ot", "from", "az"), FROM),
    **dict.fromkeys(("v", "vo", "na", "do", "to", "into", "ba", "k", "ko"), TO),
}
DOUBLED = re.compile(r"(.)\1+")
MAX_WORDS = 4  # the longest place name, in words
SHORT_NAME = 3  # letters (folded): Ош, Пап, Уфа


LATIN_LANGS = ("uz", "tk", "en")
Hit = tuple["Place", str | None]  # a form's place, and the direction its form says


@dataclass(frozen=True, slots=True)
class Place:
    name: str  # as the gazetteer writes it first (Cyrillic)
    country: str
    kind: str  # capital, city, region, border, market, country
    latin: str = ""  # its first spelling in Latin letters

    def label(self, lang: str) -> str:
        """The name in the script of her language."""
        return self.latin if lang in LATIN_LANGS and self.latin else self.name


@dataclass(frozen=True, slots=True)
class Found:
    place: Place
    role: str | None  # FROM, TO or None when the text does not say
    typed: str  # the words as typed (folded)


@dataclass(slots=True)
class Route:
    """The places of a message, in order, and what is left of it (the goods, perhaps)."""

    found: list[Found] = field(default_factory=list)
    rest: str = ""

    @property
    def origin(self) -> str | None:
        return self.sides()[0]

    @property
    def destination(self) -> str | None:
        return self.sides()[1]

    def sides(self) -> tuple[str | None, str | None]:
        """(origin, destination) countries. Places without a direction take the free sides in
        order: the first is where the goods go from, the next where they go to."""
        origin = next((f for f in self.found if f.role == FROM), None)
        destination = next((f for f in self.found if f.role == TO), None)
        unsaid = [f for f in self.found if f.role is None]
        if origin is None and unsaid:
            origin = unsaid.pop(0)
        if destination is None and unsaid:
            destination = unsaid.pop(0)
        return (
            origin.place.country if origin else None,
            destination.place.country if destination else None,
        )


def is_latin(text: str) -> bool:
    return not any("\u0400" <= ch <= "\u04ff" for ch in text)


@lru_cache(maxsize=2)
def _towns(path: Path) -> Gazetteer:
    return Gazetteer.from_file(path)


def _join(stem: str, ending: str) -> str:
    return DOUBLED.sub(r"\1", stem + ending)


class Gazetteer:
    def __init__(self, knowledge: Knowledge | None = None, path: Path = PLACES_FILE) -> None:
        # The file's forms are read once per process; each knowledge version adds its
        # countries' names to a copy.
        towns = _towns(path)
        self._forms = dict(towns._forms)
        self._after_preposition = dict(towns._after_preposition)
        self.count = towns.count
        if knowledge is not None:
            hits: dict[Hit, Hit] = {}
            for code, country in knowledge.countries.items():
                names = [knowledge.country_name(code, lang) for lang in LANGS]
                names += [a for aliases in country.aliases.values() for a in aliases]
                for name in names:
                    place = Place(knowledge.country_name(code, "en"), code, "country")
                    self._add(name, place, hits)

    @classmethod
    def from_file(cls, path: Path) -> Gazetteer:
        import yaml  # here: a cached gazetteer is read without YAML

        self = cls.__new__(cls)
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        self._forms: dict[str, Hit] = {}
        self._after_preposition: dict[str, Place] = {}
        self.count = 0
        hits: dict[Hit, Hit] = {}
        for country, places in data["places"].items():
            for entry in places:
                self.count += 1
                names = [str(n) for n in entry["n"]]
                latin = next((n for n in names if is_latin(n)), "")
                place = Place(names[0], country, entry["k"], latin)
                for name in names:
                    self._add(name, place, hits)
        for code, names in (data.get("countries") or {}).items():
            for name in names:
                self._add(str(name), Place(str(names[0]), code, "country"), hits)
        return self

    def _add(self, name: str, place: Place, hits: dict[Hit, Hit]) -> None:
        """Every form of the name. `hits` holds one (place, role) pair of each kind: the
        tens of thousands of forms share about a thousand pairs, a megabyte or two less."""

        def hit(role: str | None) -> Hit:
            pair = (place, role)
            return hits.setdefault(pair, pair)

        key = fold(name)
        if not key:
            return
        self._forms.setdefault(key, hit(None))
        head, _, last = key.rpartition(" ")
        prefix = f"{head} " if head else ""
        stems = [(last, "")]
        if last.endswith("a") and len(last) > 3:  # Фергана: Ферганы, Фергане, Фергану
            stems.append((last[:-1], "fem"))
        if last.endswith("t"):  # Turkmen: Aşgabat -> Aşgabada
            stems.append((last[:-1] + "d", "voiced"))
        if last.endswith("k"):  # Turkmen: Bişkek -> Bişkege
            stems.append((last[:-1] + "g", "voiced"))
        for stem, kind in stems:
            for ending, role in ENDINGS.items():
                if kind == "fem" and ending not in ("i", "e", "u", "oi", "ei"):
                    continue
                if kind == "voiced" and ending not in ("a", "e"):
                    continue
                form = prefix + _join(stem, ending)
                if role is None and len(last) <= SHORT_NAME:
                    # 'Оша' is also Uzbek 'oʻsha' (that): a short name's Russian cases count
                    # only after a preposition ('из Оша').
                    self._after_preposition.setdefault(form, place)
                    continue
                self._forms.setdefault(form, hit(role))
        if last.endswith("n"):  # Қазақстанға folds to 'kazakstana': 'ng' is one sound
            self._forms[prefix + last + "a"] = hit(TO)
            self._forms[prefix + last + "e"] = hit(TO)

    def place(self, text: str) -> Place | None:
        """The place the whole message names ('Ош', 'в Алматы', 'Toshkentga'), if it does."""
        route = self.route(text)
        return route.found[0].place if len(route.found) == 1 and not route.rest else None

    def route(self, text: str) -> Route:
        words = fold(text).split()
        route = Route()
        rest: list[str] = []
        i = 0
        while i < len(words):
            for size in range(min(MAX_WORDS, len(words) - i), 0, -1):
                typed = " ".join(words[i : i + size])
                hit = self._forms.get(typed)
                if hit is None and rest and rest[-1] in PREPOSITIONS:
                    found = self._after_preposition.get(typed)
                    hit = (found, None) if found else None
                if hit is None:
                    continue
                place, role = hit
                if rest and rest[-1] in PREPOSITIONS:  # the preposition decides ('из Оша')
                    role = PREPOSITIONS[rest[-1]]
                    rest.pop()
                elif rest and rest[-1] in ("dan", "ga", "gaça"):  # a postposition typed apart
                    role = role or (FROM if rest[-1] == "dan" else TO)
                route.found.append(Found(place, role, typed))
                i += size
                break
            else:
                if route.found and words[i] in ("dan", "ga") and route.found[-1].role is None:
                    last = route.found[-1]
                    role = FROM if words[i] == "dan" else TO
                    route.found[-1] = Found(last.place, role, last.typed)
                else:
                    rest.append(words[i])
                i += 1
        route.rest = " ".join(rest)
        return route

"""Knowledge model, validated on load.

The same classes describe the YAML files admins edit and the in-memory knowledge the bot
answers from, so a file that validates is a file the bot can serve. Every fact that a trader
may act on carries a ``source`` (an id in ``sources``) and a ``verified`` date.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

from knowledge import LANGS

HS_PATTERN = re.compile(r"^\d{4}(\.\d{2}){0,2}$")
ID_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,39}$"

# Commodity categories drive the rules; a commodity may have several.
CATEGORIES: frozenset[str] = frozenset(
    {
        "live_animal",  # veterinary control at the border
        "animal_product",  # products of animal origin: veterinary control
        "plant",  # plants and plant products under phytosanitary (quarantine) control
        "food",  # food for people: food safety rules
        "feed",  # animal feed
        "seed",  # seeds and planting material
        "textile",  # fibres, yarn, fabric
        "clothing",  # garments and made-up textile articles
        "footwear",
        "leather",  # hides, skins, leather goods
        "cosmetics",  # perfumery, cosmetics, soap, hygiene
        "children",  # goods for children (toys, children's clothing)
        "toys",
        "electrical",  # low-voltage electrical equipment, household appliances
        "electronics",  # phones, computers, radio equipment
        "machinery",
        "vehicle",
        "furniture",
        "construction",  # cement, tiles, building materials
        "metal",
        "wood",
        "paper",
        "plastics",
        "chemicals",
        "fertilizer",
        "fuel",
        "medicine",
        "jewelry",
        "tobacco",
        "alcohol",
        "household",  # tableware, kitchenware, household articles
        # unprocessed food of animal origin (raw meat, fish, honey): in the EAEU a
        # veterinary-sanitary examination instead of a declaration of conformity
        "unprocessed_animal",
    }
)

Id = Annotated[str, Field(pattern=ID_PATTERN)]
CountryCode = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Text(Frozen):
    """A text in all seven languages; none may be missing or blank."""

    kk: str
    ky: str
    tg: str
    tk: str
    uz: str
    ru: str
    en: str

    @field_validator("*")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("translation is empty")
        return value.strip()

    def get(self, lang: str) -> str:
        return getattr(self, lang if lang in LANGS else "en")


def localized(value: Text | str, lang: str) -> str:
    """A field that is either one string for every language or a Text."""
    return value if isinstance(value, str) else value.get(lang)


class Bloc(StrEnum):
    EAEU = "EAEU"
    CIS_FTA = "CIS_FTA"
    WTO = "WTO"


class Side(StrEnum):
    EXPORT = "export"
    CROSSING = "crossing"
    IMPORT = "import"


class Source(Frozen):
    """Where a fact comes from: an official address or a legal citation.

    ``countries`` are the countries whose facts the source covers (an act's parties, the
    country of a national law or page): the loader refuses a requirement or a right that
    cites a source for a country the source does not name. ``title`` is what a trader sees:
    a Text in her language (official titles of acts in Russian and the national languages),
    or one string where the title is an address or a name with no translation.
    """

    id: Id
    title: Text | str
    url: str | None = None
    citation: str | None = None
    language: str = "en"
    countries: tuple[CountryCode, ...] = ()
    verified: dt.date


class Agency(Frozen):
    id: Id
    country: CountryCode
    kind: str  # customs, phytosanitary, veterinary, sanitary, standards, chamber, portal, ...
    name: Text
    url: str | None = None
    source: Id
    verified: dt.date


class Membership(Frozen):
    bloc: Bloc
    since: dt.date | None = None
    source: Id


class Country(Frozen):
    code: CountryCode
    # Overrides Babel's CLDR names where the region's usage differs (ru: Кыргызстан).
    names: dict[str, str] = Field(default_factory=dict)
    # Extra spellings traders type, per language ("Kirgizia", "Qozog'iston", ...).
    aliases: dict[str, list[str]] = Field(default_factory=dict)
    memberships: tuple[Membership, ...] = ()
    portal: Id | None = None  # agency id of the national trade information portal
    focus: bool = False  # one of the five Central Asian countries
    # Countries across a land border; listing a pair on either side is enough.
    neighbours: tuple[CountryCode, ...] = ()
    # For a partner that is not a neighbour: the countries the usual road route crosses
    # (listing a pair on either side is enough). Customs transit depends on them.
    transit: dict[CountryCode, tuple[CountryCode, ...]] = Field(default_factory=dict)


class Commodity(Frozen):
    hs: Annotated[str, Field(pattern=HS_PATTERN.pattern)]
    names: Text
    # Colloquial names, loanwords, misspellings, per language (keys among LANGS).
    synonyms: dict[str, list[str]] = Field(default_factory=dict)
    categories: tuple[str, ...] = ()

    @field_validator("categories")
    @classmethod
    def _known_categories(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = sorted(set(value) - CATEGORIES)
        if unknown:
            raise ValueError(f"unknown category: {', '.join(unknown)}")
        return value


class Document(Frozen):
    id: Id
    name: Text


class PairCondition(StrEnum):
    """Conditions on the (origin, destination) pair that change the rules."""

    BOTH_EAEU = "both_eaeu"
    NOT_BOTH_EAEU = "not_both_eaeu"
    CIS_FTA = "cis_fta"  # both parties to the CIS free trade area treaty
    NOT_CIS_FTA = "not_cis_fta"
    NEIGHBOURS = "neighbours"  # the two countries share a land border
    NOT_NEIGHBOURS = "not_neighbours"  # goods cross at least one other country
    # Goods cross a third country under customs transit: not neighbours, unless both are
    # EAEU members and the route crosses only EAEU members (EAEU goods then need no transit).
    TRANSIT = "transit"


class Applies(Frozen):
    """When a requirement applies. Empty lists mean 'any'.

    Empty ``countries`` means any country: the loader then requires the requirement's source
    to name every country of the knowledge base (see ``Knowledge.check_coverage``)."""

    countries: tuple[CountryCode, ...] = ()  # the country on the requirement's side
    categories: tuple[str, ...] = ()  # any of these commodity categories
    hs_prefixes: tuple[str, ...] = ()  # any of these HS code prefixes (digits only)
    exclude_categories: tuple[str, ...] = ()
    exclude_hs_prefixes: tuple[str, ...] = ()  # none of these HS code prefixes
    # The country on the other side (the origin of an import rule, the destination of an
    # export rule); empty means any.
    partners: tuple[CountryCode, ...] = ()
    pair: tuple[PairCondition, ...] = ()  # all must hold


class Requirement(Frozen):
    id: Id
    side: Side
    order: int = 50  # position within its side: lower comes first
    applies: Applies = Applies()
    title: Text
    text: Text
    agency: Id | None = None
    documents: tuple[Id, ...] = ()
    cost: Text | None = None  # null: not sourced, the bot says to check with the agency
    time: Text | None = None
    legal_basis: Text  # the citation in each language: official titles, English only in English
    source: Id
    verified: dt.date


class BorderPost(Frozen):
    id: Id
    # Names per country side, e.g. {"KG": "Ak-Jol", "KZ": "Korday"}.
    names: dict[CountryCode, str]
    traffic: tuple[str, ...] = ("road",)  # road, rail, pedestrian
    note: Text | None = None
    source: Id
    verified: dt.date


class Right(Frozen):
    id: Id
    text: Text
    legal_basis: Text  # the citation in each language: official titles, English only in English
    # Countries where this right holds; empty means every country. Use the bloc list to say
    # e.g. 'WTO members only'.
    blocs: tuple[Bloc, ...] = ()
    countries: tuple[CountryCode, ...] = ()
    source: Id
    verified: dt.date


class Situation(Frozen):
    id: Id
    title: Text
    rights: tuple[Id, ...]
    ask_for: Text
    next_steps: Text


class KnowledgeFile(Frozen):
    """One YAML file: any of these sections; the loader merges them across files."""

    sources: tuple[Source, ...] = ()
    agencies: tuple[Agency, ...] = ()
    countries: tuple[Country, ...] = ()
    commodities: tuple[Commodity, ...] = ()
    documents: tuple[Document, ...] = ()
    requirements: tuple[Requirement, ...] = ()
    border_posts: tuple[BorderPost, ...] = ()
    rights: tuple[Right, ...] = ()
    situations: tuple[Situation, ...] = ()

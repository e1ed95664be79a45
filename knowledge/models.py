"""Knowledge model, validated on load.

The same classes describe the YAML files admins edit and the in-memory knowledge the bot
answers from, so a file that validates is a file the bot can serve. Every fact that a trader
may act on carries a ``source`` (an id in ``sources``) and a ``verified`` date.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

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
    # Validators are built on first use: reading pickled knowledge (bot/library_cache.py)
    # needs the classes, not their validators.
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


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
    countries: tuple[CountryCode, ...] = ()


class Contact(Frozen):
    """One office of an agency, each detail as its official source gives it (never guessed)."""

    office: Text  # 'Head office', 'Regional office in Osh', ...
    address: Text | None = None
    phone: str | None = None  # exactly as the source publishes it (a number or a short hotline)
    hours: Text | None = None
    url: str | None = None
    source: Id
    verified: dt.date


class Agency(Frozen):
    id: Id
    country: CountryCode
    kind: str  # customs, phytosanitary, veterinary, sanitary, standards, chamber, portal, ...
    name: Text
    url: str | None = None
    source: Id
    verified: dt.date
    contacts: tuple[Contact, ...] = ()


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
    applies: Applies = Field(default_factory=Applies)  # built on use: no validator at import
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
    # Names per country side, e.g. {"KG": "Ak-Jol", "KZ": "Korday"}: only names a source
    # gives; a side whose name is not sourced is left out (see `countries`).
    names: dict[CountryCode, str]
    # The same names in each language's script, per side: {"KZ": {kk: Қордай, uz: Qordoy...}}.
    local_names: dict[CountryCode, Text] = Field(default_factory=dict)
    # The two countries the post joins, when `names` does not name both sides.
    countries: tuple[CountryCode, ...] = ()
    traffic: tuple[str, ...] = ("road",)  # road, rail, pedestrian
    cargo: bool | None = None  # takes freight; None: not known from a source
    closed_to_cargo: bool = False  # a source says it is closed to freight now
    hours: Text | None = None  # working days and hours, as a source gives them
    note: Text | None = None
    source: Id
    verified: dt.date
    # Further sources behind hours, cargo or the note.
    sources: tuple[Id, ...] = ()

    def joins(self) -> set[str]:
        return set(self.countries) | set(self.names)

    def name_in(self, side: str, lang: str) -> str:
        local = self.local_names.get(side)
        return local.get(lang) if local is not None else self.names[side]


class RightShort(Frozen):
    """A right in a few words, for the card kept offline (one SMS): part of what the right
    says, and its legal basis abbreviated (the act's short name and the article or chapter
    of the full citation). The right's own source and date cover it."""

    text: Text
    act: Text
    article: Text | None = None  # none when the full citation names no article either


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
    short: RightShort | None = None


class RightsCard(Frozen):
    """The rights on a country's card to keep offline, most useful first: a channel that
    cannot carry them all (an SMS) keeps the first ones, the full card one step away.
    Each right must hold in the country and have a short form."""

    country: CountryCode
    rights: tuple[Id, ...] = Field(min_length=1)


class Situation(Frozen):
    id: Id
    title: Text
    rights: tuple[Id, ...]
    ask_for: Text
    next_steps: Text


# ---- costs: fees, units of account, taxes, duties, allowances ----------------------------
# Every figure carries its source and the date it was verified: a fee, rate or time without
# them does not load.

Currency = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
Money = Annotated[Decimal, Field(ge=0, allow_inf_nan=False)]
Percent = Annotated[Decimal, Field(ge=0, le=100, allow_inf_nan=False)]
# An excise may exceed the value it is charged on (Turkmenistan's 168% on wine).
ExcisePercent = Annotated[Decimal, Field(ge=0, le=1000, allow_inf_nan=False)]
REGIMES = ("EAEU", "UZ", "TJ", "TM", "CN", "TR", "AF")
Regime = Annotated[str, Field(pattern=r"^(EAEU|UZ|TJ|TM|CN|TR|AF)$")]


class UnitValue(Frozen):
    """A unit of account fees are set in (MCI/MRP, calculation index, BRV) and its value."""

    id: Id
    country: CountryCode
    name: Text
    currency: Currency
    value: Annotated[Decimal, Field(gt=0, allow_inf_nan=False)]
    valid_from: dt.date
    source: Id
    verified: dt.date


class FeeBand(Frozen):
    """The amount where the fee depends on the value of the goods."""

    up_to: Money | None = None  # value of the goods up to this, in the fee's band currency
    amount: Money


class Fee(Frozen):
    """The official fee and service time of one step (a requirement) in one country."""

    requirement: Id
    country: CountryCode
    amount: Money | None = None  # in `unit`; 0 where the act says free of charge
    amount_max: Money | None = None  # where the act sets a range
    unit: str | None = None  # a unit id (kz-mci) or a currency code (KZT)
    bands: tuple[FeeBand, ...] = ()  # by value of the goods, in band_currency
    band_currency: Currency | None = None
    days: Annotated[int, Field(ge=0, le=365)] | None = None  # working days
    days_max: Annotated[int, Field(ge=0, le=365)] | None = None
    hours: Annotated[int, Field(ge=0, le=72)] | None = None  # where the act sets hours
    per: Text | None = None  # what one fee pays for: a certificate, a consignment
    note: Text | None = None
    source: Id
    # Where the time comes from another act than the amount (the amount's act names no
    # time): the source of `days`/`hours`; without it `source` covers both.
    time_source: Id | None = None
    verified: dt.date

    @model_validator(mode="after")
    def _says_something(self) -> Fee:
        has_amount = self.amount is not None or bool(self.bands)
        if not has_amount and self.days is None and self.hours is None:
            raise ValueError("a fee needs an amount, bands or a time")
        if has_amount and not self.unit:
            raise ValueError("an amount needs its unit")
        if self.bands and not self.band_currency:
            raise ValueError("bands need band_currency")
        if self.time_source and self.days is None and self.hours is None:
            raise ValueError("time_source needs a time (days or hours)")
        return self

    @property
    def time_source_id(self) -> str:
        """The source behind the time: its own where given, else the fee's."""
        return self.time_source or self.source


class ReducedVat(Frozen):
    rate: Percent
    rate_max: Percent | None = None  # where the code decides between two rates
    hs_prefixes: tuple[str, ...] = ()  # digits only
    categories: tuple[str, ...] = ()
    note: Text
    source: Id
    verified: dt.date


class VatRate(Frozen):
    """VAT on imports into one country: the standard rate and rates for some catalog goods."""

    country: CountryCode
    standard: Percent
    valid_from: dt.date | None = None  # when the rate took effect, where the source says
    reduced: tuple[ReducedVat, ...] = ()
    note: Text | None = None
    source: Id
    verified: dt.date


class Duty(Frozen):
    """Import duty of one heading (or subheading) under one importing regime."""

    regime: Regime
    hs: Annotated[str, Field(pattern=HS_PATTERN.pattern)]
    # Ad valorem; the lowest within the heading where codes differ. None for a duty set only
    # per unit (Turkmenistan's: US dollars per kg), which `specific` then states.
    rate: Percent | None = None
    rate_max: Percent | None = None  # the highest within the heading
    specific: Text | None = None  # a specific or minimum part the estimate leaves out
    # A temporary rate (a zero rate until a date): the last day it applies. After it the
    # entry no longer answers and the duty is 'not in our sources' until someone adds the
    # rate that follows.
    valid_until: dt.date | None = None
    source: Id
    verified: dt.date

    @model_validator(mode="after")
    def _rate_or_specific(self) -> Duty:
        if self.rate is None and self.specific is None:
            raise ValueError("a duty needs a rate, a specific amount, or both")
        if self.rate is None and self.rate_max is not None:
            raise ValueError("rate_max needs a rate")
        return self


class Excise(Frozen):
    """Excise on import of one heading (or subheading) into one country: the ad valorem part
    the estimate counts, and a per-unit minimum it leaves out (Turkmenistan's 'additional
    payment': 50% of the customs value but at least 4 manat a litre of beer)."""

    country: CountryCode
    hs: Annotated[str, Field(pattern=HS_PATTERN.pattern)]
    rate: ExcisePercent  # of the customs value
    minimum: Text | None = None  # a per-unit minimum the estimate leaves out
    source: Id
    verified: dt.date


class Allowance(Frozen):
    """Goods for personal use: what an individual brings in free of duty, by transport."""

    id: Id
    regime: Regime
    mode: Annotated[str, Field(pattern=r"^(air|land|road|rail|any)$")]
    value: Money | None = None
    currency: Currency | None = None
    weight_kg: Money | None = None
    text: Text
    source: Id
    verified: dt.date


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
    cards: tuple[RightsCard, ...] = ()
    situations: tuple[Situation, ...] = ()
    measures: tuple[Measure, ...] = ()
    units: tuple[UnitValue, ...] = ()
    fees: tuple[Fee, ...] = ()
    vat: tuple[VatRate, ...] = ()
    duties: tuple[Duty, ...] = ()
    excise: tuple[Excise, ...] = ()
    allowances: tuple[Allowance, ...] = ()


# ---- temporary measures: bans, quotas, licences -----------------------------------------


class Direction(StrEnum):
    EXPORT = "export"
    IMPORT = "import"
    TRANSIT = "transit"


class MeasureKind(StrEnum):
    BAN = "ban"
    QUOTA = "quota"
    LICENCE = "licence"
    SEASONAL = "seasonal"  # a restriction for part of the year
    SANITARY_BAN = "sanitary_ban"  # on goods from a source country, for an animal or plant disease


class Act(Frozen):
    """The act that imposes (or extends) a measure: its title, number and date."""

    title: Text | str
    number: Annotated[str, Field(min_length=1)]
    date: dt.date
    source: Id | None = None  # where this act was read, when not the measure's own source

    @field_validator("number")
    @classmethod
    def _number_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("act number is empty")
        return value.strip()


class Measure(Frozen):
    """A temporary trade measure of one country, dated; shown before every step it touches.

    `end` is the last day the measure is in force; none means until cancelled. `partners`
    narrows it: for an export, the destinations; for an import or a transit, the countries
    the goods come from (a sanitary ban names its source country). Empty: every partner.
    """

    id: Id
    country: CountryCode
    direction: Direction
    kind: MeasureKind
    hs_prefixes: tuple[str, ...] = Field(min_length=1)
    partners: tuple[CountryCode, ...] = ()
    except_partners: tuple[CountryCode, ...] = ()
    start: dt.date
    end: dt.date | None = None
    text: Text  # what is restricted, in one short sentence
    exceptions: Text | None = None
    act: Act
    extended_by: tuple[Act, ...] = ()  # later acts that moved the end, oldest first
    source: Id
    verified: dt.date

    @field_validator("hs_prefixes")
    @classmethod
    def _hs_prefixes(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        bad = [p for p in value if not p.isdigit() or not 2 <= len(p) <= 10]
        if bad:
            raise ValueError(f"bad HS code prefix '{bad[0]}'")
        return value

    @model_validator(mode="after")
    def _sensible(self) -> Measure:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"measure ends before it starts ({self.end} < {self.start})")
        if self.kind == MeasureKind.SANITARY_BAN and not self.partners:
            raise ValueError("a sanitary ban names its source country in partners")
        if self.kind == MeasureKind.SANITARY_BAN and self.direction == Direction.EXPORT:
            raise ValueError("a sanitary ban applies to imports or transit")
        if self.direction == Direction.TRANSIT and not self.partners:
            raise ValueError("a transit measure names the countries the goods come from")
        return self

    @property
    def latest_act(self) -> Act:
        return self.extended_by[-1] if self.extended_by else self.act


# `Measure` is declared after the file that holds it: the deferred build (Frozen) resolves it
# when a file is first validated. An explicit model_rebuild() here would build every validator
# at import, about 50 ms of each `tradebot ask`.

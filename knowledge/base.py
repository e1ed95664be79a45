"""The knowledge the bot answers from: validated, indexed, immutable.

An instance is one knowledge version. Answers are composed from rules at query time, so
one requirement written once serves every flow it applies to.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache

from babel import Locale

from knowledge import LANGS
from knowledge.models import (
    Agency,
    Allowance,
    Bloc,
    BorderPost,
    Commodity,
    Country,
    Document,
    Duty,
    Excise,
    Fee,
    KnowledgeFile,
    Measure,
    PairCondition,
    Requirement,
    Right,
    RightsCard,
    Side,
    Situation,
    Source,
    UnitValue,
    VatRate,
)

SIDE_ORDER = {Side.EXPORT: 0, Side.CROSSING: 1, Side.IMPORT: 2}
SECTIONS = (
    "sources",
    "agencies",
    "countries",
    "commodities",
    "documents",
    "requirements",
    "border_posts",
    "rights",
    "cards",
    "situations",
    "measures",
    "units",
    "fees",
    "vat",
    "duties",
    "allowances",
    "excise",
)


def item_key(section: str, item: object) -> str:
    if section in COST_KEYS:
        return COST_KEYS[section](item)
    if section == "commodities":
        return item.hs  # type: ignore[attr-defined]
    if section == "countries":
        return item.code  # type: ignore[attr-defined]
    if section == "cards":
        return item.country  # type: ignore[attr-defined]
    return item.id  # type: ignore[attr-defined]


COST_KEYS = {
    "fees": lambda fee: f"{fee.requirement}@{fee.country}",
    "vat": lambda vat: vat.country,
    "duties": lambda duty: f"{duty.regime}:{duty.hs}",
    "excise": lambda excise: f"{excise.country}:{excise.hs}",
}


@cache
def cldr_country_name(code: str, lang: str) -> str | None:
    return Locale.parse(lang).territories.get(code)


def hs_digits(code: str) -> str:
    return code.replace(".", "")


@dataclass(frozen=True)
class Knowledge:
    sources: Mapping[str, Source]
    agencies: Mapping[str, Agency]
    countries: Mapping[str, Country]
    commodities: Mapping[str, Commodity]
    documents: Mapping[str, Document]
    requirements: tuple[Requirement, ...]
    border_posts: tuple[BorderPost, ...]
    rights: Mapping[str, Right]
    situations: Mapping[str, Situation]
    # Costs (knowledge/costs.py): units of account, fees by 'requirement@country', VAT by
    # country, duties by 'regime:hs', personal-use allowances.
    units: Mapping[str, UnitValue] = field(default_factory=dict)
    fees: Mapping[str, Fee] = field(default_factory=dict)
    vat: Mapping[str, VatRate] = field(default_factory=dict)
    duties: Mapping[str, Duty] = field(default_factory=dict)
    allowances: Mapping[str, Allowance] = field(default_factory=dict)
    excise: Mapping[str, Excise] = field(default_factory=dict)  # by 'country:hs'
    checksum: str = ""
    version: int = 0
    # Where each item came from, and duplicates seen while merging: for error reports.
    origins: Mapping[tuple[str, str], str] = field(default_factory=dict, repr=False)
    duplicates: tuple[tuple[str, str, str], ...] = field(default=(), repr=False)
    measures: Mapping[str, Measure] = field(default_factory=dict)  # temporary bans, quotas
    cards: Mapping[str, RightsCard] = field(default_factory=dict)  # by country
    # steps_for's answers: a flow's procedure is asked for on every page of an answer.
    _steps: dict[tuple[str, str, str], tuple[Requirement, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @classmethod
    def from_files(cls, files: Mapping[str, KnowledgeFile], checksum: str = "") -> Knowledge:
        merged: dict[str, dict[str, object]] = {section: {} for section in SECTIONS}
        origins: dict[tuple[str, str], str] = {}
        duplicates: list[tuple[str, str, str]] = []
        for name, file in sorted(files.items()):
            for section in SECTIONS:
                for index, item in enumerate(getattr(file, section)):
                    key = item_key(section, item)
                    if key in merged[section]:
                        first = origins[(section, key)]
                        duplicates.append(
                            (name, f"{section}[{index}] ({key})", f"duplicate id, first in {first}")
                        )
                        continue
                    merged[section][key] = item
                    origins[(section, key)] = name
        return cls(
            sources=merged["sources"],  # type: ignore[arg-type]
            agencies=merged["agencies"],  # type: ignore[arg-type]
            countries=merged["countries"],  # type: ignore[arg-type]
            commodities=merged["commodities"],  # type: ignore[arg-type]
            documents=merged["documents"],  # type: ignore[arg-type]
            requirements=tuple(merged["requirements"].values()),  # type: ignore[arg-type]
            border_posts=tuple(merged["border_posts"].values()),  # type: ignore[arg-type]
            rights=merged["rights"],  # type: ignore[arg-type]
            situations=merged["situations"],  # type: ignore[arg-type]
            measures=merged["measures"],  # type: ignore[arg-type]
            cards=merged["cards"],  # type: ignore[arg-type]
            units=merged["units"],  # type: ignore[arg-type]
            fees=merged["fees"],  # type: ignore[arg-type]
            vat=merged["vat"],  # type: ignore[arg-type]
            duties=merged["duties"],  # type: ignore[arg-type]
            allowances=merged["allowances"],  # type: ignore[arg-type]
            excise=merged["excise"],  # type: ignore[arg-type]
            checksum=checksum,
            origins=origins,
            duplicates=tuple(duplicates),
        )

    def with_version(self, version: int) -> Knowledge:
        from dataclasses import replace

        return replace(self, version=version)

    # ---- checks -------------------------------------------------------------------------

    def check_references(self) -> list[tuple[str, str, str]]:
        """Every id that one item names must exist: a dangling reference is a wrong answer."""
        problems = list(self.duplicates)

        def where(section: str, key: str) -> str:
            return self.origins.get((section, key), "?")

        def need(
            kind: str, ids: Mapping[str, object], ref: str | None, section: str, key: str, path: str
        ) -> None:
            if ref is not None and ref not in ids:
                problems.append(
                    (where(section, key), f"{section} ({key}).{path}", f"unknown {kind} '{ref}'")
                )

        for key, agency in self.agencies.items():
            need("source", self.sources, agency.source, "agencies", key, "source")
            need("country", self.countries, agency.country, "agencies", key, "country")
            for contact in agency.contacts:
                need("source", self.sources, contact.source, "agencies", key, "contacts")
        for key, country in self.countries.items():
            need("agency", self.agencies, country.portal, "countries", key, "portal")
            for membership in country.memberships:
                need("source", self.sources, membership.source, "countries", key, "memberships")
            for code in country.neighbours:
                need("country", self.countries, code, "countries", key, "neighbours")
            for code, via in country.transit.items():
                for ref in (code, *via):
                    need("country", self.countries, ref, "countries", key, "transit")
            for lang in LANGS:
                if not (country.names.get(lang) or cldr_country_name(key, lang)):
                    problems.append(
                        (
                            where("countries", key),
                            f"countries ({key}).names.{lang}",
                            f"missing translation ({lang})",
                        )
                    )
        for req in self.requirements:
            need("source", self.sources, req.source, "requirements", req.id, "source")
            need("agency", self.agencies, req.agency, "requirements", req.id, "agency")
            for doc in req.documents:
                need("document", self.documents, doc, "requirements", req.id, "documents")
            for code in req.applies.countries:
                need("country", self.countries, code, "requirements", req.id, "applies.countries")
            for code in req.applies.partners:
                need("country", self.countries, code, "requirements", req.id, "applies.partners")
            for prefix in (*req.applies.hs_prefixes, *req.applies.exclude_hs_prefixes):
                if not prefix.isdigit() or not 2 <= len(prefix) <= 10:
                    problems.append(
                        (
                            where("requirements", req.id),
                            f"requirements ({req.id}).applies.hs_prefixes",
                            f"bad HS code prefix '{prefix}'",
                        )
                    )
        for post in self.border_posts:
            need("source", self.sources, post.source, "border_posts", post.id, "source")
            for extra in post.sources:
                need("source", self.sources, extra, "border_posts", post.id, "sources")
            for code in post.joins():
                need("country", self.countries, code, "border_posts", post.id, "countries")
        for key, right in self.rights.items():
            need("source", self.sources, right.source, "rights", key, "source")
            for code in right.countries:
                need("country", self.countries, code, "rights", key, "countries")
        for key, situation in self.situations.items():
            for right_id in situation.rights:
                need("right", self.rights, right_id, "situations", key, "rights")
        problems += self.card_problems()
        for key, measure in self.measures.items():
            need("source", self.sources, measure.source, "measures", key, "source")
            need("country", self.countries, measure.country, "measures", key, "country")
            for act in (measure.act, *measure.extended_by):
                need("source", self.sources, act.source, "measures", key, "act.source")
            for code in (*measure.partners, *measure.except_partners):
                need("country", self.countries, code, "measures", key, "partners")
        from knowledge.costs import cost_problems

        problems += cost_problems(self)
        return problems + self.check_coverage()

    def card_problems(self) -> list[tuple[str, str, str]]:
        """A country's card names rights that exist, hold there and have a short form."""
        problems: list[tuple[str, str, str]] = []
        for code, card in self.cards.items():
            where = (self.origins.get(("cards", code), "?"), f"cards ({code})")
            if code not in self.countries:
                problems.append((*where, f"unknown country '{code}'"))
            for right_id in card.rights:
                right = self.rights.get(right_id)
                if right is None:
                    problems.append((*where, f"unknown right '{right_id}'"))
                elif not self.right_holds(right, code):
                    problems.append((*where, f"right '{right_id}' does not hold in {code}"))
                elif right.short is None:
                    problems.append((*where, f"right '{right_id}' has no short form"))
        return problems

    def check_coverage(self) -> list[tuple[str, str, str]]:
        """Every requirement and right cites a source that names each country it applies to.

        A requirement with no ``applies.countries`` applies to any country, so its source
        must name every country of the knowledge base; otherwise list the countries (on the
        crossing side: the origin or the destination) or split it per country. A right holds
        in its ``countries``, else in the members of its blocs, else everywhere.
        """
        problems: list[tuple[str, str, str]] = []

        def check(section: str, key: str, source_id: str, countries: Iterable[str]) -> None:
            source = self.sources.get(source_id)
            if source is None:
                return  # reported as an unknown source
            missing = [c for c in countries if c not in source.countries]
            if missing:
                problems.append(
                    (
                        self.origins.get((section, key), "?"),
                        f"{section} ({key}).source",
                        f"source '{source_id}' does not cover {', '.join(missing)}",
                    )
                )

        for req in self.requirements:
            check("requirements", req.id, req.source, req.applies.countries or self.countries)
        for key, right in self.rights.items():
            check("rights", key, right.source, self.right_countries(right))
        return problems

    def right_countries(self, right: Right) -> list[str]:
        """The countries whose officials are bound by a right."""
        return [code for code in self.countries if self.right_holds(right, code)]

    # ---- look-ups -----------------------------------------------------------------------

    def country_name(self, code: str, lang: str) -> str:
        country = self.countries.get(code)
        if country and country.names.get(lang):
            return country.names[lang]
        return cldr_country_name(code, lang) or code

    def focus_countries(self) -> list[str]:
        return [code for code, country in self.countries.items() if country.focus]

    def partner_countries(self) -> list[str]:
        return [code for code, country in self.countries.items() if not country.focus]

    def is_member(self, code: str, bloc: Bloc) -> bool:
        country = self.countries.get(code)
        return bool(country) and any(m.bloc == bloc for m in country.memberships)

    def pair_holds(self, condition: PairCondition, origin: str, destination: str) -> bool:
        both_eaeu = self.is_member(origin, Bloc.EAEU) and self.is_member(destination, Bloc.EAEU)
        both_cis = self.is_member(origin, Bloc.CIS_FTA) and self.is_member(
            destination, Bloc.CIS_FTA
        )
        neighbours = self.are_neighbours(origin, destination)
        return {
            PairCondition.BOTH_EAEU: both_eaeu,
            PairCondition.NOT_BOTH_EAEU: not both_eaeu,
            PairCondition.CIS_FTA: both_cis,
            PairCondition.NOT_CIS_FTA: not both_cis,
            PairCondition.NEIGHBOURS: neighbours,
            PairCondition.NOT_NEIGHBOURS: not neighbours,
            PairCondition.TRANSIT: self.needs_transit(origin, destination),
        }[condition]

    def transit_countries(self, first: str, second: str) -> tuple[str, ...] | None:
        """The countries the usual road route between two countries crosses; None if the
        knowledge does not say."""
        for a, b in ((first, second), (second, first)):
            country = self.countries.get(a)
            if country is not None and b in country.transit:
                return country.transit[b]
        return None

    def needs_transit(self, origin: str, destination: str) -> bool:
        """Customs transit is needed where the goods cross a third country, except for EAEU
        goods between EAEU members over EAEU territory only (EAEU Treaty, art. 25; EAEU
        Customs Code, art. 142)."""
        if self.are_neighbours(origin, destination):
            return False
        via = self.transit_countries(origin, destination)
        inside = (origin, destination, *(via or ()))
        return via is None or not all(self.is_member(c, Bloc.EAEU) for c in inside)

    def are_neighbours(self, first: str, second: str) -> bool:
        def lists(code: str, other: str) -> bool:
            country = self.countries.get(code)
            return country is not None and other in country.neighbours

        return lists(first, second) or lists(second, first)

    def applies(
        self, req: Requirement, commodity: Commodity, origin: str, destination: str
    ) -> bool:
        rule = req.applies
        if rule.countries:
            if req.side == Side.EXPORT and origin not in rule.countries:
                return False
            if req.side == Side.IMPORT and destination not in rule.countries:
                return False
            if req.side == Side.CROSSING and not {origin, destination} & set(rule.countries):
                return False
        categories = set(commodity.categories)
        if rule.categories and not categories & set(rule.categories):
            return False
        if categories & set(rule.exclude_categories):
            return False
        code = hs_digits(commodity.hs)
        if rule.hs_prefixes and not any(code.startswith(p) for p in rule.hs_prefixes):
            return False
        if any(code.startswith(p) for p in rule.exclude_hs_prefixes):
            return False
        if rule.partners:
            partner = origin if req.side == Side.IMPORT else destination
            if req.side == Side.CROSSING or partner not in rule.partners:
                return False
        return all(self.pair_holds(c, origin, destination) for c in rule.pair)

    def steps_for(self, commodity: Commodity, origin: str, destination: str) -> list[Requirement]:
        """The procedure for one flow: export side, then the crossing, then the import side."""
        key = (commodity.hs, origin, destination)
        steps = self._steps.get(key)
        if steps is None:
            found = [
                r for r in self.requirements if self.applies(r, commodity, origin, destination)
            ]
            steps = tuple(sorted(found, key=lambda r: (SIDE_ORDER[r.side], r.order, r.id)))
            self._steps[key] = steps
        return list(steps)

    def border_posts_for(self, origin: str, destination: str) -> list[BorderPost]:
        return [p for p in self.border_posts if {origin, destination} <= p.joins()]

    def rights_for(
        self, countries: Collection[str], ids: Iterable[str] | None = None
    ) -> list[Right]:
        """The rights (all, or those named) that hold in any of the countries; without
        countries, all of them."""
        rights = [self.rights[i] for i in ids] if ids is not None else list(self.rights.values())
        if not countries:
            return rights
        return [r for r in rights if any(self.right_holds(r, c) for c in countries)]

    def right_scope(self, right: Right, countries: Iterable[str]) -> list[str]:
        """Of the given countries, those whose officials the right binds."""
        return [c for c in countries if self.right_holds(right, c)]

    def right_holds(self, right: Right, country: str) -> bool:
        if right.countries and country not in right.countries:
            return False
        return not right.blocs or any(self.is_member(country, bloc) for bloc in right.blocs)

    def agencies_of(self, country: str) -> Iterator[Agency]:
        return (a for a in self.agencies.values() if a.country == country)

    def portal_of(self, country: str) -> Agency | None:
        entry = self.countries.get(country)
        return self.agencies.get(entry.portal) if entry and entry.portal else None

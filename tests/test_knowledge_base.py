"""The shipped knowledge: covers every flow, sourced, in 7 languages; versioned in the database."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.bootstrap import App
from bot.i18n import Translator
from handlers import views
from handlers.context import Context, Library
from handlers.state import State, Step
from handlers.views import destinations
from knowledge import LANGS
from knowledge.base import Knowledge
from knowledge.loader import DATA_DIR, KnowledgeError, load_knowledge, read_sources
from knowledge.models import Text, localized

FOCUS = ("KZ", "KG", "TJ", "TM", "UZ")
PARTNERS = ("CN", "RU", "AF", "TR")
# A copy of the workplace's minimum catalog (shared/reference/commodities.tsv), so the test
# runs on any clone.
CATALOG = Path(__file__).resolve().parent / "data" / "commodities.tsv"


def covered_pairs() -> list[tuple[str, str]]:
    inner = [(a, b) for a in FOCUS for b in FOCUS if a != b]
    outer = [(a, p) for a in FOCUS for p in PARTNERS] + [(p, a) for a in FOCUS for p in PARTNERS]
    return inner + outer


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return load_knowledge()


def test_there_are_sixty_directed_pairs_and_the_bot_offers_each(knowledge: Knowledge):
    pairs = covered_pairs()
    assert len(pairs) == 60
    for origin, destination in pairs:
        assert destination in destinations(knowledge, origin)


def test_every_catalog_commodity_on_every_pair_gets_sourced_steps(knowledge: Knowledge):
    missing = []
    for commodity in knowledge.commodities.values():
        for origin, destination in covered_pairs():
            steps = knowledge.steps_for(commodity, origin, destination)
            if not steps:
                missing.append((commodity.hs, origin, destination))
            for step in steps:
                assert step.source in knowledge.sources
                assert all(step.legal_basis.get(lang).strip() for lang in LANGS)
    assert not missing, missing[:20]


def test_the_minimum_catalog_is_in_the_knowledge_base(knowledge: Knowledge):
    headings = [
        line.split("\t")[0]
        for line in CATALOG.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    assert len(headings) >= 150
    assert not [h for h in headings if h not in knowledge.commodities]


def test_dried_apricots_from_kg_to_kz_need_a_phytosanitary_certificate(knowledge: Knowledge):
    steps = knowledge.steps_for(knowledge.commodities["0813.10"], "KG", "KZ")
    documents = {doc for step in steps for doc in step.documents}
    assert "phyto-cert" in documents


def test_eaeu_goods_between_kg_and_kz_need_no_customs_declaration(knowledge: Knowledge):
    steps = knowledge.steps_for(knowledge.commodities["6109"], "KG", "KZ")
    assert not {"export-declaration", "import-declaration"} & {
        doc for step in steps for doc in step.documents
    }
    steps = knowledge.steps_for(knowledge.commodities["6109"], "UZ", "KZ")
    assert {"export-declaration", "import-declaration"} <= {
        doc for step in steps for doc in step.documents
    }


def test_transit_is_a_step_only_where_the_goods_cross_another_country(knowledge: Knowledge):
    def transit(origin: str, destination: str) -> bool:
        steps = knowledge.steps_for(knowledge.commodities["0813.10"], origin, destination)
        return "cross-transit" in {step.id for step in steps}

    for neighbours in (("KG", "KZ"), ("UZ", "TJ"), ("TM", "AF"), ("KZ", "CN"), ("KZ", "RU")):
        assert not transit(*neighbours) and not transit(*reversed(neighbours))
    for apart in (("KG", "TM"), ("TJ", "KZ"), ("TJ", "RU"), ("UZ", "TR"), ("TR", "KZ")):
        assert transit(*apart) and transit(*reversed(apart))


def test_neighbours_are_mutual_and_name_known_countries(knowledge: Knowledge):
    for code, country in knowledge.countries.items():
        for other in country.neighbours:
            assert other in knowledge.countries
            assert code in knowledge.countries[other].neighbours, f"{other} lacks {code}"
    assert sum(len(c.neighbours) for c in knowledge.countries.values()) >= 2 * 14


def test_every_text_exists_in_all_seven_languages(knowledge: Knowledge):
    def texts(item: object):
        for value in vars(item).values() if hasattr(item, "__dict__") else []:
            if isinstance(value, Text):
                yield value

    sections = [
        knowledge.commodities.values(),
        knowledge.requirements,
        knowledge.agencies.values(),
        knowledge.documents.values(),
        knowledge.rights.values(),
        knowledge.situations.values(),
    ]
    for section in sections:
        for item in section:
            for text in texts(item):
                assert all(text.get(lang).strip() for lang in LANGS)
    for code in knowledge.countries:
        for lang in LANGS:
            assert knowledge.country_name(code, lang) != code


def test_a_known_figure_is_shown_with_its_source_and_check_date(
    knowledge: Knowledge, translator: Translator
):
    """Where a cost or time is given, the trader sees where it comes from and when it held."""
    context = Context(Library.build(knowledge), translator)
    with_figures = [step for step in knowledge.requirements if step.cost or step.time]
    assert with_figures
    for step in with_figures:
        state = State(Step.DETAIL, "en", origin="KZ", destination="KG")
        text = views.detail_text(context, "en", step, 1, state)
        figure = (step.time or step.cost).get("en")  # type: ignore[union-attr]
        assert figure in text
        assert localized(knowledge.sources[step.source].title, "en") in text
        assert (
            translator("en", "detail-verified", date=views.format_day(step.verified, "en")) in text
        )


# ---- versions in the database -----------------------------------------------------------


def copy_data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


async def test_export_then_import_changes_nothing(sqlite_app: App, tmp_path: Path):
    await sqlite_app.knowledge.current()
    files = await sqlite_app.knowledge.active_files()
    out = tmp_path / "export"
    for name, text in files.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text(text, encoding="utf-8")
    report = await sqlite_app.knowledge.import_texts(read_sources(out), "test", "round trip")
    assert report.version is None and report.changes == []
    assert len(await sqlite_app.knowledge.history()) == 1


async def test_a_broken_last_file_makes_the_whole_import_change_nothing(
    sqlite_app: App, tmp_path: Path
):
    await sqlite_app.knowledge.current()
    data = copy_data(tmp_path)
    rules = sorted(data.glob("requirements*.yaml"))[0]
    rules.write_text(rules.read_text(encoding="utf-8").replace("Phyto", "PHYTO", 1), "utf-8")
    (data / "zz-last.yaml").write_text("requirements:\n  - id: broken\n", encoding="utf-8")
    with pytest.raises(KnowledgeError) as caught:
        await sqlite_app.knowledge.import_texts(read_sources(data), "test", "broken")
    assert any(p.file == "zz-last.yaml" for p in caught.value.problems)
    history = await sqlite_app.knowledge.history()
    assert [row.version for row in history] == [1]


async def test_an_import_reports_changes_by_name_and_the_bot_serves_it_without_restart(
    sqlite_app: App, tmp_path: Path
):
    before = await sqlite_app.knowledge.current()
    data = copy_data(tmp_path)
    (data / "extra.yaml").write_text(
        "documents:\n  - id: test-permit\n    name: {kk: Рұқсат, ky: Уруксат, tg: Иҷозат, "
        "tk: Rugsat, uz: Ruxsat, ru: Разрешение, en: Test permit}\n",
        encoding="utf-8",
    )
    report = await sqlite_app.knowledge.import_texts(read_sources(data), "test", "add permit")
    assert report.version == 2
    assert [str(c) for c in report.changes] == ["added: documents test-permit (Test permit)"]
    sqlite_app.knowledge._checked_at = 0.0  # skip the reload interval instead of sleeping
    after = await sqlite_app.knowledge.current()
    assert before.knowledge.version == 1 and after.knowledge.version == 2
    assert "test-permit" in after.knowledge.documents


async def test_rollback_serves_the_earlier_content_as_a_new_version(
    sqlite_app: App, tmp_path: Path
):
    await sqlite_app.knowledge.current()
    data = copy_data(tmp_path)
    for path in data.glob("border_posts*.yaml"):
        path.unlink()
    await sqlite_app.knowledge.import_texts(read_sources(data), "test", "drop posts")
    report = await sqlite_app.knowledge.rollback(1, "test")
    assert report.version == 3
    assert any(c.kind == "added" and c.section == "border_posts" for c in report.changes)
    history = await sqlite_app.knowledge.history()
    assert [(row.version, row.active) for row in history] == [(3, True), (2, False), (1, False)]
    assert history[0].checksum == history[2].checksum

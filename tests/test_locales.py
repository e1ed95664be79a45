"""Every language says all that English says, with the same placeholders and buttons that fit.

A missing message silently falls back to English and a wrong `{ $variable }` shows the trader a
raw placeholder, so these checks read the .ftl files themselves rather than trusting the runtime.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
import warnings
from collections.abc import Iterator
from pathlib import Path

import babel
from fluent.runtime import FluentBundle, FluentResource
from fluent.syntax import FluentParser, ast

from bot.i18n import LOCALES_DIR, Translator
from knowledge import LANGS

EXPECTED_LOCALES = ("kk", "ky", "tg", "tk", "uz", "ru", "en")
NUMERIC_VARIABLES = frozenset({"count", "limit", "n", "total", "sent", "failed"})
SAMPLE_NUMBERS = (0, 1, 2, 5, 21)
BUTTON_MAX = 24  # WhatsApp refuses longer reply-button titles
BUTTON_COMFORTABLE = 20
CLDR_CATEGORIES = frozenset({"zero", "one", "two", "few", "many", "other"})
CYRILLIC_LOCALES = ("kk", "ky", "tg", "ru")
LATIN_LOCALES = ("tk", "uz")
OWN_NAMES = {
    "kk": "Қазақша",
    "ky": "Кыргызча",
    "tg": "Тоҷикӣ",
    "tk": "Türkmençe",
    "uz": "Oʻzbekcha",
    "ru": "Русский",
    "en": "English",
}
SLASH_COMMAND = re.compile(r"(?<![\w/])/[a-z]+")

Messages = dict[str, dict[str, ast.Message]]  # file name -> message id -> message


# ---- helpers ------------------------------------------------------------------------------


def file_names(locales_dir: Path) -> list[str]:
    """English decides which files exist: the Translator loads only these names."""
    return sorted(p.name for p in (locales_dir / "en").glob("*.ftl"))


def locale_codes(locales_dir: Path) -> list[str]:
    return sorted(p.name for p in locales_dir.iterdir() if p.is_dir())


def load(locales_dir: Path, lang: str) -> tuple[Messages, list[str]]:
    """Messages per file, and every entry that did not parse or repeats an id."""
    parser = FluentParser()
    messages: Messages = {}
    broken: list[str] = []
    seen: set[str] = set()
    for path in sorted((locales_dir / lang).glob("*.ftl")):
        resource = parser.parse(path.read_text(encoding="utf-8"))
        in_file: dict[str, ast.Message] = {}
        for entry in resource.body:
            if isinstance(entry, ast.Junk):
                why = "; ".join(a.message for a in entry.annotations)
                broken.append(f"{lang}/{path.name}: junk {entry.content.strip()[:50]!r}: {why}")
            elif isinstance(entry, ast.Message):
                if entry.id.name in seen:
                    broken.append(f"{lang}/{path.name}: duplicate id {entry.id.name}")
                seen.add(entry.id.name)
                in_file[entry.id.name] = entry
        messages[path.name] = in_file
    return messages, broken


def flat(messages: Messages) -> dict[str, ast.Message]:
    return {mid: m for in_file in messages.values() for mid, m in in_file.items()}


def descendants(node: object) -> Iterator[ast.BaseNode]:
    """Every AST node under `node` (value, variants, attributes), depth first."""
    if isinstance(node, ast.BaseNode):
        yield node
        for name, child in vars(node).items():
            if name != "span":
                yield from descendants(child)
    elif isinstance(node, list | tuple):
        for child in node:
            yield from descendants(child)


def variables(message: ast.BaseNode) -> set[str]:
    return {n.id.name for n in descendants(message) if isinstance(n, ast.VariableReference)}


def texts(message: ast.Message) -> list[str]:
    """The literal words of a message, placeables left out."""
    return [n.value for n in descendants(message) if isinstance(n, ast.TextElement)]


def plural_selects(message: ast.Message) -> list[ast.SelectExpression]:
    """Selects on a variable whose keys are CLDR plural categories (number literals aside)."""
    found = []
    for node in descendants(message):
        if isinstance(node, ast.SelectExpression) and isinstance(
            node.selector, ast.VariableReference
        ):
            keys = category_keys(node)
            if keys <= CLDR_CATEGORIES and keys - {"other"}:
                found.append(node)
    return found


def category_keys(select: ast.SelectExpression) -> set[str]:
    return {v.key.name for v in select.variants if isinstance(v.key, ast.Identifier)}


def selector_name(select: ast.SelectExpression) -> str:
    assert isinstance(select.selector, ast.VariableReference)
    return select.selector.id.name


def one_is_not_only_one(lang: str) -> bool:
    """ru 'one' is also 21, 31...; Babel's tg 'one' is also 0: "the one step" would be wrong."""
    rule = babel.Locale.parse(lang).plural_form
    return any(rule(n) == "one" for n in range(200) if n != 1)


def plural_categories(lang: str) -> set[str]:
    return set(babel.Locale.parse(lang).plural_form.tags) | {"other"}


def sample_args(names: set[str], number: int = 2) -> dict[str, object]:
    return {n: number if n in NUMERIC_VARIABLES else f"<{n}>" for n in names}


def other_locales(locales_dir: Path) -> list[str]:
    return [lang for lang in locale_codes(locales_dir) if lang != "en"]


def missing_messages(locales_dir: Path) -> dict[str, list[str]]:
    """Per locale: unparsable entries, and English ids absent from the same-named file."""
    english, broken_en = load(locales_dir, "en")
    report: dict[str, list[str]] = {"en": broken_en} if broken_en else {}
    for lang in other_locales(locales_dir):
        messages, problems = load(locales_dir, lang)
        for name, in_file in english.items():
            have = messages.get(name, {})
            absent = [mid for mid in in_file if mid not in have]
            if absent:
                problems.append(f"{name}: {' '.join(absent)}")
        stale = sorted(set(flat(messages)) - set(flat(english)))
        if stale:
            problems.append(f"not in English (renamed or removed?): {' '.join(stale)}")
        if problems:
            report[lang] = problems
    return report


def variable_mismatches(locales_dir: Path) -> list[str]:
    english = flat(load(locales_dir, "en")[0])
    problems = []
    for lang in other_locales(locales_dir):
        for mid, message in flat(load(locales_dir, lang)[0]).items():
            if mid in english and variables(message) != variables(english[mid]):
                want, got = sorted(variables(english[mid])), sorted(variables(message))
                problems.append(f"{lang} {mid}: has {got}, English has {want}")
    return problems


def one_variant_fits_all(select: ast.SelectExpression) -> bool:
    """[one] shows the number, or an exact [1] variant takes the wording meant for one."""
    var = selector_name(select)
    exact_one = any(
        isinstance(v.key, ast.NumberLiteral) and float(v.key.value) == 1 for v in select.variants
    )
    ones = [v for v in select.variants if isinstance(v.key, ast.Identifier) and v.key.name == "one"]
    return exact_one or all(var in variables(v.value) for v in ones)


def plural_problems(locales_dir: Path) -> list[str]:
    english = flat(load(locales_dir, "en")[0])
    problems = []
    for lang in locale_codes(locales_dir):
        wanted = plural_categories(lang)
        for mid, message in flat(load(locales_dir, lang)[0]).items():
            selects = plural_selects(message)
            for select in selects:
                var, keys = selector_name(select), category_keys(select)
                if keys != wanted:
                    problems.append(
                        f"{lang} {mid}: ${var} has {sorted(keys)}, not {sorted(wanted)}"
                    )
                if one_is_not_only_one(lang) and not one_variant_fits_all(select):
                    problems.append(
                        f"{lang} {mid}: [one] is not only 1 here: add [1] or show ${var}"
                    )
            english_vars = {selector_name(s) for s in plural_selects(english.get(mid, message))}
            problems += [
                f"{lang} {mid}: English varies by ${var} but this has no plural select"
                for var in sorted(english_vars - {selector_name(s) for s in selects})
            ]
    return problems


def long_buttons(locales_dir: Path, limit: int) -> list[str]:
    translate = Translator(locales_dir)
    english = flat(load(locales_dir, "en")[0])
    problems = []
    for lang in locale_codes(locales_dir):
        for mid, message in english.items():
            if mid.startswith("choice-") or "-choice-" in mid:
                label = translate(lang, mid, **sample_args(variables(message)))
                if len(label) > limit:
                    problems.append(f"{lang} {mid}: {label!r} has {len(label)} characters")
    return problems


def bundle(locales_dir: Path, lang: str) -> FluentBundle:
    """One language alone, so its own resolver errors are not hidden by the English fallback."""
    result = FluentBundle([lang], use_isolating=False)
    for name in file_names(locales_dir):
        path = locales_dir / lang / name
        if path.exists():
            result.add_resource(FluentResource(path.read_text(encoding="utf-8")))
    return result


def unformatted(locales_dir: Path) -> list[str]:
    """Formats every id with sample values, through the bot's Translator and each bundle."""
    translate = Translator(locales_dir)
    english = flat(load(locales_dir, "en")[0])
    problems = []
    for lang in locale_codes(locales_dir):
        own = bundle(locales_dir, lang)
        for mid, message in english.items():
            for number in SAMPLE_NUMBERS:
                args = sample_args(variables(message), number)
                text = translate(lang, mid, **args)
                if "{" in text or text == mid or not text.strip():
                    problems.append(f"{lang} {mid} ({number}): {text!r}")
                if own.has_message(mid):
                    pattern = own.get_message(mid).value
                    errors = own.format_pattern(pattern, args)[1] if pattern else ["no value"]
                    problems += [f"{lang} {mid} ({number}): {error}" for error in errors]
    return problems


def symbols(text: str) -> list[str]:
    return sorted(c for c in text if unicodedata.category(c) == "So")


def kept_markers(locales_dir: Path) -> list[str]:
    """Slash commands and emoji are the same as in English: traders tap and type them as is."""
    english = flat(load(locales_dir, "en")[0])
    problems = []
    for lang in other_locales(locales_dir):
        for mid, message in flat(load(locales_dir, lang)[0]).items():
            if mid not in english:
                continue
            ours, theirs = "".join(texts(message)), "".join(texts(english[mid]))
            if set(SLASH_COMMAND.findall(ours)) != set(SLASH_COMMAND.findall(theirs)):
                problems.append(f"{lang} {mid}: commands {SLASH_COMMAND.findall(ours)}")
            if set(symbols(ours)) != set(symbols(theirs)):
                problems.append(f"{lang} {mid}: emoji {symbols(ours)} vs {symbols(theirs)}")
    return problems


def wrong_script(locales_dir: Path) -> list[str]:
    latin, cyrillic = re.compile(r"[A-Za-z]"), re.compile(r"[\u0400-\u04FF]")
    problems = []
    for lang in locale_codes(locales_dir):
        if lang not in CYRILLIC_LOCALES + LATIN_LOCALES:
            continue
        foreign = latin if lang in CYRILLIC_LOCALES else cyrillic
        for mid, message in flat(load(locales_dir, lang)[0]).items():
            if mid.startswith(("admin-", "kb-problem-")):
                continue  # file types, UTF-8, MB: technical words for admins stay Latin
            words = SLASH_COMMAND.sub("", "".join(texts(message)))
            if foreign.search(words):
                problems.append(f"{lang} {mid}: {foreign.findall(words)}")
            if lang == "uz" and re.search("['‘’`]", words):
                problems.append(f"uz {mid}: use ʻ (U+02BB) and ʼ (U+02BC), not ' ‘ ’")
    return problems


def left_in_english(locales_dir: Path) -> list[str]:
    """A message equal to English (when English has real words in it) was not translated."""
    english = flat(load(locales_dir, "en")[0])
    problems = []
    for lang in other_locales(locales_dir):
        for mid, message in flat(load(locales_dir, lang)[0]).items():
            if mid not in english or mid == "language-name":
                continue
            theirs = "".join(texts(english[mid]))
            if len(re.findall(r"[A-Za-z]", theirs)) >= 3 and "".join(texts(message)) == theirs:
                problems.append(f"{lang} {mid}")
    return problems


def describe(report: dict[str, list[str]]) -> str:
    return "\n".join(f"{lang}: {'; '.join(items)}" for lang, items in report.items())


# ---- tests --------------------------------------------------------------------------------


def test_every_locale_has_every_english_message_and_parses_cleanly():
    report = missing_messages(LOCALES_DIR)
    assert not report, describe(report)


def test_every_locale_has_the_same_files_as_english():
    english = file_names(LOCALES_DIR)
    for lang in other_locales(LOCALES_DIR):
        ours = sorted(p.name for p in (LOCALES_DIR / lang).glob("*.ftl"))
        assert ours == english, f"{lang}: {ours}"


def test_every_message_uses_the_same_variables_as_english():
    problems = variable_mismatches(LOCALES_DIR)
    assert not problems, "\n".join(problems)


def test_plural_selects_have_exactly_the_categories_of_their_language():
    problems = plural_problems(LOCALES_DIR)
    assert not problems, "\n".join(problems)


def test_button_labels_fit_a_whatsapp_reply_button():
    problems = long_buttons(LOCALES_DIR, BUTTON_MAX)
    assert not problems, "\n".join(problems)
    tight = long_buttons(LOCALES_DIR, BUTTON_COMFORTABLE)
    if tight:
        warnings.warn("labels over 20 characters: " + "; ".join(tight), stacklevel=1)


def test_locale_codes_are_the_seven_languages_and_known_to_babel():
    assert sorted(EXPECTED_LOCALES) == locale_codes(LOCALES_DIR)
    assert sorted(EXPECTED_LOCALES) == sorted(LANGS)
    for lang in EXPECTED_LOCALES:
        assert babel.Locale.parse(lang).language == lang


def test_every_message_formats_without_leftover_placeholders():
    problems = unformatted(LOCALES_DIR)
    assert not problems, "\n".join(problems)


def test_slash_commands_and_emoji_are_kept_as_in_english():
    problems = kept_markers(LOCALES_DIR)
    assert not problems, "\n".join(problems)


def test_each_language_is_written_in_its_own_script():
    problems = wrong_script(LOCALES_DIR)
    assert not problems, "\n".join(problems)


def test_language_names_are_written_in_the_language_itself():
    translate = Translator()
    assert {lang: translate(lang, "language-name") for lang in EXPECTED_LOCALES} == OWN_NAMES


def test_no_message_is_left_in_english():
    problems = left_in_english(LOCALES_DIR)
    assert not problems, "\n".join(problems)


def test_the_checks_catch_a_broken_locale(tmp_path: Path):
    """Guards the guards: a copy of ru with each kind of mistake must be reported."""
    for lang in ("en", "ru"):
        shutil.copytree(LOCALES_DIR / lang, tmp_path / lang)
    answer = tmp_path / "ru" / "answer.ftl"
    text = answer.read_text(encoding="utf-8")
    text = text.replace("choice-back = ↩ Назад\n", "")  # missing id
    text = text.replace("{ $country }", "{ $land }", 1)  # wrong variable
    text = text.replace("[few]", "[two]", 1)  # wrong plural category
    text = text.replace("🔎 Новый поиск", "Новый поиск, который слишком длинный")  # long, no emoji
    answer.write_text(text + "broken = {\n", encoding="utf-8")  # junk

    missing = describe(missing_messages(tmp_path))
    assert "choice-back" in missing and "junk" in missing
    assert any("answer-side-export" in p for p in variable_mismatches(tmp_path))
    assert any("answer-side-export" in p for p in unformatted(tmp_path))
    assert any("answer-footer" in p for p in plural_problems(tmp_path))
    assert any("choice-new" in p for p in long_buttons(tmp_path, BUTTON_MAX))
    assert any("choice-new" in p and "emoji" in p for p in kept_markers(tmp_path))

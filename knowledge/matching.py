"""Find the commodity a trader means, from what they type, in any of the 7 languages.

A query is folded to the Latin skeleton (`knowledge.normalize.fold`), stripped of the words
around the product ('хочу продать', 'sotmoqchiman', 'export') and lightly stemmed, so
'помидоров', 'pomidorlar' and 'помидорҳо' all become 'pomidor'. HS codes go straight to the
code. Text goes through two stages, so the cost of a query grows slowly with the catalog
(about 0.1 ms at 5,000 names, 1 ms at 50,000; see benchmarks/match.py):

1. pruning: each query word that is a catalog word takes its other inflected forms; any
   other word finds its look-alikes through a character bigram index of the vocabulary
   (typos survive: most bigrams are shared), scored with rapidfuzz's OSA distance; then a
   word index gives the names holding those words; at most `PRUNE` names go on;
2. scoring: query coverage, name coverage and rapidfuzz ratios over those names only.

The index is built once per knowledge version, in the constructor.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import re
from collections import Counter
from collections.abc import Container, Iterable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from knowledge import LANGS
from knowledge.intents import load_families
from knowledge.models import Commodity
from knowledge.normalize import fold, normalize_hs

MAX_QUERY = 200  # characters; a pasted essay is cut, never scanned whole
MAX_TERMS = 8  # query words scored; the product is almost always among the first
PRUNE = 200  # names scored with rapidfuzz per query
MAX_POSTINGS = 4000  # a word in more names than this only re-scores names found otherwise
MIN_SCORE = 62.0  # below this a name does not count as a match
CONFIDENT_SCORE = 88.0
CONFIDENT_MARGIN = 6.0
# A match is confident only when some query word is a catalog word (or the same word with an
# ending): a look-alike alone ('водка' for 'вода') is offered, never assumed.
CONFIDENT_WORD = 90.0
FAMILY_SCORE = 90.0  # a family's members, offered in the lexicon's order
CONFIDENT_NAME_SHARE = 0.65  # of the name's letters the query's words must cover
UNKNOWN_WEIGHT = 0.3
LANG_BOOST = 3.0  # the session language wins ties and near-ties, never hides another language

# Words around the product, per language, as typed (folded at import). Only words that are
# never a product name: intentions, trade words, pronouns, prepositions, units, countries.
STOP_WORDS: dict[str, str] = {
    "en": """i we you me my our want wanna would like to the a an of and or for from in into
        with some need needs how can do does sell selling sale buy buying bought export exports
        exporting import imports importing ship shipping send bring carry take transport
        trade customs rules documents papers what is are it this that about please help kg
        kilo kilos kilogram kilograms ton tons tonne tonnes pcs pieces piece lot
        truck wagon container new other""",
    "ru": """я мы ты вы мне нам хочу хотим хотел хотела хотели надо нужно нужен нужна можно
        как что это и или в во на из с со для по до к у о об про продать продаю продам
        продажа продавать купить куплю покупаю покупка закупить закупка экспорт экспорта
        экспортировать экспортирую импорт импорта импортировать импортирую ввоз ввезти вывоз
        вывезти везти вожу везу отправить отправка перевезти перевозка доставить поставка
        поставки товар товары груз документы правила таможня оформить
        сколько кг кило килограмм тонна тонн тонны штук шт фура фуру вагон
        контейнер пожалуйста помогите""",
    "uz": """men biz sen siz meni menga bizga mening bizning kerak kerakli qanday nima bu va
        yoki uchun bilan dan ga da ni sotmoqchiman sotmoqchimiz sotmoqchi sotaman sotamiz
        sotish sotib olmoqchiman olmoqchimiz olaman olish olib kelish ketish chiqarish
        kiritish kirgizish eksport import eksport qilmoqchiman qilmoqchimiz qilmoqchi
        qilaman qilamiz qilish yubormoqchiman yuborish tashish yuk tovar hujjat hujjatlar
        bojxona qoida qancha kilo kg tonna dona fura vagon konteyner iltimos yordam""",
    "kk": """мен біз сен сіз маған бізге менің керек қалай не бұл және немесе үшін мен
        сатамын сатқым сатам сатпақшымын сату сатып алу аламын алам алғым келеді экспорт
        импорт экспорттау импорттау әкелу әкету жіберу тасымалдау жүк тауар құжат құжаттар
        кеден ереже қанша кило кг тонна дана фура вагон контейнер өтінемін көмек""",
    "ky": """мен биз сен сиз мага бизге менин керек кантип эмне бул жана же үчүн менен сатам
        сатамын саткым сатуу сатып алуу алам алгым келет экспорт импорт экспорттоо
        импорттоо алып келүү жөнөтүү ташуу жүк товар документ документтер бажы эреже канча
        кило кг тонна даана фура вагон контейнер сураныч жардам""",
    "tg": """ман мо ту шумо ба ман ба мо бояд чӣ тавр чӣ ин ва ё барои бо аз ба дар мехоҳам
        мехоҳем фурӯхтан фурӯшам мефурӯшам харидан харам мехарам содирот воридот содир
        ворид кардан мекунам овардан бурдан фиристодан интиқол бор ҳуҷҷат ҳуҷҷатҳо
        гумрук қоида чанд кило кг тонна дона фура вагон контейнер лутфан ёрӣ""",
    "tk": """men biz sen siz maňa bize meniň gerek nädip näme bu we ýa-da ýa üçin bilen dan
        den satmak satjak satýan satmakçy satmagy isleýärin isleýäris almak aljak alýan
        eksport import eksportlamak getirmek äkitmek ibermek daşamak ýük haryt resminama
        resminamalar gümrük düzgün näçe kilo kg tonna sany fura wagon konteýner
        haýyş kömek""",
}
COUNTRY_WORDS = """kazakhstan kazakstan qazaqstan qozogiston казахстан қазақстан казакстан
    kyrgyzstan kirgizia kirgiziya qirgiziston киргизия кыргызстан қырғызстан tajikistan
    tojikiston тоджикистон таджикистан тоҷикистон тәжікстан тажикстан turkmenistan
    turkmeniston туркменистан түркменстан түркмөнстан türkmenistan uzbekistan ozbekiston
    узбекистан ўзбекистон өзбекстан өзбекстан özbegistan russia rossiya россия ресей орусия
    русия rusiýa china xitoy китай қытай кытай хитой hytaý turkey turkiya турция түркия
    туркия türkiýe afghanistan afgʻoniston афганистан ауғанстан афганистан афғонистон
    owganystan tashkent toshkent ташкент almaty алматы bishkek бишкек dushanbe душанбе
    ashgabat ашхабад aşgabat moscow moskva москва"""

# Endings stripped by `stem`, folded, the longest that fits: Russian plural and case endings, Turkic
# case and possessive suffixes, the Tajik object marker, English plural.
ENDINGS: frozenset[str] = frozenset(
    {
        # Russian
        "iami", "ami", "iah", "ah", "ov", "ev", "ei", "oi", "om", "em", "ih", "ie", "ia",
        "iu", "ui", "ogo", "ego", "oe", "aia", "a", "i", "u", "o", "e",
        # Turkic accusative, genitive, possessive (not the dative -ga/-ka or the locative
        # -da/-ta: too many product names end so, and those cases go on the place anyway)
        "nin", "ni", "di", "ti", "si", "du", "tu",
        # Tajik object marker, English plural
        "ro", "s", "es",
    }
)  # fmt: skip
# Plural suffixes, stripped after a case ending: pomidor-lar-ni, помидор-ҳо-ро.
PLURALS = frozenset(
    {"lar", "ler", "lor", "dar", "der", "dor", "tar", "ter", "tor", "hoi", "ho"}
)  # Kyrgyz -дор/-төр after rounded vowels: коон-дор, өрүк-төр
# Suffixes stripped only after these letters: Kazakh/Kyrgyz -дар/-тар follow consonants,
# the accusative -ты/-ті voiceless ones (not с: Russian шерсти), -ды/-ді voiced ones.
CONSONANTS = "bdfghjklmnprstvzşç"
ONLY_AFTER: dict[str, str] = {"dar": CONSONANTS, "der": CONSONANTS, "tar": CONSONANTS,
                              "ter": CONSONANTS, "dor": CONSONANTS, "tor": CONSONANTS,
                              "ti": "kptşçfh", "di": "lmnrzjvgbdi",
                              "tu": "kptşçfh", "du": "lmnrzjvgbdi"}  # fmt: skip
MIN_STEM = 3
# Words that describe rather than name the goods: they count for little beside a product word.
DESCRIPTIVE = """fresh new good quality best premium organic natural homemade local wholesale
    retail cheap big small large nice свежий свежие свежая свежее свежих свежую хороший
    хорошие хорошая качественный качественные натуральный натуральные домашний домашние
    домашняя натуральная натуральное местный местные оптом розница дешевый дешевые крупный
    крупные мелкий мелкие
    молодой отборный отборные yangi sifatli arzon katta kichik mahalliy ulgurji toza жаңа
    сапалы арзан үлкен жаңы сапаттуу чоң таза тоза сифатнок арзон калон täze hilli arzan uly
    gowy"""
# Russian diminutive suffixes (folded), read off a stem: огур-чик-и, творож-ок, яблоч-ки.
DIMINUTIVES = ("oçk", "eçk", "çik", "işk", "onk", "enk", "ok", "ek", "ik", "çk")
# What the stem may have been before the suffix changed it, tried only when it is a catalog
# word: творож -> творог, яблоч -> яблок, огур -> огурц.
ALTERNATIONS = (("j", "g"), ("ç", "k"), ("ç", "ts"), ("ş", "h"))
STEM_ENDINGS = ("ok", "ek", "ts", "ets", "ts", "k")


def _strip(token: str, suffixes: frozenset[str]) -> str:
    for size in (4, 3, 2, 1):
        cut = len(token) - size
        if cut < MIN_STEM:
            continue
        suffix = token[cut:]
        if suffix in suffixes:
            if suffix in ONLY_AFTER and token[cut - 1] not in ONLY_AFTER[suffix]:
                continue
            return token[:cut]
    return token


def soft_stem(token: str) -> str:
    """The word without a final vowel only: the other reading of ambiguous endings, or the
    plain stem when the word ends otherwise."""
    if len(token) > MIN_STEM and token[-1] in "aeiou":
        return token[:-1]
    return stem(token)


@lru_cache(maxsize=100_000)
def stem(token: str) -> str:
    """Strip one ending, then a plural suffix, keeping at least MIN_STEM letters. The same
    function runs on names and queries; where two forms of a word still stem differently
    ('kura' from kuraga, 'kurag' from курагу) one is a prefix of the other, and word
    similarity counts that."""
    stripped = _strip(token, PLURALS)
    if stripped != token:
        return stripped
    stripped = _strip(token, ENDINGS)
    return _strip(stripped, PLURALS) if stripped != token else token


def _fold_words(text: str) -> frozenset[str]:
    return frozenset(word for word in fold(text).split())


STOP: frozenset[str] = frozenset().union(
    *(_fold_words(words) for words in STOP_WORDS.values()), _fold_words(COUNTRY_WORDS)
)
# Inflected stop words ('содироти', 'Qozogʻistonga', 'Китая'): by stem, or by a long stop
# word the word starts with, unless the word is a catalog word.
STOP_STEMS: frozenset[str] = frozenset(s for s in map(stem, STOP) if len(s) >= 4)
STOP_LONG: frozenset[str] = frozenset(s for s in STOP if len(s) >= 5)
LIGHT = _fold_words(DESCRIPTIVE)
# Connectives inside catalog names ('meat of sheep or goats'): not part of a product.
NAME_STOP: frozenset[str] = _fold_words(
    "and or of the other not in for with и или из для с прочие прочий va yoki bilan "
    "және немесе жана же ва ё we ýa-da bilen"
)


def is_stop(word: str, known: Container[str] = ()) -> bool:
    if word in STOP:
        return True
    if stem(word) in known:
        return False
    if stem(word) in STOP_STEMS:
        return True
    return any(word[:k] in STOP_LONG for k in range(max(5, len(word) - 3), len(word)))


def content_words(text: str, known: Container[str] = ()) -> list[str]:
    """Words of a folded query without stop words and numbers (all words if nothing else is
    left). `known` words (the catalog's) are never taken for an inflected stop word."""
    words = [w for w in text.split() if not w.isdigit()]
    kept = [w for w in words if not is_stop(w, known)]
    # All stop words: keep those that are also catalog words ('ot sotmoqchiman': ot is a
    # horse in Uzbek, 'from' in Russian), else everything.
    return kept or [w for w in words if stem(w) in known] or words


def terms(text: str, known: Container[str] = ()) -> list[str]:
    """Stemmed content words of a folded query."""
    return [stem(w) for w in content_words(text, known)]


def inflection_bonus(word: str, other: str) -> float:
    """Similarity of two stems when one is the other plus a known ending ('karti' and
    'kartii'); 0 otherwise ('platok' is not 'plat', 'kosmetiç' is not 'kosmeti')."""
    shorter, longer = (word, other) if len(word) <= len(other) else (other, word)
    if len(shorter) < 4 or not longer.startswith(shorter):
        return 0.0
    tail = longer[len(shorter) :]
    if tail in ENDINGS or tail in PLURALS:
        return 100.0 - 5.0 * len(tail)
    return 0.0


def readings(text: str, count: int, known: Container[str] = ()) -> list[str]:
    """The query words read with Turkmen/Turkish 'c' = ç ('cay' for çaý), when the text has a
    'c' outside 'ch'; aligned with `terms(fold(text))`, or empty."""
    lowered = text.casefold()
    if "c" not in lowered.replace("ch", ""):
        return []
    other = terms(fold(re.sub(r"c(?!h)", "ç", lowered)), known)
    return other[:count] if len(other) >= count else []


def bigrams(token: str) -> set[str]:
    padded = f"^{token}$"
    return {padded[i : i + 2] for i in range(len(padded) - 1)}


def allowed_edits(length: int) -> int:
    """Typos tolerated in a word: none in 1-3 letters, one in 4-5, two in 6-9, three beyond."""
    if length <= 3:
        return 0
    if length <= 5:
        return 1
    return 2 if length <= 9 else 3


def is_cyrillic(text: str) -> bool:
    """Whether the text is written (mostly) in Cyrillic letters."""
    letters = [ch for ch in text if ch.isalpha()]
    cyrillic = sum("\u0400" <= ch <= "\u04ff" for ch in letters)
    return bool(letters) and cyrillic * 2 > len(letters)


@dataclass(frozen=True, slots=True)
class Candidate:
    hs: str  # the catalog code as written in the catalog, e.g. "0813.10"
    score: float  # 0..100
    matched: str  # the name or synonym that matched (original spelling)
    lang: str  # language of that name


@dataclass(frozen=True, slots=True)
class MatchResult:
    query: str
    candidates: tuple[Candidate, ...]  # best first, one per hs, at most `limit`
    # True when the top candidate is clearly right: the bot then confirms with one tap.
    confident: bool


@dataclass(frozen=True, slots=True)
class Entry:
    """One name or synonym of one commodity in one language."""

    hs: str
    text: str
    lang: str
    words: tuple[int, ...]  # vocabulary ids of its stemmed words, all forms
    groups: tuple[tuple[int, ...], ...]  # per word: its stem first, then its soft stem
    compact: str  # stemmed words joined without spaces: catches 't-shirt' vs 'tshirt'
    length: int  # letters in its words, for coverage
    key: str  # the folded name, unstemmed: breaks ties by exact spelling and word order

    def __reduce__(self) -> tuple[type[Entry], tuple[object, ...]]:
        """Pickled as its fields: the cached indexes hold thousands of entries, and the
        generic state of a frozen slotted dataclass unpickles at about half the speed."""
        return (
            Entry,
            (
                self.hs,
                self.text,
                self.lang,
                self.words,
                self.groups,
                self.compact,
                self.length,
                self.key,
            ),
        )


class Matcher:
    """Commodity matcher over one knowledge version; built once, queried many times."""

    def __init__(
        self,
        commodities: Iterable[Commodity],
        families: tuple[dict[str, tuple[str, ...]], ...] | None = None,
    ) -> None:
        # Words for a family of goods ('meat') and brands ('Samsung'): the family's members.
        found = families if families is not None else load_families()
        self._families, self._brands = found[0], found[1]
        self._outside = frozenset(found[2]) if len(found) > 2 else frozenset()
        self._codes: dict[str, str] = {}  # digits -> catalog code
        self._vocab: list[str] = []
        self._vocab_ids: dict[str, int] = {}
        self._postings: list[list[int]] = []  # vocabulary id -> entry ids
        self._grams: dict[str, list[int]] = {}  # bigram -> vocabulary ids
        self._entries: list[Entry] = []
        self._lengths: list[int] = []  # entry id -> letters in its words
        self._word_lengths: list[int] = []  # vocabulary id -> letters
        seen: set[tuple[str, str, str]] = set()
        for commodity in commodities:
            self._codes[commodity.hs.replace(".", "")] = commodity.hs
            for lang, text, spelling in self._texts(commodity):
                key = fold(spelling)
                if key and (commodity.hs, lang, key) not in seen:
                    seen.add((commodity.hs, lang, key))
                    self._add(commodity.hs, text, lang, key)
        self._sorted_vocab = sorted(self._vocab)

    @staticmethod
    def _texts(commodity: Commodity) -> Iterable[tuple[str, str, str]]:
        """(language, name as written, spelling to index) for every name and synonym."""
        texts = [(lang, commodity.names.get(lang)) for lang in LANGS]
        texts += [(lang, s) for lang, synonyms in commodity.synonyms.items() for s in synonyms]
        for lang, text in texts:
            yield lang, text, text
            if "ё" in text.casefold():  # Russians mostly type е for ё; Uzbek ё stays 'yo'
                yield lang, text, text.casefold().replace("ё", "е")

    def _word_id(self, word: str) -> int:
        found = self._vocab_ids.get(word)
        if found is None:
            found = self._vocab_ids[word] = len(self._vocab)
            self._vocab.append(word)
            self._word_lengths.append(len(word))
            self._postings.append([])
            for gram in bigrams(word):
                self._grams.setdefault(gram, []).append(found)
        return found

    def _add(self, hs: str, text: str, lang: str, key: str) -> None:
        raw = [w for w in key.split() if w not in NAME_STOP] or key.split()
        # Each word under its stem and, when different, its soft stem: 'машины' is found as
        # 'maşi' (Uzbek accusative -ni read off) and as 'maşin' (Russian plural -ы).
        groups = tuple(
            tuple(dict.fromkeys(self._word_id(form) for form in (stem(w), soft_stem(w))))
            for w in raw
        )
        ids = tuple(dict.fromkeys(i for group in groups for i in group))
        entry_id = len(self._entries)
        for word_id in ids:
            self._postings[word_id].append(entry_id)
        length = sum(self._word_lengths[group[0]] for group in groups)
        compact = "".join(stem(w) for w in raw)
        self._entries.append(Entry(hs, text, lang, ids, groups, compact, length, key))
        self._lengths.append(length)

    @property
    def size(self) -> int:
        """Names and synonyms indexed."""
        return len(self._entries)

    # ---- queries --------------------------------------------------------------------------

    def match(self, query: str, lang: str = "en", limit: int = 5) -> MatchResult:
        text = (query or "")[:MAX_QUERY]
        limit = max(1, limit)
        code = normalize_hs(text)
        if code is not None:
            return self._match_code(query, code, limit)
        kept = content_words(fold(text), self._vocab_ids)[:MAX_TERMS]
        if not kept:
            return MatchResult(query, (), False)
        if " ".join(kept) in self._outside:  # goods the catalog does not hold: not found
            return MatchResult(query, (), False)
        family = self._families.get(" ".join(kept)) or self._brands.get(" ".join(kept))
        if family is None and all(w in self._brands for w in kept):
            family = self._brands[kept[0]]
        if family is not None:
            return self._family_result(query, family, limit)
        if any(w in self._brands for w in kept):  # 'телефоны Samsung': the brand describes
            kept = [w for w in kept if w not in self._brands]
        small = [self._diminutive(w) for w in kept]
        kept = [
            p for w, d in zip(kept, small, strict=True) for p in ([w] if d else self._compound(w))
        ]
        kept = kept[:MAX_TERMS]
        words = [stem(w) for w in kept]
        forms = [{soft_stem(w), *self._diminutive(w)} for w in kept]
        if len(readings(text, len(words), self._vocab_ids)) == len(words):
            for i, other in enumerate(readings(text, len(words), self._vocab_ids)):
                forms[i].add(other)
        light = {i for i, w in enumerate(kept) if w in LIGHT} if len(kept) > 1 else set()
        if len(light) == len(kept):
            light = set()
        return self._match_words(query, words, forms, " ".join(kept), lang, limit, light)

    def _family_result(self, query: str, codes: tuple[str, ...], limit: int) -> MatchResult:
        known = [
            self._codes[c.replace(".", "")] for c in codes if c.replace(".", "") in self._codes
        ]
        candidates = tuple(
            Candidate(hs, FAMILY_SCORE - 0.1 * i, hs, "") for i, hs in enumerate(known[:limit])
        )
        return MatchResult(query, candidates, False)

    def _known(self, word: str) -> bool:
        return word in self._vocab_ids or stem(word) in self._vocab_ids

    def _compound(self, word: str) -> list[str]:
        """Two catalog words written as one ('стиральнаямашина'), as two; else the word."""
        if len(word) < 7 or self._known(word):
            return [word]
        for cut in range(len(word) - 4, 3, -1):
            left, right = word[:cut], word[cut:]
            if self._known(left) and self._known(right):
                return [left, right]
        return [word]

    def _diminutive(self, word: str) -> set[str]:
        """Catalog words a Russian diminutive comes from: огурчики -> огурц, творожок ->
        творог, яблочки -> яблок."""
        found: set[str] = set()
        for form in {word, stem(word)}:
            for suffix in DIMINUTIVES:
                base = form[: -len(suffix)]
                if not form.endswith(suffix) or len(base) < MIN_STEM:
                    continue
                bases = {base} | {base[: -len(a)] + b for a, b in ALTERNATIONS if base.endswith(a)}
                for other in bases:
                    if other in self._vocab_ids:  # сыр-ок, луч-ок: the word itself
                        found.add(other)
                    for guess in (other + end for end in STEM_ENDINGS):
                        if guess in self._vocab_ids and len(guess) >= 4:
                            found.add(guess)
        return found

    def _match_code(self, query: str, digits: str, limit: int) -> MatchResult:
        """Exact code; else the longest catalog code the typed one starts with; else the
        catalog codes under the typed prefix, shortest first."""
        if digits in self._codes:
            found = [(self._codes[digits], 100.0)]
            below = sorted(c for c in self._codes if c.startswith(digits) and c != digits)
            found += [(self._codes[c], 90.0) for c in below]
            return self._code_result(query, found, limit, confident=True)
        for end in range(len(digits) - 1, 3, -1):
            if digits[:end] in self._codes:
                return self._code_result(query, [(self._codes[digits[:end]], 95.0)], limit, True)
        below = sorted((c for c in self._codes if c.startswith(digits)), key=lambda c: (len(c), c))
        found = [(self._codes[c], 90.0) for c in below]
        return self._code_result(query, found, limit, confident=len(found) == 1)

    @staticmethod
    def _code_result(
        query: str, found: list[tuple[str, float]], limit: int, confident: bool
    ) -> MatchResult:
        candidates = tuple(Candidate(hs, score, hs, "") for hs, score in found[:limit])
        return MatchResult(query, candidates, confident and bool(candidates))

    def _similar(self, word: str) -> dict[int, float]:
        """Vocabulary words close to `word` (typos, a few letters more or less), with a
        similarity 0..100. Pruned by shared bigrams before rapidfuzz scores them."""
        exact = self._vocab_ids.get(word)
        if exact is not None:  # a catalog word: its other forms, not its look-alikes
            return self._forms(word, exact)
        found: dict[int, float] = {}
        grams = bigrams(word)
        edits = allowed_edits(len(word))
        need = max(1, len(grams) - 2 * edits - 1)
        counts: Counter[int] = Counter()
        for gram in grams:
            ids = self._grams.get(gram)
            if ids:
                counts.update(ids)
        pool = [i for i, n in counts.items() if n >= need]
        if not pool:
            return found
        strings = [self._vocab[i] for i in pool]
        if edits:
            for _, distance, index in process.extract(
                word, strings, scorer=OSA.distance, processor=None, score_cutoff=edits, limit=None
            ):
                other = strings[index]
                found[pool[index]] = 100.0 * (1 - distance / max(len(word), len(other)))
        if len(word) >= 4:  # the same word with an ending the stemmer left on one side
            for index, other in enumerate(strings):
                bonus = inflection_bonus(word, other)
                if bonus > found.get(pool[index], 0.0):
                    found[pool[index]] = bonus
        return {i: s for i, s in found.items() if s >= MIN_SCORE}

    def _forms(self, word: str, exact: int) -> dict[int, float]:
        """The word and the vocabulary words that are it plus or minus an ending."""
        found = {exact: 100.0}
        if len(word) < 4:
            return found
        start = bisect.bisect_left(self._sorted_vocab, word)
        for other in itertools.islice(self._sorted_vocab, start, start + 50):
            if not other.startswith(word):
                break
            bonus = inflection_bonus(word, other)
            if bonus:
                found[self._vocab_ids[other]] = bonus
        for cut in range(4, len(word)):
            shorter = self._vocab_ids.get(word[:cut])
            if shorter is not None:
                bonus = inflection_bonus(word, word[:cut])
                if bonus:
                    found[shorter] = bonus
        return found

    def _prune(self, sims: list[dict[int, float]], weights: list[float]) -> list[tuple[float, int]]:
        """Names sharing a word with the query, by length-weighted word similarity, shorter
        names first among equals; at most PRUNE."""
        if len(sims) == 1:
            single: dict[int, float] = {}
            for word_id, similarity in sims[0].items():
                for entry_id in self._postings[word_id]:
                    if similarity > single.get(entry_id, 0.0):
                        single[entry_id] = similarity
            coverage = single
        else:
            coverage = self._coverage(sims, weights)
        lengths = self._lengths
        ranked = heapq.nlargest(PRUNE, ((c, -lengths[e], e) for e, c in coverage.items()))
        return [(c, e) for c, _, e in ranked]

    def _coverage(self, sims: list[dict[int, float]], weights: list[float]) -> dict[int, float]:
        """Length-weighted similarity of the query words to each name holding any of them.
        A word found in very many names only adds to names the rarer words found."""
        order = sorted(range(len(sims)), key=lambda i: sum(len(self._postings[v]) for v in sims[i]))
        best: dict[int, list[float]] = {}
        for rank, i in enumerate(order):
            for word_id, similarity in sims[i].items():
                postings = self._postings[word_id]
                if rank > 0 and len(postings) > MAX_POSTINGS:
                    for entry_id, row in best.items():
                        if similarity > row[i] and word_id in self._entries[entry_id].words:
                            row[i] = similarity
                    continue
                for entry_id in postings:
                    row = best.get(entry_id)
                    if row is None:
                        row = best[entry_id] = [0.0] * len(sims)
                    if similarity > row[i]:
                        row[i] = similarity
        total = sum(weights)
        return {
            entry_id: sum(w * s for w, s in zip(weights, row, strict=True)) / total
            for entry_id, row in best.items()
        }

    def _score(
        self, entry: Entry, coverage: float, compact: str, key: str, matched: set[int]
    ) -> tuple[float, float]:
        """Query coverage mostly, how much of the name the query covers a little (so the
        shortest name that holds the word wins), or the whole string when it is closer.
        Also the ratio of the unstemmed folded strings, to break ties: it sees exact
        spelling ('chinni' is not 'ҷинс', both stemmed 'çin') and word order ('leather
        shoes' is not 'shoe leather')."""
        covered = sum(
            self._word_lengths[group[0]]
            for group in entry.groups
            if any(v in matched for v in group)
        )
        name_coverage = 100.0 * covered / entry.length if entry.length else 0.0
        blended = 0.82 * coverage + 0.18 * name_coverage
        whole = fuzz.ratio(compact, entry.compact, processor=None)
        return max(blended, whole), fuzz.ratio(key, entry.key, processor=None)

    def _match_words(
        self,
        query: str,
        words: list[str],
        forms: list[set[str]],
        key: str,
        lang: str,
        limit: int,
        light: Container[int] = (),
    ) -> MatchResult:
        """`words`: stemmed query words; `forms`: other readings of each (soft stem, c = ç)."""
        sims = []
        for i, word in enumerate(words):
            found = self._similar(word)
            for other in forms[i]:
                if other != word:
                    for word_id, similarity in self._similar(other).items():
                        if similarity > found.get(word_id, 0.0):
                            found[word_id] = similarity
            sims.append(found)
        # A word like nothing in the catalog, or only faintly like something, is most likely
        # filler ('оптом', 'на откорм'): it counts against a match, but less than a word
        # that clearly names a product.
        weights = [
            len(w) * min(1.0, max(UNKNOWN_WEIGHT, (max(sim.values(), default=0.0) - 60.0) / 40.0))
            for w, sim in zip(words, sims, strict=True)
        ]
        weights = [
            UNKNOWN_WEIGHT * len(words[i]) if i in light else w for i, w in enumerate(weights)
        ]
        compact = "".join(words)
        matched = set().union(*sims)
        per_hs: dict[str, tuple[float, float, Entry]] = {}
        for coverage, entry_id in self._prune(sims, weights):
            entry = self._entries[entry_id]
            score, order = self._score(entry, coverage, compact, key, matched)
            if score < MIN_SCORE:
                continue
            rank = score + (LANG_BOOST if entry.lang == lang else 0.0)
            known = per_hs.get(entry.hs)
            if known is None or (rank, order) > known[:2]:
                per_hs[entry.hs] = (rank, order, entry)
        ranked = sorted(per_hs.values(), key=lambda r: (-r[0], -r[1], -len(r[2].hs), r[2].hs))
        candidates = tuple(
            Candidate(e.hs, round(min(100.0, rank), 1), e.text, e.lang)
            for rank, _, e in ranked[:limit]
        )
        confident = self._confident([r[0] for r in ranked[:2]])
        if confident and ranked:
            top = ranked[0][2]
            # A name in another language and another script is a look-alike at best
            # ('оружие' ~ Turkmen 'orujy', Tajik 'тилло' ~ 'tile'): a candidate, not a match.
            foreign = top.lang != lang and is_cyrillic(query) != is_cyrillic(top.text)
            confident = not foreign and self._trusted(top, sims)
        return MatchResult(query, candidates, confident)

    def _trusted(self, entry: Entry, sims: list[dict[int, float]]) -> bool:
        """Some query word is a word of the name (not a look-alike: 'водка' is not 'вода'),
        and the query covers most of the name ('nails' is not 'nail polish')."""
        close = {v for sim in sims for v, s in sim.items() if s >= CONFIDENT_WORD}
        if not close & set(entry.words):
            return False
        covered = sum(
            self._word_lengths[group[0]] for group in entry.groups if any(v in close for v in group)
        )
        return covered >= CONFIDENT_NAME_SHARE * entry.length

    @staticmethod
    def _confident(top: list[float]) -> bool:
        """A high score and a clear margin over the runner-up (counted even when the caller
        asked for one candidate only)."""
        if not top or top[0] < CONFIDENT_SCORE:
            return False
        return len(top) == 1 or top[0] - top[1] >= CONFIDENT_MARGIN

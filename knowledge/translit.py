"""Uzbek Latin -> Uzbek Cyrillic, for a trader who writes Uzbek in Cyrillic.

The Uzbek texts (locales and knowledge) are written in Latin; replies to her are turned into
Cyrillic word by word: the digraphs (sh, ch, oʻ, gʻ, ng, yo, yu, ya, ye, ts) first, then the
letters, 'e' at the start of a word as 'э', the tutuq belgisi as 'ъ'. Words that are not Uzbek
stay as written: addresses, codes and abbreviations (CMR, ST-1, HS), words with letters Uzbek
does not use (w, c outside 'ch'), English words of source titles. `EXCEPTIONS` holds the
words the rules would get wrong (months and other Russian loanwords with a soft sign).
"""

from __future__ import annotations

import re

APOSTROPHES = "ʻʼ'`‘’"
# Words the letter rules get wrong, lower case, Latin -> Cyrillic.
EXCEPTIONS: dict[str, str] = {
    "yanvar": "январь", "fevral": "февраль", "aprel": "апрель", "iyun": "июнь",
    "iyul": "июль", "sentyabr": "сентябрь", "oktyabr": "октябрь", "noyabr": "ноябрь",
    "dekabr": "декабрь", "yanv": "янв", "fev": "фев", "sent": "сент", "okt": "окт",
    "noy": "ноя", "dek": "дек", "avg": "авг", "portal": "портал", "aksiz": "акциз",
    "aksizlar": "акцизлар", "aksiz solig'i": "акциз солиғи", "litsenziya": "лицензия",
    "sertifikat": "сертификат", "sertifikati": "сертификати", "sex": "цех",
    "konteyner": "контейнер", "kompaniya": "компания", "tsement": "цемент",
    "rayon": "район", "oblast": "область", "fakt": "факт", "fevralda": "февралда",
    "pasport": "паспорт", "transport": "транспорт",
}  # fmt: skip
# Uzbek abbreviations, and Russian ones the Latin texts spell in Latin letters, written in
# Cyrillic in Cyrillic texts. International ones and names of foreign systems, marks and
# standards stay in Latin letters: CMR, TIR, EAC, ASYCUDA, CCC (China), GB (Chinese standards),
# TAREKS (Turkey).
ABBREVIATIONS = {"BI": "БИ", "TR": "ТР", "QQS": "ҚҚС", "MDH": "МДҲ", "AJ": "АЖ", "TIF": "ТИФ",
                 "TN": "ТН", "ST": "СТ", "YeOII": "ЕОИИ", "YEOII": "ЕОИИ",
                 # Xitoy Xalq Respublikasi; erkin savdo hududi; (Atameken) Milliy
                 # tadbirkorlar palatasi
                 "XXR": "ХХР", "ESH": "ЭСҲ", "MTP": "МТП",
                 "JST": "ЖСТ",  # Jahon savdo tashkiloti (the WTO)
                 # Russian: одобрение типа транспортного средства; свидетельство о
                 # безопасности конструкции транспортного средства
                 "OTTS": "ОТТС", "SBKTS": "СБКТС"}  # fmt: skip
# English words of source titles and names that stay in Latin letters.
ENGLISH = frozenset(
    re.findall(
        r"\S+",
        """the of and for on in to a an by at with single window trade portal customs code law
        on official website gateway central asia online service information regulation decree
        resolution agency ministry committee republic state national""",
    )
)
# A web or mail address or a /command: kept whole.
ADDRESS = re.compile(r"://|@|www\.|\.[a-z]{2,}\b|^/[a-z]")
ABBREVIATION = re.compile(r"^[A-Z]{2,}$")  # CMR, HS, TIR
FOREIGN = re.compile(r"[wW]|[cC](?![hH])")  # letters Uzbek writes only in foreign words
WORD = re.compile(r"[A-Za-zʻʼ'`‘’]+")

DIGRAPHS = (
    ("o'", "ў"), ("g'", "ғ"), ("sh", "ш"), ("ch", "ч"), ("yo", "ё"), ("yu", "ю"),
    ("ya", "я"), ("ye", "е"), ("ts", "ц"),
)  # fmt: skip
LETTERS = {
    "a": "а", "b": "б", "d": "д", "e": "е", "f": "ф", "g": "г", "h": "ҳ", "i": "и",
    "j": "ж", "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "q": "қ",
    "r": "р", "s": "с", "t": "т", "u": "у", "v": "в", "x": "х", "y": "й", "z": "з",
    "'": "ъ",
}  # fmt: skip


def _plain(word: str) -> str:
    """Lower case, one apostrophe."""
    lowered = word.lower()
    for mark in APOSTROPHES:
        lowered = lowered.replace(mark, "'")
    return lowered


def _convert(lowered: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(lowered):
        pair = lowered[i : i + 2]
        if pair == "yo" and lowered[i + 2 : i + 3] == "'":  # yoʻl: й + ў
            out.append("й")
            i += 1
            continue
        found = next((cyr for lat, cyr in DIGRAPHS if pair == lat), None)
        if found is not None:
            out.append(found)
            i += 2
            continue
        char = lowered[i]
        if char == "e" and (i == 0 or lowered[i - 1] in "aeiou'"):
            out.append("э")  # eksport -> экспорт
        else:
            out.append(LETTERS.get(char, char))
        i += 1
    return "".join(out)


def _case(source: str, target: str) -> str:
    if sum(ch.isupper() for ch in source) > 1:  # CMR, YeOII
        return target.upper()
    if source[:1].isupper():
        return target[:1].upper() + target[1:]
    return target


def word_to_cyrillic(word: str) -> str:
    if word in ABBREVIATIONS:
        return ABBREVIATIONS[word]
    if ABBREVIATION.match(word) or FOREIGN.search(word) or word.lower() in ENGLISH:
        return word
    lowered = _plain(word)
    target = EXCEPTIONS.get(lowered) or _convert(lowered)
    return _case(word, target)


def to_cyrillic(text: str) -> str:
    """Uzbek Latin text in Uzbek Cyrillic; Cyrillic, digits and non-Uzbek words unchanged."""
    pieces = re.split(r"(\s+)", text)
    return "".join(
        piece if piece.isspace() or ADDRESS.search(piece) else WORD.sub(_word, piece)
        for piece in pieces
    )


def _word(match: re.Match[str]) -> str:
    return word_to_cyrillic(match.group(0))


CYRILLIC = re.compile(r"[\u0400-\u04ff]")
LATIN = re.compile(r"[A-Za-z]")


def written_in_cyrillic(text: str) -> bool | None:
    """True for mostly Cyrillic letters, False for mostly Latin, None when too short to say."""
    cyrillic, latin = len(CYRILLIC.findall(text)), len(LATIN.findall(text))
    if cyrillic + latin < 3:
        return None
    return cyrillic > latin

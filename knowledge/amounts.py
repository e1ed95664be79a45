"""Read a value of goods the way traders type it: '2000 $', '150 000 сом', '1,5 млн тенге',
"3000 so'm", '2 млн сум'."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

MAX_VALUE = Decimal(10) ** 12  # more than this in any currency is not a consignment

APOSTROPHES = str.maketrans({c: "'" for c in "ʻʼ’‘`´"})
NUMBER = re.compile(r"(?<![\w.,])(-)?\s*(\d[\d \u00a0\u202f]*(?:[.,]\d+)*)")
WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?|[$€₸₽¥₺元]")

MULTIPLIERS = {
    "млрд": 10**9,
    "mlrd": 10**9,
    "milliard": 10**9,
    "billion": 10**9,
    "млн": 10**6,
    "mln": 10**6,
    "million": 10**6,
    "миллион": 10**6,
    "миллиона": 10**6,
    "миллионов": 10**6,
    "millión": 10**6,
    "тыс": 10**3,
    "тысяч": 10**3,
    "тысячи": 10**3,
    "мың": 10**3,
    "миң": 10**3,
    "ming": 10**3,
    "минг": 10**3,
    "ҳазор": 10**3,
    "hazor": 10**3,
    "müň": 10**3,
    "thousand": 10**3,
    "k": 10**3,
}
# Word starts -> currency; longer starts win ('сомони' before 'сом').
CURRENCY_WORDS = {
    "$": "USD",
    "usd": "USD",
    "доллар": "USD",
    "долл": "USD",
    "dollar": "USD",
    "dollor": "USD",
    "€": "EUR",
    "eur": "EUR",
    "евро": "EUR",
    "euro": "EUR",
    "yevro": "EUR",
    "ýewro": "EUR",
    "₸": "KZT",
    "kzt": "KZT",
    "тенге": "KZT",
    "теңге": "KZT",
    "tenge": "KZT",
    "kgs": "KGS",
    "сом": "KGS",
    "som": "KGS",
    "tjs": "TJS",
    "сомони": "TJS",
    "сомонӣ": "TJS",
    "somoni": "TJS",
    "uzs": "UZS",
    "сум": "UZS",
    "сўм": "UZS",
    "so'm": "UZS",
    "sum": "UZS",
    "₽": "RUB",
    "rub": "RUB",
    "руб": "RUB",
    "рубл": "RUB",
    "¥": "CNY",
    "元": "CNY",
    "cny": "CNY",
    "rmb": "CNY",
    "юан": "CNY",
    "yuan": "CNY",
    "tmt": "TMT",
    "манат": "TMT",
    "manat": "TMT",
    "₺": "TRY",
    "try": "TRY",
    "лира": "TRY",
    "lira": "TRY",
    "afn": "AFN",
    "афгани": "AFN",
    "afghani": "AFN",
}
_STARTS = sorted(CURRENCY_WORDS, key=len, reverse=True)


class Problem(StrEnum):
    UNREADABLE = "unreadable"
    NOT_POSITIVE = "not_positive"
    ABSURD = "absurd"
    NO_CURRENCY = "no_currency"
    UNKNOWN_CURRENCY = "unknown_currency"


@dataclass(frozen=True, slots=True)
class Parsed:
    amount: Decimal | None = None
    currency: str | None = None
    problem: Problem | None = None


def currency_of_word(word: str) -> str | None:
    if word.upper() == word and len(word) == 3 and word.isascii() and word.isalpha():
        return word.upper()  # an ISO code as typed; whether we know it is the caller's check
    lowered = word.lower()
    return next((CURRENCY_WORDS[s] for s in _STARTS if lowered.startswith(s)), None)


def to_decimal(digits: str) -> Decimal | None:
    """'150 000' -> 150000, '1,5' -> 1.5, '2,000' -> 2000, '1.250.000' -> 1250000."""
    text = re.sub(r"[ \u00a0\u202f]", "", digits)
    separators = re.findall(r"[.,]", text)
    if len(separators) > 1:
        if len(set(separators)) == 1:  # 1.250.000: grouping only
            text = text.replace(separators[0], "")
        else:  # 1,250.50 or 1.250,50: the last one is the decimal point
            last = max(text.rfind("."), text.rfind(","))
            text = re.sub(r"[.,]", "", text[:last]) + "." + text[last + 1 :]
    elif separators:
        whole, _, fraction = text.replace(",", ".").partition(".")
        text = whole + fraction if len(fraction) == 3 and whole != "0" else f"{whole}.{fraction}"
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def parse_value(text: str) -> Parsed:
    cleaned = text.translate(APOSTROPHES).strip()
    numbers = NUMBER.findall(cleaned)
    if len(numbers) != 1:
        return Parsed(problem=Problem.UNREADABLE)
    sign, digits = numbers[0]
    amount = to_decimal(digits)
    if amount is None:
        return Parsed(problem=Problem.UNREADABLE)
    rest = NUMBER.sub(" ", cleaned)
    currency: str | None = None
    unknown = False
    for word in WORD.findall(rest):
        lowered = word.lower().rstrip(".")
        if lowered in MULTIPLIERS:
            amount *= MULTIPLIERS[lowered]
            continue
        if lowered in ("минус", "minus"):
            sign = "-"
            continue
        found = currency_of_word(word)
        if found is None:
            unknown = True
        elif currency is None:
            currency = found
    if sign or amount <= 0:
        return Parsed(amount, currency, Problem.NOT_POSITIVE)
    if amount > MAX_VALUE:
        return Parsed(amount, currency, Problem.ABSURD)
    if currency is None:
        return Parsed(amount, None, Problem.UNKNOWN_CURRENCY if unknown else Problem.NO_CURRENCY)
    return Parsed(amount, currency)

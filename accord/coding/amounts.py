"""Money amounts in text ("$550 billion", "500 crore rupees", "2 trillion won") as a value and a currency.

An amount needs a currency: a symbol or code before the number ("$", "US$", "€", "RMB", "Rs") or a
currency word after it ("euros", "yen", "Australian dollars"). Plain numbers, years and percentages are
never amounts. A range ("$3-4 billion", "$3 billion to $5 billion") is one amount worth its first number.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation


@dataclass(frozen=True, slots=True)
class Amount:
    value: int | float  # an int when the amount is whole
    currency: str  # ISO 4217
    start: int
    end: int
    text: str


# Symbols and codes written before the number, longest first where one contains another ("US$" and "$").
_PREFIXES = {
    "US$": "USD", "U.S.$": "USD", "US $": "USD", "USD": "USD", "$": "USD",
    "A$": "AUD", "AU$": "AUD", "AUD": "AUD", "C$": "CAD", "CA$": "CAD", "CAD": "CAD",
    "HK$": "HKD", "HKD": "HKD", "S$": "SGD", "SGD": "SGD", "NZ$": "NZD", "NZD": "NZD", "NT$": "TWD", "TWD": "TWD",
    "€": "EUR", "EUR": "EUR", "£": "GBP", "GBP": "GBP", "¥": "JPY", "JPY": "JPY",
    "CN¥": "CNY", "RMB": "CNY", "CNY": "CNY", "₹": "INR", "Rs.": "INR", "Rs": "INR", "INR": "INR",
    "₩": "KRW", "KRW": "KRW", "₽": "RUB", "RUB": "RUB", "₪": "ILS", "ILS": "ILS", "₴": "UAH", "UAH": "UAH",
    "CHF": "CHF", "THB": "THB", "฿": "THB", "KHR": "KHR", "MYR": "MYR", "RM": "MYR", "IDR": "IDR", "Rp": "IDR",
    "₺": "TRY", "SAR": "SAR", "AED": "AED", "₦": "NGN", "NGN": "NGN", "₱": "PHP",
    "VND": "VND", "₫": "VND", "PKR": "PKR", "ZAR": "ZAR", "BRL": "BRL", "R$": "BRL", "MXN": "MXN",
}  # fmt: skip
# Currency words written after the number; an adjective before "dollars" or "rupees" picks the country.
_WORDS = {
    "dollars?": "USD", "(?:us|u\\.s\\.|american) dollars?": "USD",
    "australian dollars?": "AUD", "canadian dollars?": "CAD", "hong kong dollars?": "HKD",
    "singapore dollars?": "SGD", "new zealand dollars?": "NZD", "(?:new )?taiwan(?:ese)? dollars?": "TWD",
    "euros?": "EUR", "(?:british )?pounds?(?: sterling)?(?! of\\b)": "GBP", "sterling": "GBP",
    "(?:japanese )?yen": "JPY", "(?:chinese )?(?:yuan|renminbi)": "CNY",
    "(?:indian )?rupees?": "INR", "pakistani rupees?": "PKR", "sri lankan rupees?": "LKR",
    "nepal(?:ese|i) rupees?": "NPR", "(?:south korean |korean )?won": "KRW",
    "r(?:o?u)bles?": "RUB", "swiss francs?": "CHF", "baht": "THB", "riels?": "KHR", "ringgit": "MYR",
    "rupiah": "IDR", "shekels?": "ILS", "hryvnias?": "UAH", "(?:turkish )?liras?": "TRY", "riyals?": "SAR",
    "dirhams?": "AED", "naira": "NGN", "dong": "VND", "rand": "ZAR", "reais": "BRL",
}  # fmt: skip
_SCALES = {
    "thousand": 10**3, "k": 10**3, "million": 10**6, "mn": 10**6, "mln": 10**6, "m": 10**6,
    "billion": 10**9, "bn": 10**9, "bln": 10**9, "b": 10**9, "trillion": 10**12, "tn": 10**12, "trn": 10**12,
    "crore": 10**7, "cr": 10**7, "lakh": 10**5, "lakh crore": 10**12,
}  # fmt: skip

_SP = r"[ \t\u00a0\u202f]"
_NUMBER = r"(?:\d{1,3}(?:,\d{3}){1,6}|\d{1,18})(?:\.\d{1,9})?(?!\d|,\d)"  # no longer: not money
_SCALE = (
    rf"(?:{_SP}*|-)(?:thousand|million|billion|trillion|lakh{_SP}+crore|crore|lakh|mn|mln|bn|bln|tn|trn|cr)"
    r"|(?:k|m|b)"
)
_RANGE = rf"{_SP}*(?:-|\u2013|\u2014|to){_SP}*"


def _alternatives(keys: list[str], escape: bool) -> str:
    return "|".join(re.escape(key) if escape else key for key in sorted(keys, key=len, reverse=True))


_PREFIX = _alternatives(list(_PREFIXES), escape=True)
_WORD = _alternatives(list(_WORDS), escape=False)
_SCALED = rf"(?:{_SCALE})(?![^\W\d_])"
_AMOUNT = re.compile(
    # A symbol or code, the number, its scale, and perhaps the rest of a range ("-4 billion", "to $5bn"); the
    # range's second number needs a scale or a symbol of its own, so "$5 billion to 2030" stays "$5 billion".
    rf"(?<![^\W\d_])(?-i:(?P<prefix>{_PREFIX})){_SP}{{0,2}}(?P<n1>{_NUMBER})(?P<s1>{_SCALED})?"
    rf"(?:{_RANGE}(?:(?-i:{_PREFIX}){_SP}{{0,2}}(?:{_NUMBER})(?P<s6>{_SCALED})?|(?:{_NUMBER})(?P<s2>{_SCALED})))?"
    # Or the number ("a" or "one" before a scale word), its scale, perhaps a range, then a currency word or
    # code ("5bn euros", "3-4 billion yuan", "a billion dollars", "3 million USD").
    rf"|(?<![\w.,])(?:(?P<n3>{_NUMBER})(?P<s3>{_SCALED})?(?:{_RANGE}(?:{_NUMBER})(?P<s4>{_SCALED})?)?"
    rf"|(?P<n5>an?|one){_SP}+(?P<s5>thousand|million|billion|trillion))"
    rf"{_SP}+(?:(?P<word>{_WORD})|(?-i:(?P<code>[A-Z]{{3}})))(?![^\W\d_])",
    re.IGNORECASE,
)
_WORD_PATTERNS = [(re.compile(word, re.IGNORECASE), code) for word, code in _WORDS.items()]
_CODES = frozenset(_PREFIXES[key] for key in _PREFIXES)
_DIGITS = re.compile(r"\d+")
_PREFIX_BEFORE = re.compile(rf"(?<![^\W\d_])(?:{_PREFIX}){_SP}{{0,2}}\Z")
_LONGEST_PREFIX = max(map(len, _PREFIXES)) + 2
_PREFIX_ENDS = frozenset(prefix.rstrip()[-1] for prefix in _PREFIXES)
_SCALE_WORD = re.compile("illion|housand|ILLION|HOUSAND")  # the cheap part of million, billion, ..., thousand
_ARTICLE_BEFORE = re.compile(rf"(?<![\w.,])(?:an?|one){_SP}+(?:[bmt]|tr)\Z", re.IGNORECASE)
_LONGEST_AMOUNT = 200  # characters; an amount with its range and currency words is far shorter
_YEAR_BEFORE = re.compile(r"(?:\b(?:in|of|since|by|from|until|before|after|during)\s+)\Z", re.IGNORECASE)


def _scale(written: str | None) -> int:
    if not written:
        return 1
    key = re.sub(r"\s+", " ", written.strip(" \t\u00a0\u202f-")).lower()
    return _SCALES[key]


def _value(number: str, scale: int) -> int | float | None:
    if number.lower() in ("a", "an", "one"):
        number = "1"
    try:
        exact = Decimal(number.replace(",", "")) * scale
    except InvalidOperation:
        return None
    return int(exact) if exact == exact.to_integral_value() else float(exact)


def _word_currency(word: str) -> str:
    for pattern, code in _WORD_PATTERNS:
        if pattern.fullmatch(word):
            return code
    return "USD"


def _amount(text: str, match: re.Match[str]) -> Amount | None:
    if match.group("prefix"):
        currency = _PREFIXES[match.group("prefix")]
        number = match.group("n1")
        scale = _scale(match.group("s1") or match.group("s2") or match.group("s6"))
    else:
        number = match.group("n3") or match.group("n5")
        written_scale = match.group("s3") or match.group("s4") or match.group("s5")
        scale = _scale(written_scale)
        word, code = match.group("word"), match.group("code")
        if code and code not in _CODES:
            return None
        currency = code or _word_currency(word)
        bare = written_scale is None and "," not in number and "." not in number
        # "in 2020 dollars" is a year; "the party that in 2018 won" is not Korean money.
        if bare and len(number) == 4 and _YEAR_BEFORE.search(text, max(0, match.start() - 12), match.start()):
            return None
        if currency == "KRW" and word and not written_scale and _value(number, 1) < 1000:
            return None  # "45 won" is a vote count far more often than 45 won
    value = _value(number, scale)
    if value is None:
        return None
    return Amount(value, currency, match.start(), match.end(), match.group())


def _starts(text: str) -> Iterator[int]:
    """Where an amount could begin, in order: every number, or the symbol just before it, and "a"/"one"
    before a scale word. Trying the full expression only there is what keeps long texts fast."""
    for number in _DIGITS.finditer(text):
        position = number.start()
        before = text[max(0, position - 3) : position].rstrip(" \t\u00a0\u202f")
        if before and before[-1] in _PREFIX_ENDS:
            prefix = _PREFIX_BEFORE.search(text, max(0, position - _LONGEST_PREFIX), position)
            if prefix:
                yield prefix.start()
        yield position


def _word_starts(text: str) -> Iterator[int]:
    for scale in _SCALE_WORD.finditer(text):
        article = _ARTICLE_BEFORE.search(text, max(0, scale.start() - 8), scale.start())
        if article:
            yield article.start()


def find_amounts(text: str) -> list[Amount]:
    """Every money amount in ``text``, in order, with its offsets; ``value`` is in units of ``currency``."""
    amounts: list[Amount] = []
    position = 0
    for start in heapq.merge(_starts(text), _word_starts(text)):
        if start < position:
            continue
        match = _AMOUNT.match(text, start, start + _LONGEST_AMOUNT)
        amount = _amount(text, match) if match else None
        if amount is not None:
            amounts.append(amount)
            position = amount.end
    return amounts

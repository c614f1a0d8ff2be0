"""Money amounts: value, ISO 4217 currency and offsets."""

from __future__ import annotations

import time

import pytest

from accord.coding.amounts import Amount, find_amounts


def one(text: str) -> Amount:
    amounts = find_amounts(text)
    assert len(amounts) == 1, amounts
    return amounts[0]


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("$550 billion", 550_000_000_000, "USD"),
        ("US$1.2 trillion", 1_200_000_000_000, "USD"),
        ("U.S.$ 40 million", 40_000_000, "USD"),
        ("USD 3 million", 3_000_000, "USD"),
        ("USD3m", 3_000_000, "USD"),
        ("$10m", 10_000_000, "USD"),
        ("$3bn", 3_000_000_000, "USD"),
        ("$4.5B", 4_500_000_000, "USD"),
        ("$250k", 250_000, "USD"),
        ("$1,200", 1_200, "USD"),
        ("$1,200,000.50", 1_200_000.5, "USD"),
        ("$12.75", 12.75, "USD"),
        ("$2-billion", 2_000_000_000, "USD"),
        ("8 billion dollars", 8_000_000_000, "USD"),
        ("8 billion US dollars", 8_000_000_000, "USD"),
        ("a billion dollars", 1_000_000_000, "USD"),
        ("one trillion yen", 1_000_000_000_000, "JPY"),
        ("€5 million", 5_000_000, "EUR"),
        ("EUR 700 million", 700_000_000, "EUR"),
        ("5 million euros", 5_000_000, "EUR"),
        ("£3 billion", 3_000_000_000, "GBP"),
        ("3 billion pounds", 3_000_000_000, "GBP"),
        ("40 million pounds sterling", 40_000_000, "GBP"),
        ("¥1 trillion", 1_000_000_000_000, "JPY"),
        ("1 trillion yen", 1_000_000_000_000, "JPY"),
        ("1.5 billion yuan", 1_500_000_000, "CNY"),
        ("RMB 2 billion", 2_000_000_000, "CNY"),
        ("300 million renminbi", 300_000_000, "CNY"),
        ("500 crore rupees", 5_000_000_000, "INR"),
        ("Rs 500 crore", 5_000_000_000, "INR"),
        ("Rs. 2 lakh", 200_000, "INR"),
        ("Rs 1 lakh crore", 1_000_000_000_000, "INR"),
        ("₹750 crore", 7_500_000_000, "INR"),
        ("2 trillion won", 2_000_000_000_000, "KRW"),
        ("50,000 won", 50_000, "KRW"),
        ("A$5 billion", 5_000_000_000, "AUD"),
        ("5 billion Australian dollars", 5_000_000_000, "AUD"),
        ("HK$300 million", 300_000_000, "HKD"),
        ("12 billion roubles", 12_000_000_000, "RUB"),
        ("9 billion baht", 9_000_000_000, "THB"),
        ("3 million USD", 3_000_000, "USD"),
    ],
)
def test_amount_value_and_currency(text, value, currency):
    amount = one(f"The ministry pledged {text} for the project.")
    assert amount.value == value
    assert type(amount.value) is type(value)
    assert amount.currency == currency
    assert amount.text == text


def test_whole_amounts_are_ints_and_offsets_point_into_the_text():
    text = "Tokyo will invest US$1.2 trillion, Seoul 350 billion won."
    first, second = find_amounts(text)
    assert first == Amount(1_200_000_000_000, "USD", 18, 33, "US$1.2 trillion")
    assert isinstance(first.value, int)
    assert text[second.start : second.end] == second.text == "350 billion won"
    assert second.currency == "KRW"


@pytest.mark.parametrize(
    ("text", "value", "covered"),
    [
        ("$3-4 billion", 3_000_000_000, "$3-4 billion"),
        ("$3 billion to $5 billion", 3_000_000_000, "$3 billion to $5 billion"),
        ("$3\u2013$4 billion", 3_000_000_000, "$3\u2013$4 billion"),
        ("3 to 4 billion yuan", 3_000_000_000, "3 to 4 billion yuan"),
        ("300-400 euros", 300, "300-400 euros"),
    ],
)
def test_ranges_take_the_first_number(text, value, covered):
    amount = one(f"Estimates put the cost at {text} over ten years.")
    assert amount.value == value
    assert amount.text == covered


def test_a_year_after_an_amount_is_not_part_of_a_range():
    assert one("They promised $5 billion to 2030 and more later.").text == "$5 billion"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "The summit drew 5,000 delegates and 300 journalists.",
        "Unemployment fell to 4.5% in 2023, and 12 percent of firms closed.",
        "The treaty was signed in 1998 and revised in 2024.",
        "Exports rose by 2 billion units last year.",
        "The party that in 2018 won the vote lost in 2022.",
        "Lee, 45 won the seat; the bloc of 120 won a majority.",
        "Prices are quoted in 2020 dollars throughout.",
        "They shipped 3 million pounds of rice.",
        "The engine runs PHP 8.1 and the road is 10m wide.",
        "He ran 10k and swam 2km.",
    ],
)
def test_not_amounts(text):
    assert find_amounts(text) == []


def test_several_amounts_in_order():
    text = "Japan pledged ¥1 trillion ($6.7 billion), the EU €500 million and India Rs 200 crore."
    assert [(a.value, a.currency) for a in find_amounts(text)] == [
        (1_000_000_000_000, "JPY"),
        (6_700_000_000, "USD"),
        (500_000_000, "EUR"),
        (2_000_000_000, "INR"),
    ]


def test_odd_input_never_raises():
    odd = [
        "\x00$\x00 5 billion\x00",
        "$" + "9" * 5000,
        "$1,2345",
        "." * 10_000 + "$",
        "1," * 10_000 + " euros",
        "$$$$ ¥¥¥ €€€ 5 5 5 billion billion",
        "US$-5 billion",
    ]
    for text in odd:
        for amount in find_amounts(text):
            assert text[amount.start : amount.end] == amount.text


def test_long_text_is_fast():
    paragraph = (
        "On Jan. 5 the ministers met for 3 hours and 20 minutes; 45 delegates voted in 2024 and prices rose 2.5%. "
        "They pledged $3.5 billion and 200 billion yen.\n"
    )
    text = paragraph * 20_000  # about 3 MB
    started = time.perf_counter()
    amounts = find_amounts(text)
    assert time.perf_counter() - started < 10
    assert len(amounts) == 40_000
    assert amounts[-1].currency == "JPY"

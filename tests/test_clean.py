"""Cleaning raw documents: HTML extraction, page furniture, control characters, language."""

from __future__ import annotations

import time

import pytest

from accord.text.clean import Article, clean_document, clean_html, detect_language, looks_like_html, strip_boilerplate

ARTICLE_PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Harbour accord signed | The Coastal Ledger</title>
<meta property="og:title" content="Harbour accord signed after long talks">
<meta property="article:published_time" content="2023-11-07T08:15:00+00:00">
<script>window.secretTracker = "SCRIPT_SHOULD_NOT_LEAK"; var ads = [];</script>
<style>.banner { display: none; } /* STYLE_SHOULD_NOT_LEAK */</style>
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/region">Region</a></li>
<li><a href="/markets">Markets</a></li></ul></nav>
<div class="share-bar"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div>
<article>
<h1>Harbour accord signed after long talks</h1>
<p>The transport ministers of Norvania and Sel met in the port city of Varn on Tuesday and signed an accord
that opens each other's harbours to cargo ships flying either flag.</p>
<p>The accord ends a dispute that began when Sel raised docking fees four years ago, a move Norvania called
unfair and answered with fees of its own on ships from Sel.</p>
<p>"Our sailors have waited long enough for this," the Norvanian minister told reporters after the ceremony,
adding that the first ships could dock under the new rules before the end of the year.</p>
</article>
<div class="related"><h3>Related posts</h3><ul><li><a href="/x">Storm closes northern ferry routes</a></li>
<li><a href="/y">Fishing quotas cut again</a></li></ul></div>
<div id="comments"><h3>Leave a Reply</h3><p>Your email address will not be published.</p>
<form><textarea name="comment"></textarea><button>Post Comment</button></form></div>
<footer><p>Copyright 2023 The Coastal Ledger. All rights reserved.</p>
<p>We use cookies to give you the best experience on our website.</p></footer>
<script>console.log("SECOND_SCRIPT_SHOULD_NOT_LEAK")</script>
</body></html>
"""


# ------------------------------------------------------------------------------------------ looks_like_html


@pytest.mark.parametrize(
    "raw",
    [
        ARTICLE_PAGE,
        "<html><body><p>Short page.</p></body></html>",
        "  \n<!doctype html><p>x</p>",
        "<div><p>A fragment with two tags.</p></div>",
        "<p>Unclosed paragraph <b>and bold",
        "<p>A fragment that opens with one tag",
    ],
)
def test_looks_like_html_recognises_pages_and_fragments(raw):
    assert looks_like_html(raw)


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "The minister said the deal was done.",
        "Prices rose 5% as x < y and y > z in the model.",
        "The tag <b> is mentioned once in this plain sentence.",
        "\x00\x01\x02 binary-ish \xff\xfe",
    ],
)
def test_looks_like_html_leaves_plain_text_alone(raw):
    assert not looks_like_html(raw)


# ------------------------------------------------------------------------------------------------ clean_html


def test_clean_html_extracts_text_title_and_date():
    article = clean_html(ARTICLE_PAGE)
    assert isinstance(article, Article)
    assert "signed an accord" in article.text
    assert "Our sailors have waited long enough" in article.text
    assert article.title is not None and "Harbour accord signed" in article.title
    assert article.date == "2023-11-07"


def test_clean_html_drops_scripts_styles_menus_and_comment_forms():
    text = clean_html(ARTICLE_PAGE).text
    for leak in ("SCRIPT_SHOULD_NOT_LEAK", "STYLE_SHOULD_NOT_LEAK", "SECOND_SCRIPT_SHOULD_NOT_LEAK", "secretTracker"):
        assert leak not in text
    assert "Leave a Reply" not in text
    assert "Your email address" not in text
    assert "Markets" not in text


def test_clean_html_without_date_metadata_gives_no_date():
    page = (
        "<html><head><title>Council meets</title></head><body><article><p>The city council met on Monday to "
        "discuss the bridge repairs that were promised last spring by the mayor.</p></article></body></html>"
    )
    article = clean_html(page)
    assert article.date is None
    assert "bridge repairs" in article.text


@pytest.mark.parametrize(
    "page",
    [
        "<p>unclosed paragraph <b>bold words <script>alert('LEAK')</script> and the rest of the sentence",
        "<div><div><div><p>Deeply <i>unbalanced <span>markup about the harbour talks</div>",
        "<html><body><p>Text before a broken comment <!-- never closed <script>LEAK</script>",
        "<html><body><script>var LEAK = 1;",
        "<html><head><style>LEAK{}</style><body><table><tr><td>cell about tariffs<td>another cell",
    ],
)
def test_clean_html_survives_malformed_markup_without_leaking_script(page):
    article = clean_html(page)
    assert isinstance(article.text, str)
    assert "LEAK" not in article.text
    assert "alert(" not in article.text


def test_clean_html_keeps_text_of_a_fragment():
    article = clean_html("<p>unclosed paragraph <b>bold words <script>alert('x')</script> and the rest")
    assert "unclosed paragraph" in article.text
    assert "and the rest" in article.text


@pytest.mark.parametrize(
    "page",
    ["", "   ", "<html></html>", "<html><body><script>only();</script></body></html>", "<", "<<<>>>", "</p></p>"],
)
def test_clean_html_with_nothing_usable_gives_empty_text(page):
    assert clean_html(page).text == ""


def test_clean_html_never_raises_on_odd_input():
    odd = [
        '<?xml version="1.0" encoding="utf-8"?><html><body><p>Declared encoding in a str.</p></body></html>',
        "<html>\x00\x01<body><p>NUL bytes\x00inside</p></body></html>",
        "<html><body>" + "<div>" * 5000 + "deep" + "</div>" * 10 + "</body></html>",
        "<html><body><p>\ud800 lone surrogate</p></body></html>",
        "<p>" + "&#xFFFFFFF; &bogus; &amp" * 50 + "</p>",
    ]
    for page in odd:
        assert isinstance(clean_html(page).text, str)


# ----------------------------------------------------------------------------------------- strip_boilerplate


def test_strip_boilerplate_drops_furniture_lines_and_keeps_the_rest_exactly():
    text = (
        "Skip to content\n"
        "Rail link approved\n"
        "The two governments approved a rail link between their capitals on Friday, officials said.\n"
        "Advertisement\n"
        "Work is due to start next year and to last five years.\n"
        "Share this:\n"
        "Click to share on Twitter (Opens in new window)\n"
        "Share on WhatsApp\n"
        "Tags: rail, transport, trade\n"
        "Posted in World News\n"
    )
    expected = (
        "Rail link approved\n"
        "The two governments approved a rail link between their capitals on Friday, officials said.\n"
        "Work is due to start next year and to last five years.\n"
    )
    assert strip_boilerplate(text) == expected


def test_strip_boilerplate_cuts_a_trailer_after_the_article():
    text = (
        "The finance ministers agreed to meet again in March to finish the treaty on double taxation.\n"
        "\n"
        "Related posts\n"
        "Storm closes northern ferry routes\n"
        "Fishing quotas cut again\n"
        "Leave a Reply\n"
        "Great article, thanks!\n"
    )
    assert strip_boilerplate(text) == (
        "The finance ministers agreed to meet again in March to finish the treaty on double taxation.\n\n"
    )
    # Offsets into the kept part are those of the original.
    assert text.startswith(strip_boilerplate(text))


def test_strip_boilerplate_keeps_a_trailer_marker_before_any_prose_from_cutting_the_article():
    prose = "The ministers met in Geneva on Monday and agreed to resume talks within a month.\n"
    assert strip_boilerplate(f"Related\nComments\n{prose}") == prose


@pytest.mark.parametrize(
    "line",
    [
        "Leave a Comment",
        "Share this:",
        "Share on Facebook",
        "Share on X",
        "Facebook | Twitter | WhatsApp | Email",
        "• Print",
        "Read more: Ministers clash over budget",
        "Subscribe to our daily briefing",
        "Sign up for our newsletter",
        "ADVERTISEMENT",
        "This website uses cookies to improve your experience.",
        "© 2024 The Coastal Ledger. All rights reserved.",
        "You may also like",
        "Your email address will not be published. Required fields are marked *",
        "Published: March 4, 2024",
    ],
)
def test_strip_boilerplate_recognises_furniture(line):
    prose = "The committee approved the budget after a long debate in the chamber on Thursday."
    assert strip_boilerplate(f"{prose}\n{line}") == prose + "\n"
    assert strip_boilerplate(f"{line}\n{prose}") == prose


@pytest.mark.parametrize(
    "line",
    [
        "Comments by the minister angered the opposition, which walked out of the chamber.",
        "Copyright rules for news publishers were tightened by parliament on Tuesday.",
        "Shares in the state airline rose after the deal was announced.",
        "The tags on the cargo showed it had come from the northern port.",
        "Updated figures released in 2024 show the deficit has narrowed.",
        "Related talks between the two sides are expected to begin next week.",
        "Subscribers to the state broadcaster complained about the coverage.",
    ],
)
def test_strip_boilerplate_keeps_sentences_that_only_look_like_furniture(line):
    text = f"The committee approved the budget after a long debate in the chamber on Thursday.\n{line}\n"
    assert strip_boilerplate(text) == text


def test_strip_boilerplate_returns_plain_text_unchanged():
    text = "  Indented line.\r\nA second line\twith a tab.\n\n\nThird paragraph after blank lines.  "
    assert strip_boilerplate(text) == text
    assert strip_boilerplate("") == ""


# ------------------------------------------------------------------------------------------ detect_language


def test_detect_language_english_fast_path():
    text = (
        "The ministers of the two countries said on Monday that they would meet again after the election, "
        "and that the talks had been useful for both sides."
    )
    assert detect_language(text) == "en"


def test_detect_language_french():
    text = (
        "Les ministres des deux pays se sont rencontrés lundi à Genève pour relancer les négociations sur la "
        "frontière. Ils ont promis de se revoir avant la fin de l'année."
    )
    assert detect_language(text) == "fr"


def test_detect_language_chinese():
    text = "两国外交部长星期一在日内瓦会面，同意在年底前恢复关于边界问题的谈判。双方都表示会谈是有益的。"
    assert detect_language(text) == "zh"


def test_detect_language_german_is_not_english():
    text = (
        "Die Außenminister beider Länder trafen sich am Montag in Genf und vereinbarten, die Gespräche über "
        "die Grenze bis zum Jahresende wieder aufzunehmen. Was die Regierung will, ist noch unklar."
    )
    assert detect_language(text) == "de"


def test_detect_language_short_english_headline_goes_to_the_model():
    assert detect_language("Japan premier meets Trump in Tokyo") == "en"


def test_detect_language_without_letters_defaults_to_english():
    assert detect_language("") == "en"
    assert detect_language("12 34 -- 56 %") == "en"


# ------------------------------------------------------------------------------------------- clean_document


def test_clean_document_html_page():
    article = clean_document(ARTICLE_PAGE)
    assert article.date == "2023-11-07"
    assert "signed an accord" in article.text
    for gone in ("Related posts", "Fishing quotas cut again", "Leave a Reply", "All rights reserved", "cookies"):
        assert gone not in article.text
    assert "SCRIPT_SHOULD_NOT_LEAK" not in article.text


def test_clean_document_plain_text_normalises_line_ends_and_controls():
    raw = "Border talks resume\r\nThe envoys met\x00 in Geneva\x07 on Monday.\rThey agreed\tto meet again.\x1b\n"
    article = clean_document(raw)
    assert article == Article("Border talks resume\nThe envoys met in Geneva on Monday.\nThey agreed\tto meet again.\n")


def test_clean_document_plain_text_drops_furniture():
    raw = "The envoys met in Geneva on Monday and agreed to meet again in May.\nShare this:\nLeave a Reply\nNice!\n"
    assert clean_document(raw).text == "The envoys met in Geneva on Monday and agreed to meet again in May.\n"


@pytest.mark.parametrize(
    "raw",
    ["", "   \n\t ", "\x00\x00\x00", "\x00\x01\x02\x03\x04\x05\x06\x07\x08", "Share this:\nAdvertisement\n", "<"],
)
def test_clean_document_with_nothing_left_gives_empty_text(raw):
    assert clean_document(raw).text == ""


def test_clean_document_binary_ish_input_never_raises():
    junk = bytes(range(256)).decode("latin-1") * 20 + "\ud800\udfff" + "<p>" + "\x00" * 100
    article = clean_document(junk)
    assert isinstance(article.text, str)
    assert "\x00" not in article.text
    assert all(ch in "\n\t" or ord(ch) >= 32 for ch in article.text if not 0x7F <= ord(ch) <= 0x9F)


def test_clean_document_very_long_text_is_fast_and_kept():
    paragraph = (
        "The two delegations met again on Thursday and agreed on a timetable for the next round of talks.\n"
        "Share this:\n\n"
    )
    raw = paragraph * 50_000  # about 5 MB
    started = time.perf_counter()
    article = clean_document(raw)
    elapsed = time.perf_counter() - started
    assert article.text.count("agreed on a timetable") == 50_000
    assert "Share this:" not in article.text
    assert elapsed < 10


def test_clean_document_long_html_page():
    body = "".join(
        f"<p>Paragraph {i}: the delegations met again and agreed on a timetable for further talks.</p>"
        for i in range(5_000)
    )
    article = clean_document(f"<html><head><title>Talks</title></head><body><article>{body}</article></body></html>")
    assert "Paragraph 4999" in article.text

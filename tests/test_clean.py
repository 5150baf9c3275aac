"""Stage 3, clean: line shapes, furniture patterns, repeats and their reasons."""

import pytest

from archive.clean import (
    BYLINE,
    CAPTION,
    CREDIT,
    DATELINE,
    HEADLINE,
    PROSE,
    REPEAT,
    SEPARATOR,
    caption_parts,
    classify_shape,
    clean_page,
    furniture_reason,
    is_dateline,
    shape_of,
)
from archive.model import RawPage, Role
from archive.repeats import count_repeats
from archive.settings import Thresholds

T = Thresholds()

# Page furniture seen on real news pages: each line must be removed, with this reason.
DROP = [
    ("Facebook Twitter Share", "navigation: share or follow bar"),
    ("Facebook Instagram Twitter YouTube", "navigation: share or follow bar"),
    ("Share on Facebook", "navigation: share or follow bar"),
    ("Blog", "navigation: menu or section word"),
    ("RSS feeds", "navigation: menu or section word"),
    ("Menu", "navigation: menu or section word"),
    ("Read the full article here.", "link boilerplate"),
    ("Continue Reading Below", "link boilerplate"),
    ("Read more: The economics of Iran's proxy networks", "link boilerplate"),
    ("The post Iran-Backed Militias Ready to Disarm first appeared on Algemeiner.com.", "feed boilerplate"),
    ("From the archive:", "archive label"),
    ("JPEG - 38.4 kb", "image label"),
    ("Image 3 of 5", "image label"),
    ("© 2019 CNBC LLC. All Rights Reserved. A Division of NBCUniversal", "copyright"),
    ("Copyright 2019 Hawaii News Now. All rights reserved.", "copyright"),
    ("This website uses cookies. By continuing to use our website you agree to our use of cookies.", "cookie notice"),
    ("Advertisement", "advertisement"),
    ("Sign up for our daily newsletter", "newsletter"),
    ("MOST RECENT", "related list label"),
    ("More from Sportsnet", "related list label"),
    ("34 responses to “Anthony Lynn: We needed to win”", "comments"),
    ("12. joetoronto says:", "comments"),
    ("Leave a Reply", "comments"),
    ("Tempo de leitura: 1 minuto", "byline furniture"),
    ("Filed Under:Eastern Equine Encephalitis, EEE, health", "byline furniture"),
    ("Skip to main content", "navigation: menu or section word"),
]

# Sentences that mention furniture words but are article text: never removed as furniture.
KEEP = [
    "The newsletter of the Revolutionary Guards published a long list of targets on Sunday, officials said.",
    "Reuters reported that the Pentagon has claimed responsibility for the strike, citing an unnamed US official.",
    "Share prices of defence contractors rose sharply after the strike, according to market data.",
    "Copyright law in Iran does not protect foreign works, which makes piracy of Western films common.",
    "The attack was filmed in a video by local residents and posted on Telegram within minutes.",
    "Sign up rates for the reserve forces doubled in the week after the assassination, the ministry said.",
]


@pytest.mark.parametrize("line,reason", DROP)
def test_furniture_is_removed_with_its_reason(line: str, reason: str) -> None:
    assert furniture_reason(shape_of(line)) == reason


@pytest.mark.parametrize("line", KEEP)
def test_sentences_with_furniture_words_are_kept(line: str) -> None:
    assert furniture_reason(shape_of(line)) == ""
    assert classify_shape(shape_of(line), T)[0] == PROSE


def test_bullets_are_measured_without_their_marker() -> None:
    shape = shape_of("  • Putin and Macron expressed concern over the killing during a phone call on Jan. 3.")
    assert shape.bullet == "•" and shape.content.startswith("Putin") and shape.words == 15


@pytest.mark.parametrize(
    "line,kind",
    [
        ("Iran-Backed Militias in Iraq Ready to Disarm to Avert Trump Wrath", HEADLINE),
        ("SHAKEN: IRAN‘S AXIS OF RESISTANCE", HEADLINE),
        ("By Stefan Becket, Kathryn Watson, Grace Segers", BYLINE),
        ("Posted by Michael David Smith on November 19, 2019, 6:21 AM EST", BYLINE),
        ("Natasha Turak@NatashaTurak", BYLINE),
        ("January 3, 2020", DATELINE),
        ("Published Wed, Nov 20 2019 4:29 AM EST Updated an hour ago", DATELINE),
        ("Mon 18 Nov 2019 18.54 GMT Last modified on Mon 18 Nov 2019 18.56 GMT", DATELINE),
        ("Natalie Naccache | Bloomberg | Getty Images", CREDIT),
        ("(Image credit: Blue Origin)", CREDIT),
        ("Antiwar rally in Portland, Oregon. January 4, 2020.", CAPTION),
        ("A passenger arrives at a terminal at Ben Gurion airport, January 25, 2021. REUTERS/Ronen Zvulun", CAPTION),
        ("Several powerful Iranian-backed militia groups in Iraq are prepared to disarm for the first time.", PROSE),
    ],
)
def test_line_kinds(line: str, kind: str) -> None:
    assert classify_shape(shape_of(line), T)[0] == kind


def test_a_sentence_containing_a_date_is_not_a_dateline() -> None:
    text = "Revenues from the tariffs have totaled about $63 billion through June 30, 2019."
    assert not is_dateline(text, shape_of(text))


def test_caption_and_credit_are_separated() -> None:
    assert caption_parts("A vehicle carries a coffin in Baghdad, Sept. 22, 2024. Photo: REUTERS/Thaier Al-Sudani") == (
        "A vehicle carries a coffin in Baghdad, Sept. 22, 2024",
        "Photo: REUTERS/Thaier Al-Sudani",
    )
    assert caption_parts("The attack was filmed in a video by local residents.") is None


def clean(*lines: str, corpus: tuple[RawPage, ...] = ()):
    page = RawPage(name="a.txt", lines=lines)
    pages = [page, *corpus]
    return clean_page(page, count_repeats(pages, T), T)


def test_every_line_gets_a_verdict_with_a_reason() -> None:
    result = clean("Menu", "", "A Headline Worth Reading Today", "Some body text that runs on for a while here.")
    assert [line.number for line in result.lines] == [1, 2, 3, 4]
    assert all(line.reason for line in result.lines)
    assert result.lines[1].role is Role.BLANK


def test_repeated_paragraph_is_removed_after_its_first_copy() -> None:
    paragraph = "As tensions have ratcheted up between the U.S. and Iran, there have been questions about threats."
    result = clean(paragraph, paragraph.lower(), paragraph.replace(" ", "  ").replace("'", "’") + "  ")
    assert result.lines[0].role is Role.BODY
    assert [line.kind for line in result.lines[1:]] == [REPEAT, REPEAT]
    assert result.lines[2].reason == "repeated paragraph: same as line 1"


def test_separators() -> None:
    result = clean("RSS", "* * *", "   RSS", "___")
    assert [line.kind for line in result.lines[:2]] == [SEPARATOR, SEPARATOR]
    assert result.lines[2].kind != SEPARATOR  # an indented menu item, not a feed separator
    assert result.lines[3].kind != SEPARATOR  # agencies put rules inside articles


def test_short_lines_recurring_across_the_corpus_are_furniture() -> None:
    others = tuple(RawPage(name=f"{i}.txt", lines=("Support independent journalism",)) for i in range(3))
    result = clean("Support independent journalism", corpus=others)
    assert result.lines[0].role is Role.REMOVED
    assert result.lines[0].reason == "site furniture: recurs in 4 files"


def test_the_same_article_in_several_files_is_not_furniture() -> None:
    body = tuple(f"Paragraph number {i} of a syndicated wire story that several sites printed in full." for i in range(4))
    copies = tuple(RawPage(name=f"{i}.txt", lines=body) for i in range(3))
    result = clean(*body, corpus=copies)
    assert all(line.kind == PROSE for line in result.lines)


def test_lines_repeated_three_times_in_a_page_are_navigation() -> None:
    result = clean("Latest Sports", "x", "Latest Sports", "y", "Latest Sports")
    assert result.lines[0].reason == "navigation: 3 times in this file"

"""Stage 5, metadata: one extract_* per field, ids and sidecars."""

import pytest

from archive.clean import clean_page
from archive.ids import make_article_id, slugify
from archive.metadata import extract_articles, parse_byline, parse_date
from archive.model import RawPage
from archive.repeats import count_repeats
from archive.settings import Thresholds
from archive.split import split_page

T = Thresholds()
BODY = [
    "Iraqi lawmakers met in an extraordinary session on Sunday to debate a resolution on foreign troops.",
    "The resolution, backed by the two largest Shiite blocs, asks the government to end the coalition's presence.",
    "Kurdish and Sunni lawmakers largely stayed away from the session, leaving the vote to Tehran's allies.",
]


def articles(*lines: str, sidecar: dict | None = None, name: str = "a.txt"):
    page = RawPage(name=name, lines=lines, sidecar=sidecar or {})
    return extract_articles(split_page(clean_page(page, count_repeats([page], T), T), T))


@pytest.mark.parametrize(
    "text,iso",
    [
        ("January 3, 2020", "2020-01-03"),
        ("Published Tue, Nov 19 2019 7:05 AM EST", "2019-11-19"),
        ("Mon 18 Nov 2019 18.54 GMT", "2019-11-18"),
        ("By Mike Wall 2019-11-18T20:51:19Z Science", "2019-11-18"),
        ("21/06/2014 Tony Carter All, Books", "2014-06-21"),
        ("11/19/2019", "2019-11-19"),
        ("05/06/2014", ""),  # ambiguous day/month: never guess
        ("Sept. 22, 2024", "2024-09-22"),
        ("February 30, 2020", ""),
        ("no date here", ""),
    ],
)
def test_parse_date(text: str, iso: str) -> None:
    assert parse_date(text) == iso


@pytest.mark.parametrize(
    "byline,names",
    [
        ("By Stefan Becket, Kathryn Watson, Grace Segers", ["Stefan Becket", "Kathryn Watson", "Grace Segers"]),
        ("By DANICA KIRKA and JILL LAWLESS", ["DANICA KIRKA", "JILL LAWLESS"]),
        ("Posted by Michael David Smith on November 19, 2019, 6:21 AM EST", ["Michael David Smith"]),
        ("By Amy Kuperinsky | NJ Advance Media for NJ.com", ["Amy Kuperinsky"]),
        ("Natasha Turak@NatashaTurak", ["Natasha Turak"]),
    ],
)
def test_parse_byline(byline: str, names: list[str]) -> None:
    assert parse_byline(byline) == names


def test_photo_caption_date_is_not_the_publication_date() -> None:
    (article,) = articles("Militias Ready to Disarm to Avert Trump Wrath",
                          "A vehicle carries a coffin in Baghdad, Sept. 22, 2024. Photo: REUTERS/Thaier Al-Sudani", *BODY)
    assert article.date == ""
    assert article.images[0].caption == "A vehicle carries a coffin in Baghdad, Sept. 22, 2024"
    assert article.images[0].credit == "Photo: REUTERS/Thaier Al-Sudani"


def test_publisher_from_first_appeared_on() -> None:
    (article,) = articles("Militias Ready to Disarm to Avert Trump Wrath", *BODY,
                          "The post Militias Ready to Disarm first appeared on Algemeiner.com.")
    assert article.publisher == "Algemeiner"


def test_publisher_from_agency_credit() -> None:
    (article,) = articles("Security Warning to Israelis Abroad", "i24 News – " + BODY[0], *BODY[1:])
    assert article.publisher == "i24 News"


def test_sidecar_values_take_precedence() -> None:
    sidecar = {"source": "Left Voice", "url": "https://example.org/x", "date": "2020-01-03", "language": "en",
               "retrieved": "2020-01-04", "tags": "iran\nusa"}
    (article,) = articles("A Step Away From War?", "January 9, 2020", *BODY, sidecar=sidecar)
    assert (article.publisher, article.url, article.date, article.language, article.retrieved, article.tags) == (
        "Left Voice", "https://example.org/x", "2020-01-03", "en", "2020-01-04", ("iran", "usa"))


def test_ids_are_stable_url_safe_and_unique() -> None:
    first = make_article_id("003.txt", "A Step Away From War?")
    assert first == make_article_id("003.txt", "A  Step Away From War?")
    assert first != make_article_id("004.txt", "A Step Away From War?")
    assert first != make_article_id("003.txt", "A Step Away From War?", occurrence=1)
    assert first.startswith("a-step-away-from-war-") and first.replace("-", "").isalnum()
    assert slugify("Скайрим") == "article"
    assert len(slugify("word " * 40)) <= 60


def test_same_headline_twice_in_a_file_gets_two_ids() -> None:
    other = [f"{p[:-1]}, a second report added." for p in BODY]
    result = articles("RSS", "Same Headline", *BODY, "RSS", "Same Headline", *other)
    assert len({a.id for a in result}) == 2


def test_id_does_not_change_when_the_body_changes() -> None:
    (before,) = articles("A Step Away From War?", *BODY)
    (after,) = articles("A Step Away From War?", *BODY[:2], "A new closing paragraph that the cleaner now keeps here.")
    assert before.id == after.id


def test_text_joins_blocks_with_blank_lines_and_counts_words() -> None:
    (article,) = articles("A Step Away From War?", *BODY)
    assert article.text == "\n\n".join(BODY)
    assert article.word_count == sum(len(p.split()) for p in BODY)
    assert article.source_lines == (1, 4)

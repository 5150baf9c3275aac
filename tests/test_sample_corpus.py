"""The sample corpus in raw/: the issue's expectations for the four shipped files."""

from pathlib import Path

import pytest

from archive.pipeline import build_corpus
from archive.settings import Settings

RAW = Path(__file__).parent.parent / "raw"
EXPECTED_TITLES = {
    "000_fa78fa365cf72e72.txt": ["Dissatisfaction of Shiite Militants Over Response to U.S. Killing of Leaders"],
    "001_ec8ae5648131d149.txt": [
        "Iran-Backed Militias in Iraq Ready to Disarm to Avert Trump Wrath",
        "Security Warning to Israelis Vacationing Abroad Ahead of holidays",
        "Israel Intensifies Gaza City Bombing as Rubio Arrives",
        "Turkey Warns of Escalation as Israel Expands Strikes Beyond Gaza",
    ],
    "002_41c40566d1b95ffe.txt": [
        "Putin & Erdogan Officially Launch Turkstream Gas Pipeline, Jointly Condemn Soleimani Assassination, Call for "
        "Ceasefire in Libya; Merkel Makes Urgent Diplomatic Trip to Moscow Over Iran",
        "Putin Responds to EU Resolution Blaming Start of WWII on Both Nazi Germany and the Soviet Union",
        "Iran Attacks U.S. Military Bases in Iraq; Anti-War Protests Scheduled Across U.S. for Thursday",
        "Iraqi PM: Soleimani Killed in Midst of Diplomatic Exchange Between Iran & KSA; Iraqi Parliament Votes to "
        "Expel U.S. Forces",
        "Report from Antiwar Protest in Portland, Oregon",
        "Hundreds of Thousands of Iranians Take to Streets in Protest/Mourning of Soleimani’s Death; More U.S. Strikes "
        "Kill Iraqi Militia Commanders; Iraqi Gov’t to Hold Emergency Session on U.S. Presence While Al-Sadr "
        "Announces Reactivation of His Army",
        "Initial Reactions from Russian Government to Assassination of Iranian Military Commander",
        "Breaking: U.S. Airstrike Reportedly Kills Iran’s Top Military Commander",
    ],
    "003_93dc586b88fa6e06.txt": ["A Step Away From War?"],
}


@pytest.fixture(scope="module")
def articles():
    return build_corpus(Settings(raw_dir=RAW)).articles


def by_file(articles, name):
    return [a for a in articles if a.source_file == name]


def test_fourteen_articles_with_exact_titles(articles) -> None:
    assert {name: [a.title for a in by_file(articles, name)] for name in EXPECTED_TITLES} == EXPECTED_TITLES


def test_duplicate_paragraph_kept_exactly_once(articles) -> None:
    (article,) = by_file(articles, "000_fa78fa365cf72e72.txt")
    assert article.text.count("As tensions have ratcheted up between the U.S. and Iran") == 1
    assert article.text.endswith("‘An Intelligence Analysis of U.S.-Iran Tensions in Iraq and the Persian Gulf‘ here.")


def test_subheading_stays_inside_its_article(articles) -> None:
    militias = by_file(articles, "001_ec8ae5648131d149.txt")[0]
    assert "SHAKEN: IRAN‘S AXIS OF RESISTANCE" in [b.text for b in militias.blocks if b.kind.value == "heading"]


def test_left_voice_article_metadata(articles) -> None:
    (article,) = by_file(articles, "003_93dc586b88fa6e06.txt")
    assert article.subtitle == "The U.S. assassination of an Iranian general could lead to yet another devastating war in the Middle East."
    assert (article.date, article.authors, article.publisher) == ("2020-01-03", ("Left Voice",), "Left Voice")
    assert article.text.endswith("originally published in Revolution Permanente.")
    assert "Militant journalism" not in article.text and "Samuel Karlin" not in article.text


def test_feed_metadata_publisher_credit_and_caption_dates(articles) -> None:
    militias, warning, gaza, turkey = by_file(articles, "001_ec8ae5648131d149.txt")
    assert militias.publisher == "Algemeiner"
    assert (warning.publisher, turkey.publisher) == ("i24 News", "i24 News")
    assert all(a.date == "" for a in (militias, warning, gaza, turkey))  # caption dates are not publication dates
    assert militias.images[0].credit == "Photo: REUTERS/Thaier Al-Sudani"
    assert "first appeared on" not in militias.text


def test_bullets_and_image_labels(articles) -> None:
    posts = by_file(articles, "002_41c40566d1b95ffe.txt")
    reactions = posts[6]
    assert sum(b.text.startswith("• ") for b in reactions.blocks) == 6
    resolution = posts[1]
    assert "JPEG" not in resolution.text
    assert [i.caption for i in resolution.images][1] == "Cartoon of Hitler and Stalin each with a foot in the same boot"


def test_ids_are_unique_and_url_safe(articles) -> None:
    ids = [a.id for a in articles]
    assert len(ids) == len(set(ids)) == 14
    assert all(i.replace("-", "").isalnum() and i.islower() for i in ids)

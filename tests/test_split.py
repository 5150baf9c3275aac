"""Stage 4, split: articles, titles, headers, bodies and territories."""

from archive.clean import clean_page
from archive.model import RawPage, Role
from archive.repeats import count_repeats
from archive.settings import Thresholds
from archive.split import split_page

T = Thresholds()
P = [
    "Iraqi lawmakers met in an extraordinary session on Sunday to debate a resolution on foreign troops.",
    "The resolution, backed by the two largest Shiite blocs, asks the government to end the coalition's presence.",
    "Kurdish and Sunni lawmakers largely stayed away from the session, leaving the vote to Tehran's allies.",
    "The caretaker prime minister told the chamber he had been due to meet the commander on the day he was killed.",
]
Q = [
    "Leaders of Arab and Islamic states gathered in Doha on Monday for an emergency summit after the strike.",
    "The host government asked participants to agree on a joint statement condemning the attack on its capital.",
    "Diplomats said the final text was still being negotiated late on Sunday, with several states pressing hard.",
    "Several delegations wanted softer language, fearing that a strong statement would complicate ceasefire talks.",
]


def split(*lines: str):
    page = RawPage(name="a.txt", lines=lines)
    return split_page(clean_page(page, count_repeats([page], T), T), T)


def roles(result) -> list[str]:
    return [line.role.value for line in result.lines]


def test_spans_cover_every_line_exactly_once() -> None:
    result = split("Menu", "First Headline About the Iraqi Parliament Vote", *P, "RSS",
                   "Second Headline About the Iraqi Parliament Vote", *Q, "© 2020 Site. All rights reserved.")
    covered = [n for first, last in result.spans for n in range(first, last + 1)]
    assert covered == list(range(1, len(result.lines) + 1))
    assert len(result.spans) == 2


def test_headline_byline_date_and_body() -> None:
    result = split("Home", "Parliament Votes to Expel U.S. Troops", "By Sarah Malik", "January 5, 2020", *P)
    assert roles(result) == ["removed", "title", "byline", "dateline", "body", "body", "body", "body"]


def test_dek_under_the_headline_is_the_subtitle() -> None:
    dek = "The vote is non-binding, but it puts the government under pressure to act."
    result = split("Parliament Votes to Expel U.S. Troops", dek, "Left Voice", "January 5, 2020",
                   "Facebook Twitter Share", *P)
    assert roles(result)[:5] == ["title", "subtitle", "byline", "dateline", "removed"]


def test_teasers_are_not_articles() -> None:
    teasers = []
    for n in range(3):
        teasers += [f"Another Story Headline Number {n} About the Region", Q[n], "Samuel Karlin", "April 15, 2024"]
    result = split("The Main Story About the Iraqi Parliament Vote", *P, "MOST RECENT", *teasers)
    assert len(result.spans) == 1
    assert all(line.role is Role.REMOVED for line in result.lines[6:])


def test_all_caps_subheading_stays_in_its_article() -> None:
    result = split("Militias Ready to Disarm to Avert Trump Wrath", P[0], P[1], "SHAKEN: IRAN'S AXIS OF RESISTANCE",
                   P[2], P[3])
    assert len(result.spans) == 1
    assert result.lines[3].role is Role.HEADING


def test_long_title_case_headline_in_running_text_starts_a_new_post() -> None:
    result = split("Putin and Erdogan Launch Turkstream Gas Pipeline Over Iran", *P,
                   "Iran Attacks U.S. Military Bases in Iraq; Protests Scheduled Across U.S.", *Q)
    assert len(result.spans) == 2
    assert result.lines[5].role is Role.TITLE


def test_short_title_case_subheading_does_not_split() -> None:
    result = split("Cells That Taste Danger Set Off Immune Responses", *P[:2], "A Job for Tuft Cells", *P[2:])
    assert len(result.spans) == 1
    assert result.lines[3].role is Role.HEADING


def test_separator_files_give_one_article_per_segment() -> None:
    result = split("RSS", "First Story Headline", *P, "RSS", "Second Story Headline", "What Does It Offer?", *Q)
    assert len(result.spans) == 2
    assert result.lines[7].role is Role.TITLE and result.lines[8].role is Role.HEADING


def test_read_the_full_article_ends_a_post() -> None:
    result = split("First Post Headline Here", *P, "Read the full article here.", "Second Post Headline Here", *Q)
    assert len(result.spans) == 2
    assert result.lines[5].reason == "link boilerplate"


def test_a_repeated_article_in_one_file_is_kept_once() -> None:
    result = split("RSS", "Same Story Twice", *P, "RSS", "Same Story Twice", *P)
    assert len(result.spans) == 1
    assert result.lines[-1].reason == "repeated paragraph: same as line 6"


def test_page_without_prose_has_no_article() -> None:
    result = split("Menu", "Home", "About us", "Contact")
    assert result.spans == ()
    assert all(line.role is Role.REMOVED for line in result.lines)


def test_repeated_paragraph_restored_when_first_copy_is_the_dek() -> None:
    dek = "The Portuguese boss had been out of work since being sacked by Manchester United in December."
    result = split("Mourinho Agrees Deal to Replace Pochettino at Tottenham", dek, "By Tom Gillespie",
                   "November 20, 2019", P[0], dek, P[1], P[2])
    assert result.lines[1].role is Role.SUBTITLE
    assert result.lines[5].role is Role.BODY


def test_dek_repeated_twice_in_the_body_is_kept_once_there() -> None:
    dek = "The Portuguese boss had been out of work since being sacked by Manchester United in December."
    result = split("Mourinho Agrees Deal to Replace Pochettino at Tottenham", dek, "By Tom Gillespie",
                   "November 20, 2019", P[0], dek, P[1], dek, P[2])
    assert [line.role for line in result.lines[5:8:2]] == [Role.BODY, Role.REMOVED]
    assert result.lines[7].reason == "repeated paragraph: same as line 2"


def test_news_ticker_after_a_footer_is_not_an_article() -> None:
    ticker = [f"* Breaking item number {n} from the wire: officials in the region said talks would resume on Monday "
              "after a week of strikes and protests." for n in range(5)]
    result = split("Parliament Votes to Expel U.S. Troops", "By Sarah Malik", "January 5, 2020", *P,
                   "© 2020 Example Media. All rights reserved.", "Something went wrong with the connection!", *ticker,
                   "Gulf States Call Emergency Summit in Doha", "By Omar Haddad", "September 15, 2025", *Q)
    assert len(result.spans) == 2
    assert [line.text for line in result.lines if line.role is Role.TITLE] == [
        "Parliament Votes to Expel U.S. Troops", "Gulf States Call Emergency Summit in Doha"]


def test_a_file_starting_with_a_separator_is_in_separator_mode() -> None:
    long_title_case = "Officials Say the Talks Will Resume Next Week in Doha"
    result = split("RSS", "First Story Headline", P[0], long_title_case, P[1], P[2])
    assert len(result.spans) == 1  # with separators, a Title Case line in running text is a subheading
    assert result.lines[3].role is Role.HEADING


def test_no_cut_at_a_headline_that_would_leave_no_article() -> None:
    short = "Iraqi lawmakers met on Sunday to debate the resolution on troops."
    result = split("Parliament Votes on Foreign Troops", short, "Officials Say the Talks Will Resume Next Week in Doha",
                   " ".join(P))
    assert len(result.spans) == 1 and result.lines[2].role is Role.HEADING

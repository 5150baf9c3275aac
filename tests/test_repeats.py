"""Stage 2, repeats: the corpus-wide first pass."""

from archive.model import RawPage
from archive.repeats import count_repeats, normalize_key
from archive.settings import Thresholds


def page(name: str, *lines: str) -> RawPage:
    return RawPage(name=name, lines=lines)


def test_normalize_key_ignores_whitespace_quotes_dashes_case_and_bullets() -> None:
    assert normalize_key("  • He said “it’s over” —  twice ") == normalize_key("He said \"it's over\" - TWICE")


def test_counts_files_not_occurrences() -> None:
    pages = [page("a", "Menu", "Menu", "Menu"), page("b", "Menu"), page("c", "Other")]
    index = count_repeats(pages, Thresholds(corpus_min_files=2))
    assert index.files_containing("Menu") == 2
    assert index.files_containing("Other") == 0  # below the threshold: not kept in the index


def test_result_does_not_depend_on_file_order() -> None:
    pages = [page(str(i), "Subscribe now", f"unique line {i}", "Share") for i in range(5)]
    forward = count_repeats(pages, Thresholds())
    backward = count_repeats(list(reversed(pages)), Thresholds())
    assert forward == backward


def test_corpus_furniture_threshold() -> None:
    pages = [page(str(i), "Follow us on Mastodon") for i in range(3)]
    index = count_repeats(pages, Thresholds(corpus_min_files=3))
    assert index.is_corpus_furniture("follow us on mastodon", Thresholds(corpus_min_files=3))
    assert not index.is_corpus_furniture("Follow us on Mastodon", Thresholds(corpus_min_files=4))

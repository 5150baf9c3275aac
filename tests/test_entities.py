"""entities.yml: validation with file:line problems, the mention matcher, entity pages and article links."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import frontmatter
import pytest
from conftest import PROJECT, make_annotated, make_article
from hypothesis import given
from hypothesis import strategies as st

from archive import render_pages
from archive.entities import (
    EntityMatcher,
    alias_groups,
    any_word_start_pattern,
    index_entities,
    load_entities,
    parse_entities,
    word_pattern,
)
from archive.offline_zip import ZIP_EPOCH, write_offline_zip
from archive.render import render_site
from archive.render_common import source_neighbours
from archive.settings import Settings

SAMPLE = """\
- name: Qassem Soleimani
  type: person
  description: Commander of the Quds Force.
  aliases: [Qasem Soleimani, Soleimani, Suleimani, قاسم سليماني, سلیمانی]
- name: Abu Mahdi al-Muhandis
  type: person
  aliases: [al-Muhandis]
- name: Kataib Hezbollah
  id: kh
  type: organisation
"""


def entities(text: str = SAMPLE):
    found, problems = parse_entities(text, "entities.yml")
    assert problems == []
    return found


def problems_of(text: str) -> list[str]:
    return [str(problem) for problem in parse_entities(text, "entities.yml")[1]]


def test_sample_entities_file_is_valid_and_names_the_sample_spellings():
    found, problems = load_entities(PROJECT / "entities.yml")
    assert problems == []
    spellings = {s for group in alias_groups(found) for s in group}
    assert {"Soleimani", "Suleimani", "Qassem Soleimani", "Qasem Soleimani", "Kataib Hezbollah"} <= spellings
    assert any(re.search("[\u0600-\u06ff]", s) for s in spellings)  # Arabic or Persian script too


def test_entity_fields_and_default_id():
    soleimani, muhandis, kataib = entities()
    assert (soleimani.id, soleimani.type, soleimani.description) == (
        "qassem-soleimani",
        "person",
        "Commander of the Quds Force.",
    )
    assert soleimani.aliases[-1] == "سلیمانی" and soleimani.line == 1
    assert muhandis.id == "abu-mahdi-al-muhandis" and kataib.id == "kh"
    assert alias_groups([kataib]) == [("Kataib Hezbollah",)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "- name: A\n  alias: [B]\n",
            "entities.yml:2: warning: entity 1: unknown field 'alias' (ignored); did you mean 'aliases'?",
        ),
        ("- type: person\n", "entities.yml:1: entity 1: missing required field 'name'; write the entity's usual name"),
        (
            "- name: A\n  type: persn\n",
            "entities.yml:2: entity 1: 'type': expected one of person, organisation, place, event, other, got 'persn'",
        ),
        (
            "- name: A\n  aliases: [X]\n- name: B\n  aliases: [x]\n",
            "entities.yml:3: 'x' of 'B' is also a spelling of 'A' (line 1); keep it in one entity only",
        ),
        ("- name: A\n  id: a\n- name: B\n  id: a\n", "entities.yml:3: entity id 'a' is already used by 'A' (line 1)"),
        ("- name: A\n  name: B\n", "entities.yml:2: entity 1: duplicate field 'name' (first on line 1); keep only one"),
        ("- name: &n A\n- name: *n\n", "entities.yml:1: anchor '&n' is not allowed"),
        ("- name: !!python/name:os.system x\n", "entities.yml:1: tag '!!python/name:os.system' is not allowed"),
        ("- name: [A, B]\n", "entities.yml:1: entity 1: 'name': expected text"),
        ("- name: قاسم\n", "entities.yml:1: entity 1: no usable page name for 'قاسم'; add 'id:'"),
        ("- name: A\n  id: Not An Id\n", "entities.yml:2: entity 1: no usable page name for 'A'"),
        ("name: A\n", "entities.yml:1: expected a list of entities, got fields (a mapping)"),
        ("- name: A\n  aliases: [(ISIS)]\n", "entities.yml:1: '(ISIS)' of 'A' must start with a letter or digit"),
        ("- name: [A\n", "entities.yml:2: invalid YAML"),
    ],
)
def test_problems_name_file_line_and_fix(text, expected):
    found = problems_of(text)
    assert any(problem.startswith(expected) for problem in found), found


def test_entities_file_is_read_like_every_contributor_file(tmp_path):
    target = tmp_path / "real.yml"
    target.write_text("- name: Qassem Soleimani\n", encoding="utf-8")
    link = tmp_path / "entities.yml"
    link.symlink_to(target)
    found, problems = load_entities(link)
    assert found == () and [p.message for p in problems] == [
        "is a symbolic link; replace it with the file itself (the file was skipped)"
    ]
    (tmp_path / "latin1.yml").write_bytes("- name: Qassem Soleimani\n- name: Caf\xe9\n".encode("latin-1"))
    found, problems = load_entities(tmp_path / "latin1.yml")
    assert found == () and [(p.line, p.message.split(";")[0]) for p in problems] == [(2, "not UTF-8 (byte 0xe9)")]
    assert load_entities(tmp_path / "missing.yml") == ((), [])


def test_check_reports_entity_problems_and_fails(tmp_path):
    (tmp_path / "raw").mkdir()
    (tmp_path / "entities.yml").write_text("- name: A\n  aliases: [B]\n- name: B\n", encoding="utf-8")
    command = [sys.executable, str(PROJECT / "build_archive.py"), "check", "--raw", "raw", "--entities", "entities.yml"]
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "entities.yml:3: 'B' of 'B' is also a spelling of 'A' (line 1)" in result.stderr
    assert "Traceback" not in result.stderr


def test_matcher_is_case_insensitive_and_tolerates_hyphens_spaces_and_apostrophes():
    matcher = EntityMatcher.of(entities())
    text = "SOLEIMANI met al Muhandis; al-Muhandis, alMuhandis and Soleimani's aide. Kata'ib Hezbollah and kataib-hezbollah."
    found = {m.entity_id: m for m in matcher.mentions(text)}
    assert found["qassem-soleimani"].spellings == ("SOLEIMANI", "Soleimani")
    assert found["abu-mahdi-al-muhandis"].spellings == ("al Muhandis", "al-Muhandis", "alMuhandis")
    assert found["kh"].count == 2 and found["kh"].spellings == ("Kata'ib Hezbollah", "kataib-hezbollah")


def test_matcher_respects_word_boundaries_and_declared_spellings_only():
    matcher = EntityMatcher.of(entities())
    assert matcher.mentions("Soleimanis and XSoleimani and Soleimani2 and Qassem Soleymani") == ()
    (mention,) = matcher.mentions("Gen. Qasem Soleimani, then Suleimani")
    assert mention.spellings == ("Qasem Soleimani", "Suleimani") and mention.count == 2  # the full name wins


def test_matcher_cost_does_not_depend_on_the_spellings_that_cannot_start_here():
    many = tuple(parse_entities("".join(f"- name: Person{n} Surname\n" for n in range(300)), "e.yml")[0])
    matcher = EntityMatcher.of(many)
    assert len(matcher.candidates["person7"]) == 1  # a word only tries the spellings that start with it
    assert [m.entity_id for m in matcher.mentions("Person7 Surname met person7-surname and Person77 Surnames")] == [
        "person7-surname"
    ]


def test_matcher_finds_arabic_and_persian_spellings():
    matcher = EntityMatcher.of(entities())
    arabic_yeh_for_persian = "سليماني"  # Arabic yeh where the alias has the Persian one
    with_vowels = "قَاسِم سُلَيْمانِي"
    text = f"قال {arabic_yeh_for_persian} إن {with_vowels} هنا. و{arabic_yeh_for_persian}ها"
    (mention,) = matcher.mentions(text)
    assert mention.count == 2
    assert mention.spellings == (arabic_yeh_for_persian, with_vowels)


def sample_items():
    first = make_article("first-aaaaaa", blocks=("Qassem Soleimani was killed.",), title="First", date="2020-01-03",
                         publisher="Left Voice", authors=("Jane Roe",))  # fmt: skip
    second = make_article("second-bbbbbb", blocks=("Suleimani and al-Muhandis.",), title="Second", date="2020-01-05",
                          publisher="Left Voice")  # fmt: skip
    third = make_article("third-cccccc", blocks=("No names here at all.",), title="Third", publisher="Other")
    return [make_annotated(a) for a in (first, second, third)]


def test_entity_pages_list_articles_with_their_spellings_and_articles_link_back():
    items = sample_items()
    index = index_entities(entities(), [i.article for i in items])
    files = render_site(items, Settings(), index)
    page = files["entities/qassem-soleimani.md"]
    assert page.startswith("# Qassem Soleimani\n")
    assert "*Person* — Commander of the Quds Force." in page
    assert "**Also written:** <bdi>Qasem Soleimani</bdi>" in page
    assert page.index("[<bdi>Second</bdi>](../articles/second-bbbbbb.md)") < page.index("[<bdi>First</bdi>]")
    assert "1 mention as “<bdi>Suleimani</bdi>”" in page and "1 mention as “<bdi>Qassem Soleimani</bdi>”" in page
    assert "third-cccccc" not in page
    overview = files["browse/entities.md"]
    assert overview.index("## People { #person }") < overview.index("## Organisations { #organisation }")
    assert "- [<bdi>Kataib Hezbollah</bdi>](../entities/kh.md) — 0 articles" in overview
    second = frontmatter.loads(files["articles/second-bbbbbb.md"])
    assert second["entities"] == ["abu-mahdi-al-muhandis", "qassem-soleimani"]
    assert "[<bdi>Qassem Soleimani</bdi>](../entities/qassem-soleimani.md) (1)" in second.content
    assert "entities" not in frontmatter.loads(files["articles/third-cccccc.md"]).metadata
    assert '"entities": ["qassem-soleimani"]' in files["corpus.jsonl"]


def test_entity_listing_is_paginated(monkeypatch):
    monkeypatch.setattr(render_pages, "PAGE_SIZE", 1)
    items = sample_items()
    files = render_site(items, Settings(), index_entities(entities(), [i.article for i in items]))
    assert "entities/qassem-soleimani-page-2.md" in files
    assert "[Next →](qassem-soleimani-page-2.md)" in files["entities/qassem-soleimani.md"]


def test_without_entities_the_index_says_so():
    files = render_site(sample_items(), Settings())
    assert "*No entities declared yet.*" in files["browse/entities.md"]
    assert not [path for path in files if path.startswith("entities/")]


def test_authors_pages_and_article_links_to_them():
    files = render_site(sample_items(), Settings())
    overview = files["browse/authors.md"]
    assert overview.index("[<bdi>Jane Roe</bdi>](authors/jane-roe.md) — 1 article") < overview.index(
        "[No author named]"
    )
    assert "[<bdi>First</bdi>](../../articles/first-aaaaaa.md)" in files["browse/authors/jane-roe.md"]
    assert "**By:** [<bdi>Jane Roe</bdi>](../browse/authors/jane-roe.md)" in files["articles/first-aaaaaa.md"]


def test_tag_pages_are_paginated_and_articles_link_their_tags(monkeypatch):
    monkeypatch.setattr(render_pages, "PAGE_SIZE", 1)
    items = [make_annotated(make_article(f"t{n}-aaaaaa", title=f"T{n}", tags=("iran", "<b>x</b>"), date=f"2020-01-0{n}"))
             for n in (1, 2)]  # fmt: skip
    files = render_site(items, Settings())
    assert "- [<bdi>&lt;b&gt;x&lt;/b&gt;</bdi>](tags/b-x-b.md) — 2 articles" in files["browse/tags.md"]
    assert "- [<bdi>iran</bdi>](tags/iran.md) — 2 articles" in files["browse/tags-page-2.md"]
    assert files["browse/tags/iran.md"].startswith("# Tag: iran (page 1 of 2)")
    assert (
        "[<bdi>T2</bdi>]" in files["browse/tags/iran.md"] and "[<bdi>T1</bdi>]" in files["browse/tags/iran-page-2.md"]
    )
    assert (
        "**Tags:** [iran](../browse/tags/iran.md), [&lt;b&gt;x&lt;/b&gt;](../browse/tags/b-x-b.md)"
        in files["articles/t1-aaaaaa.md"]
    )


def test_previous_and_next_link_the_same_source_by_date_then_id():
    articles = [make_article(i, date=d, publisher=p) for i, d, p in
                [("b", "2020-01-02", "X"), ("a", "2020-01-02", "X"), ("c", "2019-12-31", "X"), ("u", "", "X"),
                 ("y", "2020-01-01", "Y"), ("f1", "", ""), ("f2", "", "")]]  # fmt: skip
    neighbours = source_neighbours(articles)
    assert [neighbours[i] for i in ("c", "a", "b", "u")] == [("", "a"), ("c", "b"), ("a", "u"), ("b", "")]
    assert neighbours["y"] == ("", "")
    assert neighbours["f1"] == ("", "f2")  # no publisher: the same raw file
    items = sample_items()
    files = render_site(items, Settings())
    assert "Next from this source: [<bdi>Second</bdi>](second-bbbbbb.md) →" in files["articles/first-aaaaaa.md"]
    assert "← Previous from this source: [<bdi>First</bdi>](first-aaaaaa.md)" in files["articles/second-bbbbbb.md"]
    assert "aa-source-nav" not in files["articles/third-cccccc.md"]


def test_blocks_that_may_hold_right_to_left_text_get_auto_direction(render_site_markdown):
    html = render_site_markdown("# عنوان\n\nپاراگراف\n\n- آیتم\n\n> نقل\n\n| عنوان |\n|---|\n| متن |\n")
    for tag in ("h1", "p", "li", "blockquote", "th", "td"):
        assert re.search(f'<{tag} dir="auto"', html), tag
    ltr = render_site_markdown("# Title\n\nParagraph\n\n- item\n\n| 21 |\n|---|\n| text |\n")
    assert "dir=" not in ltr  # `auto` would resolve to the page's left-to-right anyway
    nested = render_site_markdown("- نقل\n    - English inside\n\nSee <bdi>بغداد</bdi>\n\nSee <bdi>&#1576;</bdi> <bdi>x</bdi>\n")
    assert '<li dir="auto">English inside</li>' in nested  # inside an RTL block: its own direction
    assert nested.count('<p dir="auto">See') == 2  # RTL text in raw HTML, even as a character reference
    assert "<p>See <bdi>x</bdi>" in render_site_markdown("See <bdi>x</bdi> &amp; <b>y</b>\n")


def test_offline_zip_is_deterministic(tmp_path):
    site = tmp_path / "site-offline"
    (site / "b").mkdir(parents=True)
    (site / "index.html").write_text("<h1>Home</h1>", encoding="utf-8")
    (site / "b" / "page.html").write_text("<p>Page</p>", encoding="utf-8")
    (site / "a.css").write_text("p {}", encoding="utf-8")
    first, second = tmp_path / "one.zip", tmp_path / "two.zip"
    assert write_offline_zip(site, first) == 3
    (site / "a.css").touch()
    write_offline_zip(site, second)
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        infos = archive.infolist()
        assert [i.filename for i in infos] == ["annotated-archive/a.css", "annotated-archive/b/page.html",
                                               "annotated-archive/index.html"]  # fmt: skip
        assert {i.date_time for i in infos} == {ZIP_EPOCH}
        assert archive.read("annotated-archive/index.html") == b"<h1>Home</h1>"


def test_offline_zip_needs_a_built_site(tmp_path):
    command = [sys.executable, str(PROJECT / "build_archive.py"), "offline-zip", "--site", "nothing", "--out", "x.zip"]
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert result.returncode == 3
    assert "nothing: no index.html; build the offline site first" in result.stderr
    assert not Path(tmp_path / "x.zip").exists()


LETTERS = "abKkİßسيىیكکةه'’ "
"""Latin letters in both cases (and ones whose lower case is longer), Arabic letters with variants, apostrophes."""


@given(st.lists(st.text(LETTERS.strip(), min_size=1, max_size=5), min_size=1, max_size=6), st.text(LETTERS, max_size=40))
def test_the_trie_of_first_words_begins_where_one_of_them_does(words, text):
    alternation = re.compile(f"(?=(?:{'|'.join(word_pattern(word) for word in words)}))", re.IGNORECASE)
    trie = re.compile(f"(?={any_word_start_pattern(words)})", re.IGNORECASE)
    assert [m.start() for m in trie.finditer(text)] == [m.start() for m in alternation.finditer(text)]

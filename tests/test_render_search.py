"""The split search index: shards, documents, aliases, limits and byte-identical output."""

from __future__ import annotations

import json
import random
import re

from conftest import make_annotated, make_article

from archive import render_search
from archive.model import AnnotatedArticle, AnnotationFile, ArticleAnnotations
from archive.render_search import (
    DOC_BLOCK_SIZE,
    POSTING_DIGITS,
    SEARCH_DIR,
    cut_shards,
    encode_length,
    encode_postings,
    is_cut,
    render_search_index,
    search_documents,
    utf16_order,
)

CALL = re.compile(r"^__aaSearch\.(\w+)\((\"[^\"]*\"|\d+),(.*)\);\n$", re.DOTALL)


def parse(files: dict[str, str]) -> tuple[dict, dict[str, dict], dict[int, list]]:
    """The manifest, shards by name and document blocks by number, as the worker receives them."""
    manifest, shards, blocks = None, {}, {}
    for path, text in files.items():
        kind, key, data = CALL.match(text).groups()
        key, data = json.loads(key), json.loads(data)
        if kind == "manifest":
            manifest = data
        elif kind == "shard":
            assert path == f"{SEARCH_DIR}/t/{key}.js"
            shards[key] = data
        else:
            assert path == f"{SEARCH_DIR}/d/{key}.js"
            blocks[key] = data
    return manifest, shards, blocks


def shard_path(files: dict[str, str], term: str) -> str:
    manifest, _, _ = parse(files)
    name = [name for first, name in manifest["shards"] if first.encode("utf-16-be") <= term.encode("utf-16-be")][-1]
    return f"{SEARCH_DIR}/t/{name}.js"


def decode_numbers(text: str) -> list[int]:
    """The numbers of a postings text, decoded as the worker does (search-worker.js decodeNumbers)."""
    numbers, value = [], 0
    for character in text:
        digit = POSTING_DIGITS.index(character)
        if digit >= 32:
            value = value * 32 + digit - 32
        else:
            numbers.append(value * 32 + digit)
            value = 0
    return numbers


def lookup(files: dict[str, str], term: str) -> list[int]:
    """Document numbers of `term`, found the way the worker does: the last shard starting at or before it."""
    manifest, shards, _ = parse(files)
    name = [name for first, name in manifest["shards"] if first.encode("utf-16-be") <= term.encode("utf-16-be")][-1]
    flat = decode_numbers(shards[name]["terms"].get(term, ""))
    docs, number = [], 0
    for gap in flat[::2]:
        number += gap
        docs.append(number)
    return docs


def sample_items() -> list[AnnotatedArticle]:
    tagged = make_article(
        "tagged-1",
        ("Protesters gathered in the capital after the strike.",),
        title="Crowds in Tehran",
        authors=("Jane Doe",),
        publisher="Left Voice",
        date="2020-01-03",
    )
    annotations = ArticleAnnotations(
        "tagged-1", (AnnotationFile(path="annotations/tagged-1.md", article="tagged-1", tags=("mourning",)),)
    )
    return [
        AnnotatedArticle(tagged, annotations),
        make_annotated(make_article("persian-2", ("گزارش از کرمان و سردار قاسم سلیمانی",), title="گزارش")),
        make_annotated(
            make_article("suleimani-3", ("Qassem Suleimani was killed near the airport.",), title="Airport strike")
        ),
        make_annotated(make_article("payload-4", ("Harmless text.",), title="<img src=x onerror=window.__pwned=1>")),
    ]


def test_every_field_is_searchable_and_documents_keep_what_results_show():
    files = render_search_index(search_documents(sample_items()))
    assert lookup(files, "protesters") == [0]  # body
    assert lookup(files, "tehran") == [0]  # title
    assert lookup(files, "doe") == [0]  # author
    assert lookup(files, "voice") == [0]  # source
    assert lookup(files, "mourning") == [0]  # annotation tag
    assert lookup(files, "كرمان") == [1]  # Persian keheh and yeh, normalised
    _, _, blocks = parse(files)
    assert blocks[0][0] == ["articles/tagged-1/", "Crowds in Tehran", "Left Voice", "3 January 2020",
                            "Protesters gathered in the capital after the strike."]  # fmt: skip
    assert blocks[0][3][1] == "<img src=x onerror=window.__pwned=1>"  # raw: the worker escapes it


def test_alias_groups_give_every_spelling_one_entity_term():
    groups = [("Qasem Soleimani", "Qassem Suleimani", "Soleimani", "Suleimani", "قاسم سليماني"), ("Lonely",)]
    files = render_search_index(search_documents(sample_items()), groups)
    manifest, _, _ = parse(files)
    key = "@qasem_soleimani"
    assert lookup(files, key) == [1, 2]  # Persian spelling (ی normalised) and "Qassem Suleimani"
    assert manifest["aliases"]["soleimani"] == [key] and manifest["aliases"]["qassem suleimani"] == [key]
    assert manifest["aliases"]["قاسم سليماني"] == [key]
    assert "lonely" not in manifest["aliases"]  # a group of one spelling unifies nothing
    assert set(manifest["entities"][key]) >= {"qasem", "qassem", "soleimani", "suleimani"}
    assert lookup(render_search_index(search_documents(sample_items())), key) == []


def test_postings_hold_boosted_term_frequencies_and_lengths_one_digit_each():
    items = [
        make_annotated(make_article("a", ("Strike strike words.",), title="Strike")),
        make_annotated(make_article("b", (" ".join(["word"] * 800),), title="Other")),
    ]
    files = render_search_index(search_documents(items))
    manifest, shards, _ = parse(files)
    postings = {term: decode_numbers(text) for shard in shards.values() for term, text in shard["terms"].items()}
    assert postings["strike"] == [0, 8 + 2]  # once in the title (boost 8), twice in the text
    assert manifest["lengths"] == encode_length(4) + encode_length(801)
    assert encode_length(0) == "0" and encode_length(800) == "Y" and encode_length(10**6) == "_"


def test_editing_one_article_rewrites_only_what_it_changes():
    items = [
        make_annotated(make_article(f"a-{i:03d}", (f"Words of article {i} about topic{i % 50}.",))) for i in range(400)
    ]
    before = render_search_index(search_documents(items))
    items[7] = make_annotated(make_article("a-007", ("Words of article 7 about topic7 zebras.",)))
    after = render_search_index(search_documents(items))
    changed = {path for path in after if after[path] != before.get(path)}
    assert changed - {f"{SEARCH_DIR}/manifest.js"} == {f"{SEARCH_DIR}/d/0.js", shard_path(after, "zebras")}


def test_output_is_byte_identical_and_blocks_hold_every_document():
    items = [make_annotated(make_article(f"a-{i:03d}", (f"Text number {i}.",), title=f"Title {i}")) for i in range(40)]
    first = render_search_index(search_documents(items))
    assert first == render_search_index(search_documents(items))
    manifest, _, blocks = parse(first)
    assert manifest["documents"] == 40 and manifest["block"] == DOC_BLOCK_SIZE
    assert [len(blocks[n]) for n in sorted(blocks)] == [16, 16, 8]
    assert lookup(first, "39") == [39]


def test_shards_stay_small_cover_every_term_and_survive_edits(monkeypatch):
    monkeypatch.setattr(render_search, "SHARD_MIN_BYTES", 400)
    monkeypatch.setattr(render_search, "SHARD_MAX_BYTES", 1600)
    rng = random.Random(7)
    vocabulary = [f"w{rng.randrange(10**6)}" for _ in range(2000)]
    sizes = {term: len(term) + rng.randrange(4, 60) for term in vocabulary}

    def split(sizes: dict[str, int]) -> list[tuple[str, list[str]]]:
        return cut_shards([(term, sizes[term], is_cut(term)) for term in sorted(sizes, key=utf16_order)])

    shards = split(sizes)
    assert sorted(t for _, terms in shards for t in terms) == sorted(sizes)
    assert len(shards) > 20
    assert all(sum(sizes[t] for t in terms) <= 1600 for _, terms in shards)
    changed = {first for first, _ in split(dict(sizes, w5=6))} ^ {first for first, _ in shards}
    assert len(changed) <= 4  # content-defined boundaries: an insertion moves one or two cuts


def test_very_common_terms_keep_their_best_postings(monkeypatch):
    monkeypatch.setattr(render_search, "MAX_POSTINGS", 5)
    items = [make_annotated(make_article(f"c-{i:02d}", ("the " * (1 + i % 4) + f"unique{i}",))) for i in range(12)]
    files = render_search_index(search_documents(items))
    _, shards, _ = parse(files)
    assert lookup(files, "the") == [2, 3, 6, 7, 11]  # 4 times in 3, 7, 11; 3 times in 2, 6, 10
    common = {term: count for shard in shards.values() for term, count in shard["common"].items()}
    assert common["the"] == 12
    assert lookup(files, "unique11") == [11]


def test_search_files_live_under_assets_search():
    files = render_search_index(search_documents(sample_items()))
    assert all(path.startswith(f"{SEARCH_DIR}/") and path.endswith(".js") for path in files)
    assert list(files) == sorted(files)


def test_an_archive_without_articles_has_an_empty_index():
    files = render_search_index([])
    manifest, shards, blocks = parse(files)
    assert list(files) == [f"{SEARCH_DIR}/manifest.js"]
    assert (manifest["documents"], manifest["shards"], manifest["lengths"], shards, blocks) == (0, [], "", {}, {})


def test_postings_are_numbers_in_base_32_without_separators():
    rng = random.Random(3)
    entries = sorted(rng.sample(range(10**6), 300))
    flat = [value for number in entries for value in (number, rng.choice([1, 5, 31, 32, 1023, 1024, 10**5]))]
    text = encode_postings(flat)
    assert set(text) <= set(POSTING_DIGITS) and json.dumps(text) == f'"{text}"'  # nothing to escape
    gaps = decode_numbers(text)
    assert [sum(gaps[0 : i + 1 : 2]) for i in range(0, len(gaps), 2)] == entries
    assert gaps[1::2] == flat[1::2]
    assert encode_postings([0, 0, 31, 1, 32, 1024]) == "00V11XW0"  # 0 0; gap 31: V, 1; gap 1: 1, 1024 = 1·32²: XW0

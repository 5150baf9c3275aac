"""annotations.jsonld: W3C Web Annotation structure, stable ids, only placed notes, deterministic output."""

from __future__ import annotations

import json

from archive.jsonld import PLACEHOLDER_SITE_URL, render_annotations_jsonld
from archive.merge import merge_annotations, note_key
from archive.model import AnnotationFile, Article, Block, Note, Role

TEXT = (
    "Iran lobbed a missile attack at U.S. bases in Iraq.",
    "There are reports that there have been no casualties and that Iran targeted the Ayn al-Asad base.",
)
ARTICLE = Article(
    "iran-attacks-91fd93", "002.txt", (78, 102), "Iran Attacks", tuple(Block(Role.BODY, t, 80 + i) for i, t in enumerate(TEXT)), ()
)
SOURCE = "annotations/iran-attacks-91fd93.md"
NOTES = (
    Note("no casualties", "True for deaths only; **110** TBI cases.", SOURCE, 9, analyst="R. Karimi", tags=("correction",)),
    Note("Iran lobbed a missile attack", "Operation *Martyr Soleimani*.", SOURCE, 6),
    Note("a sentence that was deleted from the article", "Lost.", SOURCE, 12, analyst="R. Karimi"),
)


def build(site_url: str = "https://archive.example.net/mena") -> dict:
    files = [AnnotationFile(SOURCE, ARTICLE.id, analyst="R. Karimi", notes=NOTES)]
    annotated, _ = merge_annotations([ARTICLE], files, {})
    return json.loads(render_annotations_jsonld(annotated, site_url))


def test_collection_wraps_one_page_with_every_placed_note():
    data = build()
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert (data["type"], data["id"], data["total"]) == (
        "AnnotationCollection",
        "https://archive.example.net/mena/annotations.jsonld",
        2,
    )
    page = data["first"]
    assert (page["type"], page["id"], page["startIndex"]) == (
        "AnnotationPage",
        "https://archive.example.net/mena/annotations.jsonld#page-1",
        0,
    )
    assert [item["target"]["selector"][0]["exact"] for item in page["items"]] == [
        "Iran lobbed a missile attack",
        "no casualties",
    ]


def test_annotation_has_markdown_body_creator_and_two_selectors():
    first, second = build()["first"]["items"]
    page = "https://archive.example.net/mena/articles/iran-attacks-91fd93/"
    assert second == {
        "id": f"{page}#note-{note_key(ARTICLE.id, NOTES[0])}",
        "type": "Annotation",
        "motivation": "commenting",
        "creator": {"type": "Person", "name": "R. Karimi"},
        "body": [
            {
                "type": "TextualBody",
                "value": "True for deaths only; **110** TBI cases.",
                "format": "text/markdown",
                "purpose": "commenting",
                "creator": {"type": "Person", "name": "R. Karimi"},
            },
            {"type": "TextualBody", "value": "correction", "purpose": "tagging"},
        ],
        "target": {
            "source": page,
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": "no casualties",
                    "prefix": "re reports that there have been ",
                    "suffix": " and that Iran targeted the Ayn ",
                },
                {"type": "TextPositionSelector", "start": 92, "end": 105},
            ],
        },
    }
    assert "creator" not in first and "prefix" not in first["target"]["selector"][0]


def test_positions_select_the_quoted_text_of_the_article():
    text = ARTICLE.text
    for item in build()["first"]["items"]:
        quote, position = item["target"]["selector"]
        assert text[position["start"] : position["end"]] == quote["exact"]
        assert text[: position["start"]].endswith(quote.get("prefix", ""))
        assert text[position["end"] :].startswith(quote.get("suffix", ""))


def test_placeholder_base_without_site_url():
    data = build(site_url="")
    assert data["id"] == PLACEHOLDER_SITE_URL + "annotations.jsonld"
    assert {item["target"]["source"] for item in data["first"]["items"]} == {
        "https://example.org/articles/iran-attacks-91fd93/"
    }


def test_output_is_deterministic_with_sorted_keys_and_unique_ids():
    files = [AnnotationFile(SOURCE, ARTICLE.id, notes=NOTES)]
    annotated, _ = merge_annotations([ARTICLE], files, {})
    first = render_annotations_jsonld(annotated, "https://x.org/")
    assert first == render_annotations_jsonld(annotated, "https://x.org/")
    assert first.endswith("}\n")
    assert first == json.dumps(json.loads(first), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    ids = [item["id"] for item in json.loads(first)["first"]["items"]]
    assert len(ids) == len(set(ids)) == 2


def test_ids_do_not_depend_on_lines_or_other_notes():
    before = {item["id"] for item in build()["first"]["items"]}
    moved = tuple(Note(n.quote, n.note + " Edited.", n.source, n.line + 10, analyst=n.analyst) for n in NOTES[:2])
    annotated, _ = merge_annotations([ARTICLE], [AnnotationFile(SOURCE, ARTICLE.id, notes=moved)], {})
    after = {item["id"] for item in json.loads(render_annotations_jsonld(annotated, "https://archive.example.net/mena"))["first"]["items"]}
    assert before == after


def test_no_placed_notes_gives_an_empty_collection():
    data = json.loads(render_annotations_jsonld([], ""))
    assert data == {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "https://example.org/annotations.jsonld",
        "type": "AnnotationCollection",
        "label": "Analyst notes on the archive's articles",
        "total": 0,
    }

"""Render stage, search: the articles' split search index, loaded by the browser part by part.

Material's own search index (one JSON file with every page) grows to tens of megabytes with
10,000 articles, so article pages are left out of it (archive/mkdocs_hooks.py) and indexed here.
docs/javascripts/search-worker.js replaces Material's search worker: it answers queries from the
hand-written pages Material still indexes and from these files, fetched as scripts (importScripts),
so search works from a web server and from file:// alike:

  assets/search/manifest.js   how terms map to shards, the alias table, the number of documents
  assets/search/t/<hash>.js   shards of the inverted index: normalised term -> postings
  assets/search/d/<n>.js      blocks of DOC_BLOCK_SIZE documents: location, title, source, date, snippet

A query downloads the manifest, one shard per word (two for the word being typed) and the blocks of
the documents it shows. Shards hold consecutive terms in sort order and end where a term's stable
hash says so (content-defined boundaries), so an edit changes few shards and their names (the hash
of their first term) stay put. Postings are the numbers `doc gap, tf, doc gap, tf, ...` written as
text (POSTING_DIGITS), tf being the field-boosted term frequency; the worker ranks with BM25, taking
the documents' lengths from the manifest (one character each), so a postings list depends on
nothing but its term's documents and an edit rewrites only the shards of the words it adds or
removes. A very common term keeps only its MAX_POSTINGS highest-tf documents and is listed as
common with its true document frequency (it ranks, but is never reported missing).

Aliases: each group lists the spellings of one entity ("Qasem Soleimani", "Qassem Suleimani",
"Soleimani"). Wherever a spelling occurs in an article, the article also gets the entity's term
(`@` + its first spelling's words joined by `_`); the manifest maps every spelling to its entity
terms, so a query for one spelling finds articles written with any other.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import compress

from .model import AnnotatedArticle
from .render_article import merge_tags
from .render_common import ARTICLES_DIR, format_date
from .search_text import tokenise

SEARCH_DIR = "assets/search"
FIELD_BOOSTS = {"title": 8, "tags": 5, "authors": 5, "source": 5, "body": 1}
"""Weight of one occurrence of a word in each field, relative to the article text."""
BM25_K1 = 1.2
BM25_B = 0.75
"""BM25 parameters, sent to the worker in the manifest."""
LENGTH_DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"
LENGTH_STEPS_PER_DOUBLING = 6
"""A document's length in words is stored as one digit: log2(1 + words / 16) in sixths (12% steps)."""
POSTING_DIGITS = LENGTH_DIGITS
"""Postings are text, each number in base 32, most significant digit first: every digit but a number's
last comes from the upper half of these 64 characters, so no separator is needed (a JSON array of the
same numbers is half as big again: 5 MB more at 10,000 articles)."""
MAX_POSTINGS = 1500
"""A term found in more documents keeps only its best-scoring ones (a stop word stays searchable but small)."""
SHARD_MIN_BYTES = 12_000
SHARD_MAX_BYTES = 48_000
SHARD_CUT_MODULUS = 32
"""After SHARD_MIN_BYTES, a shard ends after a term whose stable hash is divisible by this."""
DOC_BLOCK_SIZE = 16
SNIPPET_CHARS = 180


@dataclass(frozen=True)
class SearchDocument:
    """One article as search sees it: what a result shows, and the text of each field."""

    location: str  # page URL relative to the site root, directory style ("articles/<id>/")
    title: str
    source: str
    date: str  # as the site shows it ("3 January 2020")
    snippet: str
    fields: tuple[tuple[str, str], ...]  # (field name in FIELD_BOOSTS, text)


def search_documents(items: Sequence[AnnotatedArticle]) -> list[SearchDocument]:
    """The articles as search documents, in the given order (document number = position)."""
    return [search_document(item) for item in items]


def search_document(item: AnnotatedArticle) -> SearchDocument:
    article, notes = item.article, item.annotations
    annotation_text = [
        *(text for file in notes.files for text in (file.summary, file.commentary)),
        *(placement.note.note for placement in notes.placements),
    ]
    return SearchDocument(
        location=f"{ARTICLES_DIR}/{article.id}/",
        title=article.title or article.id,
        source=article.publisher,
        date=format_date(article.date) if article.date else "",
        snippet=shorten(article.text, SNIPPET_CHARS),
        fields=(
            ("title", f"{article.title} {article.subtitle}"),
            ("tags", " ".join(merge_tags(item))),
            ("authors", " ".join(article.authors)),
            ("source", article.publisher),
            ("body", "\n".join([article.text, *(text for text in annotation_text if text)])),
        ),
    )


def shorten(text: str, limit: int) -> str:
    """The first words of `text` up to `limit` characters, with an ellipsis when cut."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0] + " …"


def render_search_index(
    documents: Sequence[SearchDocument], alias_groups: Sequence[Sequence[str]] = (), weigh: Weigher | None = None
) -> dict[str, str]:
    """The index files (path relative to the output directory -> JavaScript source).

    `weigh` replaces `term_weights` (archive.cache remembers them between `mkdocs serve` builds).
    """
    return build_search_index(documents, alias_groups, weigh).files()


@dataclass
class SearchIndex:
    """A rendered index with what it was made from, so that the next render redoes only what changed."""

    aliases: Aliases
    groups: tuple[tuple[str, ...], ...]
    locations: tuple[str, ...]  # the documents' locations, by document number
    lengths: list[int]  # each document's length in words
    weights: list[tuple[Counter, int]] | None  # each document's weights, when a remembering `weigh` kept them
    postings: dict[str, list[int]]  # term -> [doc, tf, doc, tf, ...], every document
    terms: dict[str, tuple[str, int | None, int, bool]]  # term -> encoded, true count if common, size, cut
    shards: dict[str, tuple[str, tuple[str, ...], str]]  # shard path -> its first term, its terms, its file; in order
    blocks: dict[str, tuple[list[list[str]], str]]  # document block path -> its rows, its file
    manifest: str = ""

    def files(self) -> dict[str, str]:
        files = {path: shard[-1] for path, shard in [*self.shards.items(), *self.blocks.items()]}
        files[f"{SEARCH_DIR}/manifest.js"] = self.manifest
        return dict(sorted(files.items()))


def build_search_index(
    documents: Sequence[SearchDocument],
    alias_groups: Sequence[Sequence[str]] = (),
    weigh: Weigher | None = None,
    previous: SearchIndex | None = None,
) -> SearchIndex:
    """The index of `documents`: made anew, or `previous` updated for the documents whose weights changed.

    `previous` (archive.cache) is updated in place when the same documents, by location, and the same
    alias groups are indexed again with a `weigh` that returns the same object for an unchanged
    document; the files are what a new index would hold, byte for byte. Without `weigh`, each
    document's weights are dropped once counted (a one-off build's memory).
    """
    groups = tuple(tuple(group) for group in alias_groups)
    locations = tuple(document.location for document in documents)
    if previous is None or previous.weights is None or previous.groups != groups or previous.locations != locations:
        aliases = alias_table(groups)
        postings, lengths, kept = collect_postings(documents, aliases, weigh or term_weights, keep=weigh is not None)
        index = SearchIndex(aliases, groups, locations, lengths, kept, postings, {}, {}, {})
        changed_terms = set(postings)
    else:
        index = previous
        weights = [weigh(document, index.aliases) for document in documents]
        changed_terms = update_postings(index.postings, index.weights, weights)
        index.weights, index.lengths = weights, [length for _, length in weights]
    for term in changed_terms:
        if term in index.postings:
            encoded, count = encode_term(index.postings[term])
            size = len(term.encode("utf-8")) + len(encoded) + 6  # "term":"postings", (digits need no escape)
            index.terms[term] = (encoded, count, size, is_cut(term))
        else:
            index.terms.pop(term, None)
    render_shards(index, changed_terms)
    render_blocks(index, documents)
    index.manifest = render_manifest(index)
    return index


def collect_postings(
    documents: Sequence[SearchDocument], aliases: Aliases, weigh: Weigher, keep: bool
) -> tuple[dict[str, list[int]], list[int], list[tuple[Counter, int]] | None]:
    """Term -> [doc, tf, doc, tf, ...] by document number, each document's length in words, and (`keep`)
    each document's weights.

    Postings are flat lists of the shared document-number objects (not a tuple per posting, nor, unless
    kept, every document's term counts until the end), so 10,000 articles index in a fraction of the memory.
    """
    postings: dict[str, list[int]] = defaultdict(list)
    lengths, kept = [], []
    for number, document in enumerate(documents):
        weighed = weigh(document, aliases)
        weights, length = weighed
        lengths.append(length)
        if keep:
            kept.append(weighed)
        for term, tf in weights.items():
            entries = postings[term]
            entries.append(number)
            entries.append(tf)
    return dict(postings), lengths, kept if keep else None


def update_postings(
    postings: dict[str, list[int]], before: list[tuple[Counter, int]], after: list[tuple[Counter, int]]
) -> set[str]:
    """Update the postings of the documents whose weights are no longer the same object; the terms changed."""
    changes: dict[str, dict[int, int]] = defaultdict(dict)  # term -> document -> new tf (0: none)
    for number, (old, new) in enumerate(zip(before, after)):
        if old is not new:
            for term in old[0].keys() | new[0].keys():
                if old[0].get(term) != new[0].get(term):
                    changes[term][number] = new[0].get(term, 0)
    for term, changed in changes.items():
        flat = postings.get(term, [])
        entries = dict(zip(flat[0::2], flat[1::2]))
        for number, tf in changed.items():
            if tf:
                entries[number] = tf
            else:
                entries.pop(number, None)
        if entries:
            postings[term] = [value for number in sorted(entries) for value in (number, entries[number])]
        else:
            postings.pop(term, None)
    return set(changes)


def encode_term(flat: list[int]) -> tuple[str, int | None]:
    """A term's encoded postings, cut to its MAX_POSTINGS best documents if more, with its true count if cut."""
    if len(flat) <= 2 * MAX_POSTINGS:
        return encode_postings(flat), None
    pairs = sorted(zip(flat[0::2], flat[1::2]), key=lambda entry: (-entry[1], entry[0]))[:MAX_POSTINGS]
    return encode_postings([value for pair in sorted(pairs) for value in pair]), len(flat) // 2


def render_shards(index: SearchIndex, changed_terms: set[str]) -> None:
    """Cut the terms into shards again; render the shards that are new or hold a changed term."""
    order = sorted(index.terms, key=utf16_order)
    shards = cut_shards([(term, index.terms[term][2], index.terms[term][3]) for term in order])
    rendered = {}
    for first, terms in shards:
        path = f"{SEARCH_DIR}/t/{shard_name(first)}.js"
        kept = index.shards.get(path)
        if kept is None or kept[1] != tuple(terms) or not changed_terms.isdisjoint(terms):
            data = {
                "terms": {term: index.terms[term][0] for term in terms},
                "common": {term: index.terms[term][1] for term in terms if index.terms[term][1] is not None},
            }
            kept = (first, tuple(terms), script_call("shard", shard_name(first), data))
        rendered[path] = kept
    index.shards = rendered


def render_blocks(index: SearchIndex, documents: Sequence[SearchDocument]) -> None:
    """Render the blocks of DOC_BLOCK_SIZE documents whose rows changed."""
    rendered = {}
    for start in range(0, len(documents), DOC_BLOCK_SIZE):
        number = start // DOC_BLOCK_SIZE
        path = f"{SEARCH_DIR}/d/{number}.js"
        rows = [[d.location, d.title, d.source, d.date, d.snippet] for d in documents[start : start + DOC_BLOCK_SIZE]]
        kept = index.blocks.get(path)
        rendered[path] = kept if kept is not None and kept[0] == rows else (rows, script_call("docs", number, rows))
    index.blocks = rendered


def render_manifest(index: SearchIndex) -> str:
    manifest = {
        "documents": len(index.locations),
        "block": DOC_BLOCK_SIZE,
        "bm25": [BM25_K1, BM25_B],
        "title_boost": FIELD_BOOSTS["title"],
        "lengths": "".join(encode_length(length) for length in index.lengths),
        "length_steps": LENGTH_STEPS_PER_DOUBLING,
        "shards": [[first, shard_name(first)] for first, _, _ in index.shards.values()],
        "aliases": {" ".join(phrase): keys for phrase, keys in index.aliases.keys.items()},
        "entities": entity_words(index.aliases),
    }
    return script_call("manifest", "", manifest)


@dataclass(frozen=True)
class Aliases:
    """Normalised spellings (word tuples) -> entity terms, and the spellings by their first word."""

    keys: dict[tuple[str, ...], list[str]]
    by_first: dict[str, list[tuple[str, ...]]]


def alias_table(alias_groups: Sequence[Sequence[str]]) -> Aliases:
    """Every spelling of every group with two or more spellings, mapped to its groups' entity terms."""
    table: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for group in alias_groups:
        spellings = [words for words in (tuple(tokenise(name)) for name in group) if words]
        if len(set(spellings)) < 2:
            continue  # one spelling: nothing to unify
        key = "@" + "_".join(spellings[0])
        for words in spellings:
            table[words].add(key)
    by_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for phrase in sorted(table):
        by_first[phrase[0]].append(phrase)
    return Aliases({words: sorted(keys) for words, keys in sorted(table.items())}, dict(by_first))


def entity_words(aliases: Aliases) -> dict[str, list[str]]:
    """Entity term -> every word of its spellings (what the browser highlights for it)."""
    words: dict[str, set[str]] = defaultdict(set)
    for phrase, keys in aliases.keys.items():
        for key in keys:
            words[key].update(phrase)
    return {key: sorted(found) for key, found in sorted(words.items())}


def term_weights(document: SearchDocument, aliases: Aliases) -> tuple[Counter, int]:
    """A document's boosted term frequencies (entity terms included) and its length in words."""
    weights: Counter = Counter()
    length = 0
    for field, text in document.fields:
        words = tokenise(text)
        length += len(words)
        boost = FIELD_BOOSTS[field]
        for word, count in Counter(words).items():  # counted in C, in order of first occurrence
            weights[word] = weights.get(word, 0) + count * boost
        for key in find_entities(words, aliases):
            weights[key] += boost
    return weights, length


Weigher = Callable[[SearchDocument, Aliases], tuple[Counter, int]]
"""term_weights, or a function giving the same results (archive.cache)."""


def find_entities(words: list[str], aliases: Aliases) -> Iterable[str]:
    """The entity terms of every alias spelling found in `words` (once per occurrence)."""
    starts = compress(range(len(words)), map(aliases.by_first.__contains__, words))  # where one may start (in C)
    for i in starts:
        for phrase in aliases.by_first[words[i]]:
            if tuple(words[i : i + len(phrase)]) == phrase:
                yield from aliases.keys[phrase]


def encode_length(words: int) -> str:
    """One digit for a document length (the worker decodes 16 * (2 ** (digit / steps) - 1))."""
    step = round(LENGTH_STEPS_PER_DOUBLING * math.log2(1 + words / 16))
    return LENGTH_DIGITS[min(step, len(LENGTH_DIGITS) - 1)]


def encode_postings(entries: list[int]) -> str:
    """[doc, score, doc, score, ...] sorted by doc -> doc gap, score, doc gap, score, ... as POSTING_DIGITS."""
    encoded, previous = [], 0
    for number, score in zip(entries[0::2], entries[1::2]):
        encoded += [encode_number(number - previous), encode_number(score)]
        previous = number
    return "".join(encoded)


def encode_number(value: int) -> str:
    """A number >= 0 in POSTING_DIGITS: base 32, the digits before the last one shifted up by 32."""
    digits = POSTING_DIGITS[value & 31]
    value >>= 5
    while value:
        digits = POSTING_DIGITS[32 + (value & 31)] + digits
        value >>= 5
    return digits


def cut_shards(terms: list[tuple[str, int, bool]]) -> list[tuple[str, list[str]]]:
    """Shards of (term, size in bytes, may end a shard) in sort order: end after a cut term past
    SHARD_MIN_BYTES, or before SHARD_MAX_BYTES would be passed."""
    shards: list[tuple[str, list[str]]] = []
    current: list[str] = []
    size = 0
    for term, term_size, cut in terms:
        if current and size + term_size > SHARD_MAX_BYTES:
            shards.append((current[0], current))
            current, size = [], 0
        current.append(term)
        size += term_size
        if size >= SHARD_MIN_BYTES and cut:
            shards.append((current[0], current))
            current, size = [], 0
    if current:
        shards.append((current[0], current))
    if shards:
        shards[0] = ("", shards[0][1])  # the first shard also answers for words sorting before every term
    return shards


def is_cut(term: str) -> bool:
    """Whether a shard may end after this term (its stable hash is divisible by SHARD_CUT_MODULUS)."""
    return stable_hash(term) % SHARD_CUT_MODULUS == 0


def utf16_order(term: str) -> bytes:
    """Sort key matching JavaScript's string comparison (UTF-16 code units), which the worker's lookup uses."""
    return term.encode("utf-16-be")


def stable_hash(text: str) -> int:
    return int.from_bytes(hashlib.sha1(text.encode("utf-8")).digest()[:4], "big")


def shard_name(first_term: str) -> str:
    return hashlib.sha1(first_term.encode("utf-8")).hexdigest()[:12]


def script_call(kind: str, key: str | int, data: object) -> str:
    """`__aaSearch.<kind>(key, data);`: a script that hands its data to the search worker."""
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return f"__aaSearch.{kind}({json.dumps(key)},{payload});\n"

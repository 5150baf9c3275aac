"""Stage entities: read the analysts' `entities.yml` and find every mention of an entity in the articles.

`entities.yml` (beside raw/ and annotations/) is a YAML list of entities, each with a `name`, an
optional `id`, `type`, `aliases` and `description` (ENTITY_FIELDS; format: docs/contributing.md). It is
validated node by node like annotation files, so every problem names its line and says how to fix it.

A mention is any spelling of the entity (its name or an alias) in an article's title or text, matched
case-insensitively on word boundaries, whatever the hyphens and spaces between its words (al-Muhandis,
al Muhandis, alMuhandis) and the apostrophes inside them (Kata'ib, Kataib), and for Arabic script whatever the short
vowels, tatweel, zero-width non-joiners and the Arabic/Persian forms of yeh and kaf (سليماني, سلیمانی).
Other spellings (Qasem, Qassem) match only when declared as aliases.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from yaml.nodes import SequenceNode

from .annotation_schema import Field, Kind
from .ids import slugify
from .model import Article, InputError, Problem
from .yamlcheck import check_mapping_list, compose_yaml, describe, line_of, read_contributor_file

ENTITY_TYPES = ("person", "organisation", "place", "event", "other")

ENTITY_FIELDS: tuple[Field, ...] = (
    Field(
        "name",
        Kind.REQUIRED_TEXT,
        "The entity's usual name, shown as the title of its page; it is matched in the text too.",
        "Qassem Soleimani",
        required=True,
        hint="write the entity's usual name, e.g. 'name: Qassem Soleimani'",
    ),
    Field("id", Kind.TEXT, "Page name (lowercase letters, digits, hyphens); default: the name as a slug.", "soleimani"),
    Field(
        "type",
        Kind.CHOICE,
        "What the entity is (default: other).",
        "person",
        choices=ENTITY_TYPES,
        labels=("a person", "a group, party, militia, company or state body", "a place", "an event", "anything else"),
    ),
    Field("aliases", Kind.STRINGS, "Other spellings, in any script.", ["Qasem Soleimani", "Suleimani", "سلیمانی"]),
    Field("description", Kind.TEXT, "One or two sentences on who or what it is.", "Commander of the Quds Force."),
)

ENTITY_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
WORD_BREAKS = "\\s" + re.escape("-\u2010\u2011\u2012\u2013\u2014")
"""Between the words of a spelling: spaces, hyphens and dashes, or none (al-Muhandis, al Muhandis, AbdulMahdi)."""
IN_WORD = "'\u2018\u2019\u02bc`\u200c"
"""Inside a word, may be there or not: apostrophes (Kata'ib, Kataib) and the Persian zero-width non-joiner."""
ARABIC_MARKS = "\u064b-\u065f\u0670\u0640"
"""Arabic short vowels, shadda, sukun, superscript alef and tatweel: ignored when matching."""
ARABIC_VARIANTS = {
    "\u064a": "\u064a\u06cc\u0649",  # yeh: Arabic ي, Persian ی, alef maksura ى
    "\u06cc": "\u064a\u06cc\u0649",
    "\u0649": "\u064a\u06cc\u0649",
    "\u0643": "\u0643\u06a9",  # kaf: Arabic ك, Persian ک
    "\u06a9": "\u0643\u06a9",
}
WORD = re.compile(rf"(?P<head>[\w{ARABIC_MARKS}]+)(?:[{IN_WORD}][\w{ARABIC_MARKS}]+)*")
"""A word of the text: letters, digits and short vowels, with apostrophes inside (Kata'ib, Soleimani's)."""
WORD_EDGE_AFTER = rf"(?![\w{ARABIC_MARKS}])"
KEY_TABLE = str.maketrans(
    {**dict.fromkeys("-\u2010\u2011\u2012\u2013\u2014" + IN_WORD), **{chr(c): None for c in range(0x064B, 0x0660)},
     "\u0670": None, "\u0640": None, **{char: forms[0] for char, forms in ARABIC_VARIANTS.items()}}
)  # fmt: skip
"""spelling_key's folding: no hyphens, apostrophes or Arabic marks; one form of yeh and kaf."""


@dataclass(frozen=True)
class Entity:
    """A person, organisation, place, ... declared in entities.yml."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    description: str = ""
    line: int = 0  # line of the entity's `name` in entities.yml

    @property
    def spellings(self) -> tuple[str, ...]:
        """The name, then the aliases: everything the matcher looks for."""
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Mention:
    """An entity mentioned in one article: how often, and the spellings the article uses."""

    entity_id: str
    count: int
    spellings: tuple[str, ...]  # as written in the article (whitespace collapsed), in order of first use


@dataclass(frozen=True)
class EntityIndex:
    """The declared entities and, per article id, the entities it mentions (most mentioned first)."""

    entities: tuple[Entity, ...] = ()
    mentions: dict[str, tuple[Mention, ...]] = field(default_factory=dict)

    @cached_property
    def by_id(self) -> dict[str, Entity]:
        return {entity.id: entity for entity in self.entities}

    def by_entity(self) -> dict[str, dict[str, Mention]]:
        """Entity id -> article id -> the entity's mention in that article (every declared entity, even unmentioned)."""
        inverted: dict[str, dict[str, Mention]] = {entity.id: {} for entity in self.entities}
        for article_id, mentions in self.mentions.items():
            for mention in mentions:
                inverted.setdefault(mention.entity_id, {})[article_id] = mention
        return inverted


def alias_groups(entities: tuple[Entity, ...] | list[Entity]) -> list[tuple[str, ...]]:
    """Each entity's name and aliases, one tuple per entity (for search: any spelling finds the others)."""
    return [entity.spellings for entity in entities]


# --- loading -------------------------------------------------------------------------------------


def load_entities(path: Path) -> tuple[tuple[Entity, ...], list[Problem]]:
    """The entities declared in `path` and every problem found; a missing file declares none.

    Read like every contributor file (yamlcheck): no symlink, a size limit, UTF-8 only.
    """
    if not path.exists() and not path.is_symlink():
        return (), []
    if path.is_dir():
        raise InputError(f"{path}: not a file (expected the entities list; use --entities FILE)")
    text, problems = read_contributor_file(path, path.as_posix(), "the file was skipped")
    if text is None:
        return (), problems
    return parse_entities(text, path.as_posix())


def parse_entities(text: str, path: str) -> tuple[tuple[Entity, ...], list[Problem]]:
    """Entities from the text of an entities file; invalid entries are reported and left out."""
    node, problems = compose_yaml(text, path)  # no anchors, aliases, tags or deep nesting
    if problems or node is None:
        return (), problems
    if not isinstance(node, SequenceNode):
        fix = "start each entity with '- name: ...' (see docs/contributing.md)"
        return (), [Problem(path, line_of(node), f"expected a list of entities, got {describe(node)}; {fix}")]
    entities: list[Entity] = []
    items, found = check_mapping_list(node, ENTITY_FIELDS, path, "entity", "fields such as 'name:' and 'aliases:'")
    problems.extend(found)
    for checked in items:
        where = f"entity {checked.number}: "
        if "name" not in checked.values:
            continue
        name = str(checked.values["name"]).strip()
        entity_id = str(checked.values.get("id") or "").strip() or default_id(name)
        id_line = checked.lines.get("id", checked.lines["name"])
        if not ENTITY_ID.fullmatch(entity_id):
            fix = "add 'id:' with lowercase letters, digits and hyphens, e.g. 'id: soleimani'"
            problems.append(Problem(path, id_line, f"{where}no usable page name for '{name}'; {fix}"))
            continue
        entities.append(
            Entity(
                id=entity_id,
                name=name,
                type=str(checked.values.get("type", "other")),
                aliases=tuple(dict.fromkeys(checked.values.get("aliases", ()))),
                description=" ".join(str(checked.values.get("description", "")).split()),
                line=checked.lines["name"],
            )
        )
    kept, conflicts = drop_conflicts(entities, path)
    return tuple(kept), sorted(problems + conflicts, key=lambda p: p.line)


def default_id(name: str) -> str:
    """The name as a slug ('Qassem Soleimani' -> 'qassem-soleimani'); '' for a name without Latin letters."""
    latin = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return slugify(name) if re.search(r"[A-Za-z0-9]", latin) else ""


def drop_conflicts(entities: list[Entity], path: str) -> tuple[list[Entity], list[Problem]]:
    """Refuse a second entity with the same id, and a spelling claimed by two entities (kept by the first)."""
    kept: list[Entity] = []
    problems: list[Problem] = []
    ids: dict[str, Entity] = {}
    owners: dict[str, Entity] = {}
    for entity in entities:
        if entity.id in ids:
            first = ids[entity.id]
            fix = "give one of them another 'id:' or merge them"
            message = f"entity id '{entity.id}' is already used by '{first.name}' (line {first.line}); {fix}"
            problems.append(Problem(path, entity.line, message))
            continue
        ids[entity.id] = entity
        spellings = []
        for spelling in entity.spellings:
            key = spelling_key(spelling)
            owner = owners.get(key)
            if not key or not WORD.match(spelling.strip()):
                message = f"'{spelling}' of '{entity.name}' must start with a letter or digit; remove what comes before"
                problems.append(Problem(path, entity.line, message))
            elif owner is not None and owner is not entity:
                fix = "keep it in one entity only"
                message = (
                    f"'{spelling}' of '{entity.name}' is also a spelling of '{owner.name}' (line {owner.line}); {fix}"
                )
                problems.append(Problem(path, entity.line, message))
            elif owner is None:
                owners[key] = entity
                spellings.append(spelling)
        if spellings:
            kept.append(
                Entity(entity.id, spellings[0], entity.type, tuple(spellings[1:]), entity.description, entity.line)
            )
    return kept, problems


# --- matching ------------------------------------------------------------------------------------


def spelling_key(text: str) -> str:
    """What two spellings that match the same text have in common: casefolded, no separators or Arabic marks."""
    return "".join(text.casefold().split()).translate(KEY_TABLE)


def word_key(word: str) -> str:
    """spelling_key of a word without apostrophes (an ASCII one has nothing to fold but its case)."""
    return word.casefold() if word.isascii() else word.casefold().translate(KEY_TABLE)


def spelling_words(spelling: str) -> list[str]:
    return [word for word in re.split(f"[{WORD_BREAKS}]+", spelling.strip()) if word]


def spelling_pattern(spelling: str) -> str:
    """The regular expression of one spelling (see the module docstring for what it tolerates)."""
    return f"[{WORD_BREAKS}]*".join(word_pattern(word) for word in spelling_words(spelling))


WITHOUT_IN_WORD = str.maketrans(dict.fromkeys(IN_WORD))


def word_pattern(word: str) -> str:
    return f"[{IN_WORD}]?".join(map(letter_pattern, word.translate(WITHOUT_IN_WORD)))


def letter_pattern(char: str) -> str:
    """One letter of a spelling: Arabic letters with their variants and short vowels, others as they are."""
    if char in ARABIC_VARIANTS:
        return f"[{ARABIC_VARIANTS[char]}][{ARABIC_MARKS}]*"
    if "\u0600" <= char <= "\u06ff":
        return f"{re.escape(char)}[{ARABIC_MARKS}]*"
    return re.escape(char)


def any_word_start_pattern(words: Iterable[str]) -> str:
    """A pattern (used case-insensitively, as a look-ahead) that matches where any of `words` begins, as
    word_pattern would: the words as a trie, so that a beginning several words share is tried once, and
    a word that begins with another one dropped (where it matches, the shorter one does)."""
    trie: dict[str, dict] = {}
    for word in words:
        letters = word.translate(WITHOUT_IN_WORD)
        if not letters:
            return ""  # a word of apostrophes alone begins at every word start
        node = trie
        for char in letters:
            lower = char.lower()
            node = node.setdefault(lower if len(lower) == 1 else char, {})
        node.clear()  # the word ends here: whatever longer word begins with it matches where it does
        node[""] = {}

    def alternatives(node: dict[str, dict]) -> str:
        branches = [
            letter_pattern(char) + ("" if "" in child else f"[{IN_WORD}]?{alternatives(child)}")
            for char, child in sorted(node.items())
        ]
        return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"

    return alternatives(trie) if trie else ""


@dataclass(frozen=True)
class EntityMatcher:
    """Finds the entities an article mentions, word by word.

    Each word of the text (and its part before an apostrophe: Soleimani's) looks up the spellings that
    start with it (their first word, or first words written together: AbdulMahdi); only those are tried
    there, and the longest match wins. The cost grows with the length of the text, hardly with the
    number of entities. `starts` finds, in one pass of the regular expression engine, the word starts
    where some spelling's first word begins (the first words as a trie): only there are words looked up.
    """

    candidates: dict[str, tuple[tuple[re.Pattern, str], ...]]  # key of a spelling's first word(s) -> (pattern, id)
    starts: re.Pattern | None  # zero-width: a word start followed by any spelling's first word

    @classmethod
    def of(cls, entities: tuple[Entity, ...]) -> EntityMatcher:
        buckets: dict[str, set[tuple[int, str, str]]] = defaultdict(set)
        first_words: set[str] = set()
        for entity in entities:
            for spelling in entity.spellings:
                words = spelling_words(spelling)
                first_words.add(words[0])
                for count in range(1, len(words) + 1):
                    key = spelling_key("".join(words[:count]))
                    if key:
                        buckets[key].add((-len(spelling), spelling, entity.id))
        return cls(
            {
                key: tuple(
                    (re.compile(spelling_pattern(spelling) + WORD_EDGE_AFTER, re.IGNORECASE), entity_id)
                    for _, spelling, entity_id in sorted(found)  # longest spelling first
                )
                for key, found in buckets.items()
            },
            re.compile(rf"(?<![\w{ARABIC_MARKS}{IN_WORD}])(?={any_word_start_pattern(first_words)})", re.IGNORECASE)
            if first_words
            else None,
        )

    def mentions(self, text: str) -> tuple[Mention, ...]:
        """The entities `text` mentions, most mentioned first (then by id)."""
        counts: dict[str, int] = defaultdict(int)
        spellings: dict[str, dict[str, None]] = defaultdict(dict)
        end = 0
        for start in self.starts.finditer(text) if self.starts else ():
            if start.start() < end:
                continue  # inside the previous mention
            word = WORD.match(text, start.start())
            if word is None:
                continue
            found = self.longest_match(text, word)
            if found is None:
                continue
            match, entity_id = found
            counts[entity_id] += 1
            spellings[entity_id].setdefault(" ".join(match.group().split()), None)
            end = match.end()
        ordered = sorted(counts, key=lambda entity_id: (-counts[entity_id], entity_id))
        return tuple(Mention(e, counts[e], tuple(spellings[e])) for e in ordered)

    def longest_match(self, text: str, word: re.Match) -> tuple[re.Match, str] | None:
        """The longest spelling that matches at the word, with its entity id."""
        head = self.candidates.get(word_key(word.group("head")), ())
        if word.end("head") == word.end():
            candidates = head
        else:  # an apostrophe inside: Kata'ib, Soleimani's
            candidates = self.candidates.get(spelling_key(word.group()), ()) + head
        if not candidates:
            return None
        best = None
        for pattern, entity_id in candidates:
            match = pattern.match(text, word.start())
            if match and (best is None or match.end() > best[0].end()):
                best = (match, entity_id)
        return best


def index_entities(
    entities: tuple[Entity, ...], articles: list[Article] | tuple[Article, ...], find: MentionFinder | None = None
) -> EntityIndex:
    """The entity index of the archive: which entities each article's title and text mention.

    `find` replaces `article_mentions` (archive.cache remembers mentions between `mkdocs serve` builds).
    """
    matcher = EntityMatcher.of(entities)
    find = find or article_mentions
    mentions = {}
    for article in articles:
        found = find(matcher, article)
        if found:
            mentions[article.id] = found
    return EntityIndex(tuple(entities), mentions)


def article_mentions(matcher: EntityMatcher, article: Article) -> tuple[Mention, ...]:
    """The entities an article's title and text mention."""
    return matcher.mentions(f"{article.title}\n\n{article.text}")


MentionFinder = Callable[[EntityMatcher, Article], tuple[Mention, ...]]

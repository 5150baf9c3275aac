"""Search words: how text becomes index terms, identically here (index) and in the browser (query).

docs/javascripts/search-worker.js implements the same `normalise` and `tokenise`; the test
tests/test_search_text.py runs both on a table of tricky strings and requires equal results.

normalise: NFKC, lower case (ß -> ss, final ς -> σ), combining marks removed after canonical
decomposition (Latin accents, Arabic harakat and hamza carriers: أ إ آ -> ا, ؤ -> و, ئ -> ي),
tatweel removed, Arabic/Persian letter variants unified (ى ی -> ي, ک -> ك, ة -> ه), Arabic-Indic
and Persian digits -> 0-9, then NFC. tokenise: maximal runs of Unicode letters and digits.
"""

from __future__ import annotations

import re
import unicodedata

LETTER_VARIANTS = str.maketrans(
    {
        "ß": "ss",
        "ς": "σ",
        "\u0640": None,  # tatweel (kashida): elongation only
        "\u0649": "\u064a",  # alef maksura -> yeh
        "\u06cc": "\u064a",  # Farsi yeh -> yeh
        "\u06a9": "\u0643",  # keheh (Persian kaf) -> kaf
        "\u0629": "\u0647",  # teh marbuta -> heh
        **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic digits
        **{chr(0x06F0 + d): str(d) for d in range(10)},  # Persian digits
    }
)
WORD = re.compile(r"[^\W_]+")
"""A run of letters and digits (Python's Unicode `\\w` without the underscore; JS: [\\p{L}\\p{N}]+)."""


NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def normalise(text: str) -> str:
    """The searchable form of `text` (see the module docstring); spaces and punctuation are kept."""
    decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", text).lower())
    return unicodedata.normalize("NFC", NON_ASCII.sub(fold_letters, decomposed))  # ASCII needs nothing more


def fold_letters(run: re.Match[str]) -> str:
    """A run of non-ASCII characters without combining marks (categories Mn, Mc, Me), variants unified."""
    bare = "".join(char for char in run[0] if not unicodedata.category(char).startswith("M"))
    return bare.translate(LETTER_VARIANTS)


def tokenise(text: str) -> list[str]:
    """The normalised words of `text`, in order."""
    return WORD.findall(normalise(text))

"""Search words: the Python normaliser (index) and the browser's (query) agree on tricky strings."""

from __future__ import annotations

import pytest
from sitekit import CHROMIUM, PROJECT

from archive.search_text import normalise, tokenise

WORKER = PROJECT / "docs" / "javascripts" / "search-worker.js"

TRICKY = [
    "Qasem SOLEIMANI", "Qāsem Soleimānī", "Qassem Suleimani’s", "al-Muhandis", "al Muhandis", "Abū Mahdī",
    "قاسم سليماني", "قاسِم سُلَيْمانى", "قاســـم", "أبو مهدي المهندس", "إيران", "آية الله", "مدرسة", "مدرسه",
    "ایران", "کرمان", "ي ی ى", "ك ک", "١٢٣ ۴۵۶ 789", "Straße STRASSE", "ΟΔΟΣ Σοφός", "ﬁnancial", "Ｆｕｌｌｗｉｄｔｈ",
    "İstanbul", "Œuvre", "e\u0301te\u0301 été", "Zoë Ö", "x²", "C++ & <b>tags</b>", "snake_case", "", "  ",
    "emoji 🙂 text", "Дмитрий Медведев", "中文 日本語", "한국어", "हिन्दी", "Ǆemal", "ﷲ", "ﻻ",
]  # fmt: skip


def test_normalise_folds_case_accents_and_arabic_variants():
    assert tokenise("Qāsem SOLEIMANI") == ["qasem", "soleimani"]
    assert tokenise("قاسِم سُلَيْمانى") == tokenise("قاسم سليماني")  # harakat, alef maksura
    assert tokenise("قاســـم") == ["قاسم"]  # tatweel
    assert tokenise("أحمد إيران آية") == ["احمد", "ايران", "ايه"]  # hamza forms, teh marbuta
    assert tokenise("ایران کرمان") == tokenise("ايران كرمان")  # Persian yeh and keheh
    assert tokenise("١٢٣ ۴۵۶") == ["123", "456"]
    assert tokenise("Straße") == ["strasse"]
    assert tokenise("al-Muhandis") == tokenise("al Muhandis") == ["al", "muhandis"]
    assert tokenise("snake_case C++") == ["snake", "case", "c"]


def test_normalise_keeps_spaces_and_punctuation():
    assert normalise("Ünïcode, TEXT!") == "unicode, text!"


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)")
def test_browser_normaliser_agrees_with_python(page):
    page.goto("about:blank")
    page.add_script_tag(content=WORKER.read_text(encoding="utf-8"))  # the worker's functions, run by Chromium
    browser = page.evaluate("input => input.map(s => [normalise(s), tokenise(s)])", TRICKY)
    python = [[normalise(s), tokenise(s)] for s in TRICKY]
    assert [(s, *b) for s, b in zip(TRICKY, browser)] == [(s, *p) for s, p in zip(TRICKY, python)]


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)")
def test_browser_decodes_the_postings_python_encodes(page):
    from archive.render_search import encode_postings

    flat = [0, 1, 31, 32, 1023, 1024, 10**6, 7, 10**6 + 5, 10**9]
    page.goto("about:blank")
    page.add_script_tag(content=WORKER.read_text(encoding="utf-8"))
    gaps = [0, 1, 31, 32, 1023 - 31, 1024, 10**6 - 1023, 7, 5, 10**9]  # doc gaps and scores
    assert page.evaluate("text => decodeNumbers(text)", encode_postings(flat)) == gaps

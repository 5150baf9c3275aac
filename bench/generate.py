#!/usr/bin/env python3
"""Generate a realistic synthetic archive project of N articles from the sample corpus in raw/.

    python bench/generate.py OUT --articles 10000          # OUT/raw, OUT/annotations
    python bench/generate.py OUT --articles 1000 --seed 3 --annotated 0.05

Deterministic: the same seed and size give byte-identical files. Text is recombined from the
sample corpus (its sentences, so its names and places, in new paragraphs, ~800 words an article);
each raw file is one page of one of 40 sites and holds 1-4 articles with what scraped pages
carry: the site's menu and footer, share bars, photo captions with credits, bylines and
datelines, "Related" teaser lists naming other articles, paragraphs that recur across the
corpus (house blurbs) and a pull quote repeated inside the article. Most files separate their
articles with feed separators ("RSS"), the others run them on, as blog pages do.

Annotation files (annotations/<article-id>.md) need the ids the build gives, so the raw files
are written first, the pipeline's corpus stage is run on them, and a share of the articles
found gets an annotation file whose notes quote passages of the article's cleaned text.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITES = 40
SENTENCE_BREAK = re.compile(r"(?<=[.!?”])\s+(?=[A-Z“])")
MINOR = {
    "a",
    "an",
    "and",
    "as",
    "at",
    "but",
    "by",
    "for",
    "from",
    "in",
    "into",
    "of",
    "on",
    "or",
    "the",
    "to",
    "with",
    "is",
    "are",
    "its",
    "that",
}
FIRST_NAMES = (
    "Sarah",
    "Omar",
    "Lena",
    "James",
    "Olivia",
    "Samuel",
    "Amira",
    "Pavel",
    "Nadia",
    "Tomás",
    "Yuki",
    "Daniel",
    "Farah",
    "Jonas",
    "Leila",
    "Marco",
)
LAST_NAMES = (
    "Malik",
    "Karlin",
    "Hoff",
    "Wood",
    "Baldwin",
    "Haddad",
    "Novak",
    "Okafor",
    "Brandt",
    "Karimi",
    "Rossi",
    "Tanaka",
    "Mendes",
    "Levi",
    "Sayed",
    "Duarte",
)
AGENCIES = ("REUTERS", "AFP", "AP", "EPA", "Getty Images")
MENUS = (
    "Home News World Politics Opinion Video",
    "Home | World | Middle East | Europe | Opinion | About",
    "News Analysis Interviews Podcasts Subscribe",
)
SHARE_BARS = ("Facebook Twitter Share", "Share this: Facebook Twitter Email", "Facebook Instagram Twitter YouTube")
ANALYSTS = ("S. Brandt", "L. Okafor", "R. Karimi", "M. Rossi", "J. Haddad")
TAGS = ("iran", "iraq", "gaza", "israel", "russia", "turkey", "diplomacy", "sanctions", "militias", "energy")


def sample_sentences() -> list[str]:
    """Every sentence of six words or more in the sample corpus's paragraphs."""
    sentences = []
    for path in sorted((ROOT / "raw").glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if len(line.split()) >= 20:
                sentences.extend(s.strip() for s in SENTENCE_BREAK.split(line) if len(s.split()) >= 6)
    return sentences


class Writer:
    """Random text made of the sample's sentences, from one seeded generator."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.sentences = sample_sentences()
        self.house = [self.paragraph(2, 3) for _ in range(30)]  # blurbs that recur across the corpus

    def paragraph(self, low: int = 2, high: int = 5) -> str:
        return " ".join(self.rng.sample(self.sentences, self.rng.randint(low, high)))

    def headline(self) -> str:
        """Seven to twelve words of a sentence in Title Case, as news headlines are written."""
        words = re.sub(r"[^\w\s'’-]", "", self.rng.choice(self.sentences)).split()
        start = self.rng.randrange(max(1, len(words) - 7))
        picked = words[start : start + self.rng.randint(7, 12)]
        return " ".join(w if w.lower() in MINOR and i else w[:1].upper() + w[1:] for i, w in enumerate(picked))

    def name(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"

    def date(self) -> str:
        months = (
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        )
        return f"{self.rng.choice(months)} {self.rng.randint(1, 28)}, {self.rng.randint(2015, 2025)}"

    def caption(self) -> str:
        words = self.rng.choice(self.sentences).rstrip('.”"').split()[:16]
        if self.rng.random() < 0.5:
            return f"{' '.join(words)}. {self.rng.choice(AGENCIES)}/{self.name()}"
        return f"{' '.join(words)} (Photo: {self.name()}/{self.rng.choice(AGENCIES)})"

    def article(self, headline: str, teasers: list[str]) -> list[str]:
        """One article's lines: headline, caption, byline, dateline, ~800 words, share bar, teasers."""
        rng = self.rng
        lines = [headline, ""]
        if rng.random() < 0.6:
            lines.append(self.caption())
        lines += [f"By {self.name()}", self.date(), ""]
        paragraphs = [self.paragraph() for _ in range(rng.randint(6, 11))]
        if rng.random() < 0.3:  # a pull quote: the same paragraph twice in the article
            paragraphs.insert(rng.randrange(1, len(paragraphs)), paragraphs[0])
        if rng.random() < 0.5:
            paragraphs.append(rng.choice(self.house))
        for paragraph in paragraphs:
            lines += [paragraph, ""]
        lines.append(rng.choice(SHARE_BARS))
        if teasers:
            lines += ["", "Related", *teasers]
        return lines


def write_raw(raw: Path, articles: int, seed: int) -> int:
    """Write raw files holding about `articles` articles; returns the bytes written."""
    writer = Writer(seed)
    rng = writer.rng
    raw.mkdir(parents=True, exist_ok=True)
    headlines = [writer.headline() for _ in range(articles)]
    written, index, number = 0, 0, 0
    while index < articles:
        site = number % SITES
        count = min(rng.randint(1, 4), articles - index)
        separated = site % 10 < 7  # feeds separate their items; blogs run them on
        lines = [MENUS[site % len(MENUS)], f"Site {site} — independent news and analysis", ""]
        for k in range(count):
            teasers = rng.sample(headlines, 3) if rng.random() < 0.5 else []
            if separated:
                lines.append("RSS")
            elif k:
                lines += ["Read the full article here.", ""]
            lines += writer.article(headlines[index + k], teasers)
            lines.append("")
        lines += [f"© {2015 + site % 11} Site {site}. All rights reserved.", "About us", "Contact", "Privacy policy"]
        text = "\n".join(lines) + "\n"
        path = raw / f"site{site:02d}" / f"{number:06d}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written += len(text.encode("utf-8"))
        index += count
        number += 1
    return written


def write_annotations(project: Path, share: float, seed: int) -> int:
    """Annotation files for a share of the articles the corpus stage finds; returns how many."""
    sys.path.insert(0, str(ROOT))
    from archive.pipeline import build_corpus
    from archive.settings import Settings

    rng = random.Random(seed + 1)
    folder = project / "annotations"
    folder.mkdir(parents=True, exist_ok=True)
    articles = build_corpus(Settings(raw_dir=project / "raw")).articles
    chosen = [a for a in articles if a.blocks and rng.random() < share]
    for article in chosen:
        folder.joinpath(f"{article.id}.md").write_text(annotation_file(article, rng), encoding="utf-8")
    return len(chosen)


def annotation_file(article, rng: random.Random) -> str:
    """An annotation file with one to three notes, each quoting a passage that occurs once in the text."""
    text = article.text
    lines = [
        "---",
        f"article: {article.id}",
        f"analyst: {rng.choice(ANALYSTS)}",
        f"date: 2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        f"summary: {quote_yaml(rng.choice(article.blocks).text.split('. ')[0][:200])}",
        f"tags: [{', '.join(rng.sample(TAGS, 2))}]",
        f"reliability: {rng.choice('ABCDEF')}",
        f"credibility: {rng.randint(1, 6)}",
        "notes:",
    ]
    for block in rng.sample(article.blocks, min(len(article.blocks), rng.randint(1, 3))):
        words = block.text.split()
        start = rng.randrange(max(1, len(words) - 8))
        quote = " ".join(words[start : start + rng.randint(6, 10)])
        if text.count(quote) != 1:
            continue
        lines += [
            f"  - quote: {quote_yaml(quote)}",
            f"    note: {quote_yaml('Compare with the wire reports of that day.')}",
        ]
    if lines[-1] == "notes:":
        lines.pop()
    return "\n".join(lines) + "\n---\n\nSynthetic commentary for the benchmark.\n"


def quote_yaml(text: str) -> str:
    """A double-quoted YAML scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="project folder to create (raw/ and annotations/ inside)")
    parser.add_argument("--articles", type=int, default=1000, help="articles to generate (default 1000)")
    parser.add_argument("--annotated", type=float, default=0.05, help="share of articles annotated (default 0.05)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = parser.parse_args()
    if (args.out / "raw").exists():
        print(f"error: {args.out / 'raw'} exists; choose a new folder", file=sys.stderr)
        return 2
    size = write_raw(args.out / "raw", args.articles, args.seed)
    annotated = write_annotations(args.out, args.annotated, args.seed)
    print(f"{args.out}: {size / 1e6:.1f} MB of raw text, {annotated} annotation files")
    return 0


if __name__ == "__main__":
    sys.exit(main())

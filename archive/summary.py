"""The closing summary line of `build` and `check`."""

from __future__ import annotations

from .pipeline import BuildReport


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def format_summary(report: BuildReport, command: str = "build") -> str:
    """One line: files read, articles, annotations, entities, removals by reason, problems, files written."""
    annotated = [a for a in report.annotated if a.annotations.files]
    placements = [p for a in report.annotated for p in a.annotations.placements]
    placed = sum(1 for p in placements if p.status.placed)
    unplaced = len(placements) - placed
    parts = [
        f"{plural(report.files, 'file')} read",
        f"{plural(report.articles, 'article')}",
        f"{len(annotated)} annotated ({plural(placed, 'note')} placed, {unplaced} not placed)",
    ]
    if report.entities:
        count = len(report.entities)
        parts.append(f"{count} {'entity' if count == 1 else 'entities'}")
    removed = sum(report.removed.values())
    if removed:
        reasons = ", ".join(f"{reason} {count}" for reason, count in list(report.removed.items())[:6])
        more = ", …" if len(report.removed) > 6 else ""
        parts.append(f"{plural(removed, 'line')} removed ({reasons}{more})")
    parts.append(f"{plural(len(report.errors), 'error')}, {plural(len(report.warnings), 'warning')}")
    if report.written is not None:
        w = report.written
        parts.append(f"{len(w.written)} written, {len(w.unchanged)} unchanged, {len(w.removed)} stale removed")
    verb = "Checked" if command == "check" else "Built"
    return f"{verb}: " + "; ".join(parts) + "."

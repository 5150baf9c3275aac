"""Command line: `build` (the default), `check`, `explain FILE`, `new-annotation ID` and `offline-zip`."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from . import __version__
from .model import ArchiveError, Problem
from .settings import Settings, Thresholds

COMMANDS = ("build", "check", "explain", "new-annotation", "offline-zip")

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INPUT = 0, 1, 2, 3

EPILOG = """exit status:
  0  success
  1  problems found: annotation errors (or, with --strict, warnings)
  2  wrong usage
  3  input error: a missing directory, an unreadable file, a write that failed

Without a command, `build` runs: python build_archive.py --raw raw --out docs"""


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build_archive.py",
        description="Turn raw scraped text and analyst annotations into a searchable MkDocs archive.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = commands.add_parser("build", help="build the archive pages (the default command)")
    add_input_options(build)
    build.add_argument("--out", type=Path, default=Path("docs"), help="where pages are written (default: docs)")
    add_output_options(build)

    check = commands.add_parser("check", help="validate annotation files; writes nothing")
    add_input_options(check)
    check.add_argument(
        "--out", type=Path, default=Path("docs"), help="last build's output, to tell moved notes (default: docs)"
    )
    add_output_options(check)

    explain = commands.add_parser("explain", help="print every line of a raw file with its verdict and reason")
    explain.add_argument("file", type=Path, help="a raw text file, e.g. raw/003_93dc586b88fa6e06.txt")
    explain.add_argument(
        "--raw", type=Path, default=None, help="corpus the file belongs to, for repeat counts (default: its folder)"
    )
    explain.add_argument("--removed", action="store_true", help="show only removed lines")
    explain.add_argument("--width", type=int, default=110, help="cut line text at this width; 0 = full text")

    new = commands.add_parser("new-annotation", help="write a ready-to-fill annotation file for an article")
    new.add_argument("article", help="the article id (see the article page or corpus.jsonl)")
    new.add_argument("--analyst", default="", help="your name, filled in the file")
    add_input_options(new)
    new.add_argument("--force", action="store_true", help="overwrite an existing file")

    offline = commands.add_parser("offline-zip", help="zip the offline site (OFFLINE=true mkdocs build) for download")
    offline.add_argument(
        "--site", type=Path, default=Path("site-offline"), help="the built offline site (default: site-offline)"
    )
    offline.add_argument(
        "--out",
        type=Path,
        default=Path("site/downloads/annotated-archive-offline.zip"),
        help="the zip to write (default: site/downloads/annotated-archive-offline.zip)",
    )
    return parser


def add_input_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--raw", type=Path, default=Path("raw"), help="raw text files (default: raw)")
    parser.add_argument(
        "--annotations", type=Path, default=Path("annotations"), help="annotation files (default: annotations)"
    )
    parser.add_argument(
        "--entities", type=Path, default=Path("entities.yml"), help="entities and their aliases (default: entities.yml)"
    )
    parser.add_argument("--mkdocs", type=Path, default=Path("mkdocs.yml"), help="site config (default: mkdocs.yml)")


def add_output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors (exit status 1)")
    loudness = parser.add_mutually_exclusive_group()
    loudness.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    loudness.add_argument("-v", "--verbose", action="store_true", help="also print each file written")
    parser.add_argument("--no-progress", action="store_true", help="no progress display")


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help", "--version")):
        argv.insert(0, "build")
    args = make_parser().parse_args(argv)
    try:
        if args.command == "explain":
            return run_explain(args)
        if args.command == "new-annotation":
            return run_new_annotation(args)
        if args.command == "offline-zip":
            return run_offline_zip(args)
        return run_build_or_check(args)
    except ArchiveError as error:
        print(f"error: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` or a pager that quit: not an error
        sys.stderr.close()
        return EXIT_OK


def settings_from(args: argparse.Namespace) -> Settings:
    from .siteconfig import read_site_config

    site = read_site_config(args.mkdocs)
    return Settings(
        raw_dir=args.raw,
        annotations_dir=args.annotations,
        entities_file=args.entities,
        out_dir=getattr(args, "out", Path("docs")),
        thresholds=Thresholds(),
        strict=getattr(args, "strict", False),
        verbosity=0 if getattr(args, "quiet", False) else 2 if getattr(args, "verbose", False) else 1,
        progress=not getattr(args, "no_progress", False),
        site_url=site.site_url,
        repo_url=site.repo_url,
        edit_branch=site.edit_branch,
    )


def run_build_or_check(args: argparse.Namespace) -> int:
    from .pipeline import build, check
    from .progress import Progress
    from .summary import format_summary

    settings = settings_from(args)
    progress = Progress(enabled=settings.progress and settings.verbosity > 0)
    report = check(settings, progress) if args.command == "check" else build(settings, progress)
    print_problems(report.problems, quiet=settings.verbosity == 0)
    if settings.verbosity >= 2 and report.written:
        for path in report.written.written:
            print(f"wrote {path}")
        for path in report.written.removed:
            print(f"removed {path}")
    if settings.verbosity > 0:
        print(format_summary(report, command=args.command))
    failed = report.errors or (settings.strict and report.warnings)
    return EXIT_PROBLEMS if failed else EXIT_OK


def print_problems(problems: tuple[Problem, ...] | list[Problem], quiet: bool) -> None:
    for problem in problems:
        if quiet and problem.severity.value == "warning":
            continue
        print(problem, file=sys.stderr)


def run_explain(args: argparse.Namespace) -> int:
    from .explain import explain_file

    for line in explain_file(args.file, args.raw, only_removed=args.removed, width=args.width):
        print(line)
    return EXIT_OK


def run_new_annotation(args: argparse.Namespace) -> int:
    from .annotations import write_new_annotation

    settings = dataclasses.replace(settings_from(args), progress=False)
    path = write_new_annotation(settings, args.article, analyst=args.analyst, force=args.force)
    print(f"wrote {path}: fill in the notes, then run `python build_archive.py check`")
    return EXIT_OK


def run_offline_zip(args: argparse.Namespace) -> int:
    from .offline_zip import write_offline_zip

    count = write_offline_zip(args.site, args.out)
    print(f"wrote {args.out}: {count} files of {args.site}")
    return EXIT_OK

#!/usr/bin/env python3
"""Build the annotated archive: `python build_archive.py --help` lists the commands."""

import sys

from archive.cli import main

if __name__ == "__main__":
    sys.exit(main())

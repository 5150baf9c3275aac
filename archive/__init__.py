"""Annotated archive builder: raw scraped text -> clean articles -> annotated MkDocs site."""

__version__ = "0.1.0"

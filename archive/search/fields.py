"""Haystack fields with a meaning of their own in the archive's Whoosh schema (backend.py)."""

from haystack import indexes


class KeywordField(indexes.CharField):
    """A value matched whole, never analyzed: a slug, a language code."""


class NamesField(indexes.CharField):
    """Text indexed for spelling variants of names (Qasem, Qassem, Ghasem)."""


class StoredField(indexes.CharField):
    """A value kept with each entry and never searched: what the index holds of a row."""

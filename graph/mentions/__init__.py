"""Mentions in sentences: lexicon matching, discovery by shape, lists, coreference."""

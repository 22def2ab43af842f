"""Assertions from relation cues between typed mentions."""

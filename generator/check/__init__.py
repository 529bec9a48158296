"""Checking: YAML with positions, validation, linking, cross-file checks, quotes, and the content guard."""

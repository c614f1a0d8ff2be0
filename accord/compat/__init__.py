"""Compatibility with the dictionaries and test suites of older coders."""

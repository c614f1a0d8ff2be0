"""The coder: news text to CAMEO + PLOVER events with evidence."""

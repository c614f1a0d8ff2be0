"""Scoring accord against gold data."""

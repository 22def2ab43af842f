"""Scoring against gold data, benchmarks, synthetic corpora."""

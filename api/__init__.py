"""Medvirk's app environment: the analysis API, NLP, storage and command line."""

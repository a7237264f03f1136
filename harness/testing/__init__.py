"""Helpers the unit tests share: a tiny local web site, and sentences built
to fool "did you mean"."""

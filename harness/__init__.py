"""Acceptance-test harness for superlists.

Everything the behave steps need to know *how* to do lives here: page objects
(`pages`), the retry primitive (`wait`), the browser lifecycle (`browser`),
the cast of personas (`cast`), failure artifacts (`artifacts`), run
configuration (`config`) and the fixture layer (`server`), which talks either to
an in-process live server or to a deployed one over SSH.
"""

"""`make report-check`: the HTML report, looked at as a person would.

Runs the sample suite in checks/sample_suites/report/ (one scenario passes,
one fails on purpose, one tagged @flaky passes on its second attempt) through
the real harness, opens the report it wrote in headless Chromium, and checks
what a reader sees: the feature and scenario names, the failing step's error,
each person's screenshot actually loaded, the retry mark and the run's facts.
Also that the file points nowhere but the site under test, that JUnit and the
console tell of the retry, and that `-D retries=off -D screenshots=all` do
what they say; then the history of ten runs and the report printed to PDF.

    .venv/bin/python -m checks.report [--picture docs/report.png]

--picture saves a screenshot of the report (the README shows one).
Prints one line per check and exits 1 if any failed.

- `sample_suite`: running the sample suite, opening its report, the check lines
- `first_run`: the first run's report and console, and a run with retries off
- `history`: ten runs of one scenario: its trend, flaky mark and storyboard
- `__main__`: the PDF, the picture, and the checks in order
"""

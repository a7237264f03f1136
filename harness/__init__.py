"""Acceptance-test harness for superlists: everything the behave steps need
to know *how* to do, in packages stacked on floors (docs/architecture.md;
`make lint` keeps them). Top first:

- `hooks` (behave's hooks, wired over `@fixture`), `parallel` (N workers, one
  report), `django_app` and `django_settings` (`python manage.py behave`);
- `results`: the report, console, artifacts, retries;
- `authoring`: the step catalogue, "did you mean", the style check;
- `people`: personas, the cast, step phrasing;
- `pages` (a page object per module) and `audits` (axe-core);
- `browsers`: Chromium and WebKit, here or on a Selenium Grid;
- `config`: the run's settings, one table;
- `server`: the fixture layer, one interface with one kind per server
  (local, ssh, container);
- `run`: errors, `@wait`, failures in people's words, scratch, signals, and
  behave's non-public parts behind one door.
"""

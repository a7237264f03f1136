"""`make robustness`: try the harness as a hostile user would, for real.

Every check starts real behave runs and does to them what people do: Ctrl-C
and SIGTERM (to the pid and to the process group, through `behave` and
`manage.py behave`), `kill -9`, two runs at once in one checkout, a browser
killed mid-scenario, a corrupt test database, an unwritable artifact folder,
bad configuration and an SSH server that never answers. After each, nothing
the run started may still be running.

    .venv/bin/python -m checks.robustness

Prints one line per check with what it saw, and exits 1 if any check failed.
Bounded: every run it starts has a deadline. Its sample features are in
checks/sample_suites/robustness/.

- `runs`: a behave run under watch, what it left running, the check lines
- `stopping`: runs interrupted, killed, doubled, and a browser killed mid-run
- `bad_input`: a corrupt database, unwritable artifacts, bad settings, silent SSH
- `__main__`: every check in turn
"""

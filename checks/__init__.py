"""The checks `make test` runs to prove the suite catches what it should.

Each tries the harness for real and prints one line per thing it checked:
Python checks are modules of this package, run with `python -m checks.NAME`
(`accessibility`, `report`, `robustness`); the two that drive podman, curl and
whole deploys are shell programs run by their path (`checks/container`,
`checks/staging`). The suites they run on purpose live in `sample_suites/`.
"""

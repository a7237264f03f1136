"""The commands a developer runs, apart from the checks (those are in `checks/`).

Python commands are modules of this package, run with `python -m scripts.NAME`:
`bench` (speed figures, `make bench`) and `container` (the app's image and
container, `make container`). Shell programs are run by their path: `grid`
(the Selenium Grid, `make grid`). The two commands people type by hand,
`scripts/container` and `scripts/grid`, are executable files here; the first
only hands over to `python -m scripts.container`.
"""

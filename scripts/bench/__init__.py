"""Speed figures for the acceptance suite, as medians (the machines are shared and noisy).

    .venv/bin/python -m scripts.bench              # local figures
    sudo .venv/bin/python -m scripts.bench --staging   # plus staging (`make bench-staging`:
                                                       # builds the hosts, deploys, removes them)

Prints, for each measure, the median and the spread over the runs:
- the whole local suite, wall time from `behave` start to exit, with and
  without its HTML report (runs interleaved), and the ratio of the two;
- per-scenario harness overhead locally, in Chromium and in WebKit: the
  browser cleared for the next scenario, the database reset, and a
  pre-authenticated session (created, its cookie installed in the browser);
- two engines: the WebKit suite against the Chromium suite, and both engines
  in one parallel run (`-D browsers=chromium,webkit`) against the Chromium
  suite alone (the three interleaved, with the ratios);
- living documentation: the suite with `screenshots=failures` against
  `screenshots=steps` (a storyboard; interleaved, with the ratio), the
  report's build time (render and write, as its closing line says) against
  the suite's, each report's size, and a 10x suite's report (the features
  copied ten times, every step passing at once) built and measured
  (`--report` for these alone: `make bench-report`);
- the suite's cost per step and per page load, with audits on and off
  (interleaved); its serial limit, the pages it loads times Chromium's cost
  per page load of a tiny page (measured in the same run), and the suite
  against it; and the suite per step against an earlier commit
  (`--steps-before`, default 03e463b; its checkout shares this .venv), with
  audits off, alternating (`--steps` for these alone: `make bench-steps`);
- accessibility audits: the suite with `accessibility=fail` against the
  suite with them off (interleaved, with the ratio), and the audits a run
  makes and the distinct page states they cover;
- for product owners: "did you mean" for 100 undefined steps, and
  `make lint-features` over features/;
- failures in the people's words: a passing suite with the product owners'
  console against behave's pretty formatter (the ratio), and the cost of the
  outline drawn into a failed step's screenshot;
- a fixture-layer Given locally: a list of two items, owned by the logged-in
  person, created directly and opened in their browser (one page load);
- with --staging: the staging hosts built from nothing and from the cached
  image; the same two against the https staging site (over the SSH fixture
  process); the email round trip (a login link asked for, sent over SMTP,
  read over IMAPS); the staging suite interleaved with the local suite, and
  its ratio;
- with --staging or --deploys: production safety, on hosts built for it: a
  deploy's time (first and again) from the commit before releases
  (`--before`, default 9c1529a) and from this tree, alternating, on fresh
  hosts each; a redeploy under a 50 ms poller; a release that cannot boot
  under systemd, and the outage until the earlier release serves again;
  kill -9 of nginx's master until the site answers; the home page while
  three login-link requests wait on a mail server that accepts and never
  answers;
- with --container: the same two against `make container`'s container (over
  its `podman exec -i` fixture process), one fixture round trip, the image
  rebuild with no changes, and the container suite interleaved with the local
  suite, with its ratio (`make bench-container` starts and stops the container).

One module per group of figures: `local` (the suite, its report's cost, two
workers, a grid, the fixture layer), `steps`, `report`, `suite` (audits,
engines, failures, authoring), `staging`, `deploys` and `container`; `measure`
takes and prints them, `fixtures` times the fixture layer on any server.
"""

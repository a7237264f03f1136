"""The tags a feature or scenario may carry, and what each one does.

These are the only ones: the style check (`make lint-features`) refuses any
other, so that a tag never silently means nothing. docs/configuration.md#tags
says the same to the people who write features (a test keeps the two alike).
"""

WIP = "wip"
READONLY = "readonly"
FLAKY = "flaky"
HTTPS = "https"

#: Every tag, with what it does in a few words.
TAGS: dict[str, str] = {
    WIP: "work in progress, left out of default runs",
    READONLY: "creates nothing, so it may run against any server, production included",
    FLAKY: "retried when it fails, every retry reported",
    HTTPS: "needs a site served over HTTPS; skipped against plain HTTP",
}

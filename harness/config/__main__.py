"""`python -m harness.config --doc` prints the table of settings for
docs/configuration.md; `--update-doc` writes it into the doc, between its
markers (`harness.config.doc`)."""

from __future__ import annotations

import argparse

from harness.config.doc import CONFIGURATION_DOC, settings_table, with_table


def main(argv: list[str] | None = None) -> int:
    """Print the table, or write it into the doc."""
    parser = argparse.ArgumentParser(
        prog="python -m harness.config", description="The run's settings, as one table."
    )
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--doc", action="store_true", help="print the doc's table of settings")
    action.add_argument(
        "--update-doc", action="store_true", help=f"write that table into {CONFIGURATION_DOC}"
    )
    arguments = parser.parse_args(argv)
    if arguments.doc:
        print(settings_table())
        return 0
    doc = CONFIGURATION_DOC.read_text(encoding="utf-8")
    CONFIGURATION_DOC.write_text(with_table(doc), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

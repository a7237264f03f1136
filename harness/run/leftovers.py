"""What a check's own runs left running, and nothing else on the machine.

    python -m harness.run.leftovers [--only browsers]

`make` gives everything it starts one mark, in the environment:
`SUPERLISTS_CHECK_RUN=<make's own id>` (the Makefile sets it once, and
sub-makes, scripts, behave, drivers and browsers inherit it). This lists the
processes that carry that mark and are still running: browsers and their
drivers, WebKit and its virtual display, a Selenium Grid, fixture processes.
Another checkout's suite, a staging host another checkout made, or someone's
own `pgrep` on the same machine carry another mark, or none, and are never
counted.

Prints one line per leftover and exits 1, or says nothing was left and exits
0. Without a mark in its environment it says so and exits 2: counting every
process on a shared machine is what it exists not to do.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass

#: The environment variable that marks what one `make` (or one check) started.
CHECK_RUN = "SUPERLISTS_CHECK_RUN"


def _program(command: str) -> str:
    return os.path.basename(command.split(" ", 1)[0])


def _is_browser(command: str) -> bool:
    program = _program(command)
    return program == "chromedriver" or (
        program.startswith("chrom") and "--test-type=webdriver" in command
    )


def _is_webkit(command: str) -> bool:
    program = _program(command)
    return program in ("WebKitWebDriver", "MiniBrowser", "Xvfb") or program.startswith("WebKit")


def _is_grid(command: str) -> bool:
    return _program(command) == "java" and "selenium-server" in command


def _is_fixture_process(command: str) -> bool:
    program = _program(command)
    return (program.startswith("python") or program == "podman") and "fixture_server" in command


#: Each kind of leftover, told by its program (never by a word anywhere on the
#: command line: a `pgrep chromedriver` is not a driver).
KINDS: dict[str, Callable[[str], bool]] = {
    "browsers": _is_browser,
    "webkit": _is_webkit,
    "grid": _is_grid,
    "fixtures": _is_fixture_process,
}


@dataclass(frozen=True)
class Leftover:
    """A process the marked run started that is still running."""

    pid: int
    kind: str
    command: str

    def line(self) -> str:
        """How it is reported: what it is, its pid, its command line."""
        return f"{self.kind}: {self.pid} {self.command[:300]}"


def marked(mark: str, proc: str = "/proc") -> list[tuple[int, str]]:
    """(pid, command line) of every live process whose environment carries
    `CHECK_RUN=mark` (zombies are dead: not counted)."""
    needle = f"{CHECK_RUN}={mark}".encode()
    found = []
    for entry in sorted((e for e in os.listdir(proc) if e.isdigit()), key=int):
        if int(entry) == os.getpid():
            continue
        try:
            with open(f"{proc}/{entry}/environ", "rb") as environ:
                if needle not in environ.read().split(b"\0"):
                    continue
            with open(f"{proc}/{entry}/stat", "rb") as stat:
                state = stat.read().rsplit(b")", 1)[-1].split()[0]
            with open(f"{proc}/{entry}/cmdline", "rb") as cmdline:
                command = cmdline.read().replace(b"\0", b" ").decode(errors="replace").strip()
        except (OSError, IndexError):
            continue  # gone already, or not ours to read
        if state != b"Z" and command:
            found.append((int(entry), command))
    return found


def leftovers(
    mark: str, kinds: tuple[str, ...] = tuple(KINDS), proc: str = "/proc"
) -> list[Leftover]:
    """The processes carrying `mark` that are one of `kinds`."""
    found = []
    for pid, command in marked(mark, proc):
        kind = next((kind for kind in kinds if KINDS[kind](command)), None)
        if kind is not None:
            found.append(Leftover(pid, kind, command))
    return found


def main(argv: list[str] | None = None) -> int:
    """The command line: one line per leftover, or that there are none."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=sorted(KINDS), action="append", help="one kind")
    args = parser.parse_args(argv)
    mark = os.environ.get(CHECK_RUN, "")
    if not mark:
        print(
            f"leftovers: error: no {CHECK_RUN} in the environment, so nothing says which "
            "processes are this run's: run it through make (which sets it), or set it yourself "
            "for the runs you start",
            file=sys.stderr,
        )
        return 2
    kinds = tuple(args.only or KINDS)
    found = leftovers(mark, kinds)
    for leftover in found:
        print(leftover.line())
    if found:
        print(f"leftovers: error: {len(found)} process(es) left running (above)", file=sys.stderr)
        return 1
    print(f"nothing left running: no {', '.join(kinds)} of {CHECK_RUN}={mark}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""How the text of a setting becomes a value, or one line saying what is wrong.

Shared by `harness.config` and the server kinds, which read their own
`NAME.*` settings (`harness.server.kinds`). `read_choice` is the one way a
setting picks one of a few values.
"""

from __future__ import annotations

import math

from harness.run.errors import HarnessError

TRUE = frozenset({"1", "true", "yes", "on"})
FALSE = frozenset({"0", "false", "no", "off", ""})


def env_name(key: str) -> str:
    """The environment variable that sets `key`."""
    return "SUPERLISTS_" + key.upper().replace(".", "_").replace("-", "_")


def read_bool(key: str, value: str) -> bool:
    """true/false (and yes/no, on/off, 1/0, empty for false)."""
    lowered = value.strip().lower()
    if lowered in TRUE:
        return True
    if lowered in FALSE:
        return False
    raise HarnessError(f"Config {key}={value!r} is not a boolean: use true or false")


def read_seconds(key: str, value: str, most: float) -> float:
    """A duration in seconds, 0 < t <= most. NaN and infinity are refused: a
    deadline that can never pass would make a failing check retry forever."""
    try:
        number = float(value)
    except ValueError:
        raise HarnessError(f"Config {key}={value!r} is not a number: use e.g. {key}=5") from None
    if not (math.isfinite(number) and 0 < number <= most):
        raise HarnessError(
            f"Config {key}={value!r} is out of range: use a number of seconds "
            f"above 0 and at most {most:g}"
        )
    return number


def read_choice(key: str, value: str, choices: tuple[str, ...], how: str = "") -> str:
    """`value` as one of `choices` (any letter case, spaces around ignored), or
    one line saying `key`'s value is unknown and `how` to set it (by default:
    "use one of" the choices)."""
    chosen = value.strip().lower()
    if chosen not in choices:
        how = how or f"use one of {', '.join(choices)}"
        raise HarnessError(f"Config {key}={value!r} is unknown: {how}")
    return chosen

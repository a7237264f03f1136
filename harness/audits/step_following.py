"""Steps followed by a check inside the step: what the check raises fails
the step as the step's own assertion would (the audits use it).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from harness.run.behave_internals import wrap_step_functions


def follow_steps(registry: Any, after: Callable[[Any], None]) -> Callable[[], None]:
    """Have every step in behave's `registry` call `after(context)` when it
    has passed, inside the step, so that what `after` raises fails that step
    as its own assertion would. Returns the function that undoes it.

    (behave's after_step hook runs once the step's result is settled: an
    AssertionError there is a hook error, not a failed step.)
    """
    return wrap_step_functions(registry, lambda step: _followed(step, after))


def _followed(step: Callable[..., Any], after: Callable[[Any], None]) -> Callable[..., Any]:
    @functools.wraps(step)
    def followed(context: Any, *args: Any, **kwargs: Any) -> Any:
        result = step(context, *args, **kwargs)
        after(context)
        return result

    return followed

"""How the table of set-up operations is built and called.

An operation is a function of keyword arguments only, registered under the
name the harness calls it by: ``@operation("start_list")``. Each argument's
annotation is ``Annotated[<type>, Shape(...)]``, so the shape a caller must
send is declared once, beside the type, and every caller (the local harness
in-process, ``manage.py fixture_server`` for a pipe) is checked the same way.
Arguments and results are JSON values: an operation that works in-process
works over the pipe. The operations themselves are in `operations.py`.
"""

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, get_args, get_origin, get_type_hints

#: Where `operation` registers: name -> Operation (filled by `operations.py`).
OPERATIONS: dict[str, "Operation"] = {}


@dataclass(frozen=True)
class Shape:
    """What one argument must be: a test, and the words a bad call is told."""

    description: str
    fits: Callable[[object], bool]


class BadCall(ValueError):
    """A call the table cannot run: an unknown name, or arguments that do not
    fit. Not a refusal: the harness asked wrongly, the site was never asked."""


@dataclass(frozen=True)
class Operation:
    """One row of the table: a name, its function, and the shape of each argument."""

    name: str
    function: Callable[..., Any]
    shapes: Mapping[str, Shape]

    def checked(self, arguments: Mapping[str, object]) -> dict[str, object]:
        """The arguments, or BadCall naming the first one that does not fit.

        Every argument is required and no other is accepted: a misspelt
        "session" must not quietly become a logged-out request.
        """
        unexpected = sorted(set(arguments) - set(self.shapes))
        if unexpected:
            raise BadCall(f"unexpected field {unexpected[0]!r} for {self.name}")
        for name, shape in self.shapes.items():
            if name not in arguments:
                raise BadCall(f"missing field {name!r}: it must be {shape.description}")
            if not shape.fits(arguments[name]):
                raise BadCall(
                    f"field {name!r} must be {shape.description}, not {arguments[name]!r:.80}"
                )
        return dict(arguments)

    def signature(self) -> str:
        """How to call it, in words: ``start_list(items: a non-empty list ..., ...)``."""
        fields = ", ".join(f"{name}: {shape.description}" for name, shape in self.shapes.items())
        return f"{self.name}({fields})"


def _shapes_of(function: Callable[..., Any]) -> dict[str, Shape]:
    """Each keyword argument's Shape, read from its ``Annotated`` annotation."""
    hints = get_type_hints(function, include_extras=True)
    shapes = {}
    for name, parameter in inspect.signature(function).parameters.items():
        if parameter.kind is not inspect.Parameter.KEYWORD_ONLY:
            raise TypeError(f"{function.__name__}: {name} must be keyword-only (after *)")
        hint = hints.get(name)
        found = [m for m in get_args(hint) if isinstance(m, Shape)]
        if get_origin(hint) is not Annotated or not found:
            raise TypeError(f"{function.__name__}: {name} needs Annotated[<type>, Shape(...)]")
        shapes[name] = found[0]
    return shapes


def operation(name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register the decorated function in the table under `name`."""

    def register(function: Callable[..., Any]) -> Callable[..., Any]:
        if name in OPERATIONS:
            raise ValueError(f"two operations are called {name!r}")
        OPERATIONS[name] = Operation(name, function, _shapes_of(function))
        return function

    return register


def call(name: object, arguments: Mapping[str, object]) -> Any:
    """Run the operation called `name` with `arguments`; its JSON result.

    BadCall for an unknown name or arguments that do not fit; the operation's
    own exceptions (`api.Refused` when the site would refuse) pass through.
    Callers import it from `operations`, which fills the table first.
    """
    found = OPERATIONS.get(name) if isinstance(name, str) else None
    if found is None:
        raise BadCall(f"unknown op {name!r}; the operations are: {', '.join(sorted(OPERATIONS))}")
    return found.function(**found.checked(arguments))

"""One near miss: (keyword, what was written, the step function meant or
None when nothing in the catalogue means it, its kind: near, negation,
opposite or unrelated)."""

Row = tuple[str, str, str | None, str]

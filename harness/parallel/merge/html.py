"""A small HTML tree, read with Python's own `html.parser`, for merging reports.

The workers' reports are merged element by element: a scenario's section is
found by its tag and classes, and only attributes the formatter wrote (ids, and
the `onclick` calls that name them) are ever rewritten. Text is data here,
never markup, so a scenario called "Edith f3 passes" stays exactly that.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

#: Elements with no end tag (HTML's void elements).
VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
#: Elements whose text is not HTML: written back as it was read.
RAW_TEXT = frozenset({"script", "style"})


@dataclass
class Element:
    """One element: its tag, its attributes in order, and its children."""

    tag: str
    attrs: list[tuple[str, str | None]] = field(default_factory=list)
    children: list[Element | str] = field(default_factory=list)

    def get(self, name: str) -> str | None:
        """The attribute `name`, or None."""
        for key, value in self.attrs:
            if key == name:
                return value
        return None

    @property
    def classes(self) -> list[str]:
        """The element's classes, in order."""
        return (self.get("class") or "").split()

    def elements(self) -> Iterator[Element]:
        """This element's children that are elements."""
        return (child for child in self.children if isinstance(child, Element))

    def walk(self) -> Iterator[Element]:
        """This element and every element inside it, in document order."""
        yield self
        for child in self.elements():
            yield from child.walk()

    def find_all(self, tag: str, cls: str) -> Iterator[Element]:
        """Every element inside (not this one) with `tag` and class `cls`, in
        document order; not looking inside the ones found."""
        for child in self.elements():
            if child.tag == tag and cls in child.classes:
                yield child
            else:
                yield from child.find_all(tag, cls)

    def find(self, tag: str, cls: str) -> Element | None:
        """The first element `find_all` would give, or None."""
        return next(self.find_all(tag, cls), None)

    def text(self) -> str:
        """The text inside, as a reader sees it (entities decoded)."""
        return "".join(child if isinstance(child, str) else child.text() for child in self.children)


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document")
        self._open = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, attrs)
        self._open[-1].children.append(element)
        if tag not in VOID:
            self._open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open[-1].children.append(Element(tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        # Close up to the matching open element; a stray end tag closes nothing.
        for depth in range(len(self._open) - 1, 0, -1):
            if self._open[depth].tag == tag:
                del self._open[depth:]
                return

    def handle_data(self, data: str) -> None:
        self._open[-1].children.append(data)


def parse(text: str) -> Element:
    """The document `text` as a tree under a `#document` element. Comments, the
    doctype and processing instructions are left out: nothing merged needs them."""
    builder = _Builder()
    builder.feed(text)
    builder.close()
    return builder.root


#: Rewrites one attribute: (tag, name, value) -> the value to write.
AttributeRewrite = Callable[[str, str, str], str]


def serialize(element: Element, rewrite: AttributeRewrite | None = None) -> str:
    """`element` as HTML, with every attribute value passed through `rewrite`."""
    out: list[str] = []
    _write(element, rewrite, out, raw=False)
    return "".join(out)


def _write(
    node: Element | str, rewrite: AttributeRewrite | None, out: list[str], raw: bool
) -> None:
    if isinstance(node, str):
        out.append(node if raw else html.escape(node, quote=False))
        return
    if node.tag == "#document":
        for child in node.children:
            _write(child, rewrite, out, raw=False)
        return
    out.append(f"<{node.tag}")
    for name, value in node.attrs:
        if value is None:
            out.append(f" {name}")
            continue
        if rewrite is not None:
            value = rewrite(node.tag, name, value)
        out.append(f' {name}="{html.escape(value, quote=True)}"')
    out.append(">")
    if node.tag in VOID:
        return
    for child in node.children:
        _write(child, rewrite, out, raw=node.tag in RAW_TEXT)
    out.append(f"</{node.tag}>")

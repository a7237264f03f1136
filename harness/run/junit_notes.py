"""Adding to behave's JUnit files what behave does not know: which step was
undefined and what it might have been, accessibility problems a run only
reported (each to the testcase of its feature and scenario), and which
browser the run used (to each test suite)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

#: Changes one testcase element for its (feature name, scenario name); says
#: whether it changed anything.
CaseChange = Callable[[tuple[str, str], ElementTree.Element], bool]


def update_testcases(folder: Path, change: CaseChange, features: set[str]) -> None:
    """Apply `change` to every testcase in the JUnit files in `folder` whose
    feature is one of `features`, rewriting only the files it changed.
    (behave's classname ends with the feature's name, after a dot.)"""
    for path in sorted(folder.glob("TESTS-*.xml")):
        tree = ElementTree.parse(path)
        changed = False
        for case in tree.iter("testcase"):
            classname, name = case.get("classname") or "", case.get("name") or ""
            feature = next((f for f in features if classname.endswith("." + f)), None)
            if feature is not None:
                changed = change((feature, name), case) or changed
        if changed:
            tree.write(path, encoding="UTF-8", xml_declaration=True)


def add_output(case: ElementTree.Element, text: str) -> None:
    """Append `text` as a line of the testcase's <system-out>, which CI shows."""
    out = case.find("system-out")
    if out is None:
        out = ElementTree.SubElement(case, "system-out")
    out.text = (out.text or "").rstrip("\n") + ("\n" if out.text else "") + text + "\n"


def add_property(folder: Path, name: str, value: str) -> None:
    """Give every test suite in the JUnit files in `folder` the property
    `name` = `value` (the browser a run used, say), which CI tools show."""
    for path in sorted(folder.glob("TESTS-*.xml")):
        tree = ElementTree.parse(path)
        root = tree.getroot()
        suites = [root] if root.tag == "testsuite" else list(root.iter("testsuite"))
        for suite in suites:
            properties = suite.find("properties")
            if properties is None:
                properties = ElementTree.Element("properties")
                suite.insert(0, properties)
            ElementTree.SubElement(properties, "property", name=name, value=value)
        tree.write(path, encoding="UTF-8", xml_declaration=True)

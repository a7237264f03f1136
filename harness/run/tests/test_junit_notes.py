from xml.etree import ElementTree

from harness.run.junit_notes import add_output, add_property, update_testcases

SUITE = (
    '<?xml version="1.0"?><testsuite name="lists.Lists" tests="2">'
    '<testcase classname="lists.Lists" name="Edith starts a list"/>'
    '<testcase classname="lists.Lists" name="Francis starts one"/></testsuite>'
)


def test_every_suite_is_told_which_browser_ran_it(tmp_path):
    (tmp_path / "TESTS-lists.xml").write_text(SUITE)
    (tmp_path / "TESTS-sharing.xml").write_text(SUITE.replace("lists.Lists", "sharing.Sharing"))
    add_property(tmp_path, "browser", "WebKit 2.50.6")
    for path in sorted(tmp_path.glob("TESTS-*.xml")):
        suite = ElementTree.parse(path).getroot()
        assert suite[0].tag == "properties"  # JUnit's schema puts them first
        assert [p.attrib for p in suite[0]] == [{"name": "browser", "value": "WebKit 2.50.6"}]


def test_a_note_goes_to_its_scenarios_testcase_only(tmp_path):
    (tmp_path / "TESTS-lists.xml").write_text(SUITE)

    def note(where, case):
        if where != ("Lists", "Edith starts a list"):
            return False
        add_output(case, "first line")
        add_output(case, "second line")
        return True

    update_testcases(tmp_path, note, {"Lists"})
    cases = list(ElementTree.parse(tmp_path / "TESTS-lists.xml").getroot().iter("testcase"))
    assert cases[0].find("system-out").text == "first line\nsecond line\n"
    assert cases[1].find("system-out") is None

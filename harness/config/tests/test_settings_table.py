"""The table of settings is the one place a setting is written: `Config`'s
fields, DEFAULTS, the doc's table and behave.ini must agree with it."""

import configparser
import dataclasses
from dataclasses import replace

import pytest

from harness.config import DEFAULTS, SETTINGS, Config, load_config
from harness.config import settings as settings_module
from harness.config.__main__ import main
from harness.config.doc import (
    BEGIN,
    CONFIGURATION_DOC,
    END,
    disagreements,
    row,
    settings_table,
    with_table,
)
from harness.config.settings import RETRIES, Origin
from harness.config.tests.config_errors import config_error
from harness.run.choices import read_choice
from harness.run.errors import HarnessError
from harness.run.paths import PROJECT

#: Settings whose field is made from more than their own text: `server`
#: picks `remote`, `browsers` falls back on `browser`, `history` sits beside
#: the report.
COMBINED = {"server", "browsers", "history"}


def test_every_config_field_is_one_setting_and_every_setting_one_field():
    fields = {field.name for field in dataclasses.fields(Config)}
    filled = [setting.config_field for setting in SETTINGS]
    assert sorted(fields - set(filled)) == [], "Config fields no setting fills"
    assert sorted(set(filled) - fields) == [], "settings with no Config field"
    assert len(filled) == len(set(filled)), "two settings fill one field"


def test_defaults_are_the_tables():
    assert DEFAULTS == {setting.name: setting.default for setting in SETTINGS}
    assert len(DEFAULTS) == len(SETTINGS)


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda setting: setting.name)
def test_each_default_reads_as_the_config_built_from_nothing(setting):
    config = load_config({}, {}, {})
    if setting.name not in COMBINED:
        assert getattr(config, setting.config_field) == setting.read(DEFAULTS)


def test_the_combined_settings_defaults():
    config = load_config({}, {}, {})
    assert (config.remote, config.browsers) == (None, ("chromium",))
    assert str(config.history) == "reports/acceptance-history.json"


def test_the_doc_shows_the_table():
    doc = CONFIGURATION_DOC.read_text(encoding="utf-8")
    assert disagreements(doc) == [], "run: python -m harness.config --update-doc"
    assert with_table(doc) == doc


def test_a_doc_that_disagrees_names_the_setting():
    doc = CONFIGURATION_DOC.read_text(encoding="utf-8")
    wrong = doc.replace("| `retries` | `2` |", "| `retries` | `3` |")
    assert [line.split(":")[0] for line in disagreements(wrong)] == ["retries"]
    gone = doc.replace(row(RETRIES) + "\n", "")
    assert disagreements(gone) == ["retries: missing from the doc"]
    extra = doc.replace(row(RETRIES), row(RETRIES) + "\n| `retires` | `2` | typo |")
    assert disagreements(extra) == ["retires: in the doc, but no such setting"]
    assert with_table(wrong) == doc


def test_the_doc_keeps_what_surrounds_the_table():
    doc = f"# Title\n\nbefore\n{BEGIN}\nstale row\n{END}\nafter\n"
    rewritten = with_table(doc)
    assert rewritten == f"# Title\n\nbefore\n{BEGIN}\n{settings_table()}\n{END}\nafter\n"


def test_python_m_harness_config_doc_prints_the_table(capsys):
    assert main(["--doc"]) == 0
    assert capsys.readouterr().out == settings_table() + "\n"


def test_behave_ini_repeats_no_default():
    ini = configparser.ConfigParser(interpolation=None)
    ini.read(PROJECT / "behave.ini")
    repeated = [
        key
        for key, value in ini["behave.userdata"].items()
        if key in DEFAULTS and value.strip() == DEFAULTS[key]
    ]
    assert repeated == [], "behave.ini sets these to their built-in defaults: leave them out"


def test_a_setting_only_the_environment_may_give(monkeypatch):
    only_environment = replace(RETRIES, origins=frozenset({Origin.ENVIRONMENT}))
    table = tuple(only_environment if s is RETRIES else s for s in SETTINGS)
    monkeypatch.setattr(settings_module, "SETTINGS", table)
    assert load_config({}, {}, {"SUPERLISTS_RETRIES": "1"}).retries == 1
    assert config_error(defines={"retries": "1"}).startswith("Unknown setting 'retries' from -D")
    assert row(only_environment).endswith("(only from the environment) |")


def test_one_helper_picks_one_of_a_few_values():
    assert read_choice("detail", " Developer ", ("owner", "developer")) == "developer"
    with pytest.raises(
        HarnessError, match="^Config detail='boss' is unknown: use one of owner, developer$"
    ):
        read_choice("detail", "boss", ("owner", "developer"))
    with pytest.raises(HarnessError, match="^Config x='z' is unknown: say a or b$"):
        read_choice("x", "z", ("a", "b"), "say a or b")

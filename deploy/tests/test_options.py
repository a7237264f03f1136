"""What a deploy may be asked for, checked before anything reaches a server:
site names, instances, the mail settings, and what a release records of them."""

import json
import re

import pytest

from deploy.messages import DeployError
from deploy.options import DeployOptions, MailSettings, Served, site_name
from deploy.site_layout import MAX_INSTANCES
from deploy.tests.sample_options import sample_options


@pytest.mark.parametrize("site", ["a b", "../etc", "Superlists", "site-2", "x;rm", ""])
def test_a_site_name_that_could_escape_its_folder_or_take_an_instances_name_is_refused(site):
    with pytest.raises(DeployError, match="use lower-case letters and digits"):
        site_name(site)


def test_ordinary_site_names_are_accepted():
    assert [site_name(s) for s in ("superlists", "superlists-beta", "s2")] == [
        "superlists", "superlists-beta", "s2"
    ]  # fmt: skip


GIVEN = dict(
    site="superlists", cert="", key="", domain="", port="", staging=True, instances="1",
    email_host="", email_port="", email_user="", email_tls="", insecure_http=True,
)  # fmt: skip


@pytest.mark.parametrize("instances", ["0", str(MAX_INSTANCES + 1), "two"])
def test_instances_beyond_what_a_host_may_hold_are_refused(instances):
    with pytest.raises(DeployError, match=f"--instances {instances}: use 1 to {MAX_INSTANCES}$"):
        DeployOptions.chosen(dict(GIVEN, instances=instances), "staging.test")


def test_how_a_release_is_served_is_recorded_for_a_rollback():
    options = sample_options(port=8443, instances=2, staging=True)
    served = Served.recorded(options.record())
    assert served == Served("superlists", "staging.test", 8443, False, 2)
    assert served.url(2) == "https://staging.test:8444"
    assert "pw" not in options.record() and "mail" not in json.loads(options.record())


def test_instance_urls():
    options = sample_options(staging=True, instances=2)
    assert [options.url(n) for n in (1, 2)] == ["https://staging.test", "https://staging.test:444"]
    assert sample_options(insecure_http=True, port=80).url() == "http://staging.test"


# --- the mail settings a deploy writes -----------------------------------------

ENVIRON = {
    "EMAIL_HOST": "mail.example.com",
    "EMAIL_HOST_USER": "superlists",
    "EMAIL_PASSWORD": "p4ss word$'\"`",
}
NO_OPTIONS = {"email_host": "", "email_port": "", "email_user": "", "email_tls": ""}


def test_mail_settings_come_from_the_environment_with_submission_defaults():
    mail = MailSettings.chosen(NO_OPTIONS, ENVIRON)
    assert (mail.host, mail.port, mail.user, mail.tls) == (
        "mail.example.com", 587, "superlists", "starttls"
    )  # fmt: skip
    assert mail.environment()["EMAIL_USE_TLS"] == "1"
    assert mail.environment()["EMAIL_USE_SSL"] == "0"


def test_options_win_over_the_environment_but_never_carry_the_password():
    options = dict(NO_OPTIONS, email_host="smtp.other.test", email_tls="ssl")
    mail = MailSettings.chosen(options, ENVIRON)
    assert (mail.host, mail.port, mail.tls) == ("smtp.other.test", 465, "ssl")
    assert mail.password == ENVIRON["EMAIL_PASSWORD"]


@pytest.mark.parametrize(
    "environ, message",
    [
        ({}, "no mail server: set EMAIL_HOST"),
        ({**ENVIRON, "EMAIL_PASSWORD": ""}, "needs a login: set EMAIL_PASSWORD"),
        ({**ENVIRON, "EMAIL_HOST_USER": ""}, "needs a login: set EMAIL_HOST_USER"),
        ({**ENVIRON, "EMAIL_TLS": "maybe"}, "--email-tls 'maybe': use one of starttls, ssl, none"),
        ({**ENVIRON, "EMAIL_PORT": "99999"}, "--email-port '99999'"),
    ],
)
def test_bad_mail_settings_are_one_line(environ, message):
    with pytest.raises(DeployError, match=re.escape(message)):
        MailSettings.chosen(NO_OPTIONS, environ)

import imaplib
import ssl
from email.message import EmailMessage

import pytest

from harness.run.errors import HarnessError
from harness.server import mailbox as mailbox_module
from harness.server.base import Email
from harness.server.mailbox import MailboxReader
from harness.server.targets import Mailbox
from staging_host.ca import CA_NAME, LocalCA

READER = "harness"
PASSWORD = "reader-secret"
EDITH = "edith@example.com"
FRANCIS = "francis@example.com"
SITE = "https://10.200.0.2"
LINK = f"{SITE}/accounts/login?token=abc-123"
#: Another staging instance on the same host, sharing the mail server.
OTHER_SITE = "https://10.200.0.2:444"


def raw_email(to, subject, body, html=None):
    message = EmailMessage()
    message["From"] = "noreply@superlists"
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    if html is not None:
        message.add_alternative(html, subtype="html")
    return message.as_bytes()


class FakeMailServer:
    """Mailboxes by address, each {uid: raw message}, and what was asked of them."""

    def __init__(self):
        self.boxes = {}
        #: UIDs flagged as deleted, by address (by any reader).
        self.flagged = {}
        self.next_uid = 1
        self.calls = []
        self.contexts = []
        self.password = PASSWORD
        self.refuse_connection = None
        self.fail_on = None

    def deliver(self, to, subject, body=f"Log in: {LINK}", uid=None):
        uid = self.next_uid if uid is None else uid
        self.next_uid = max(self.next_uid, uid) + 1
        self.boxes.setdefault(to, {})[uid] = raw_email(to, subject, body)
        return uid

    def client_class(self):
        server = self

        class FakeIMAP4_SSL:
            def __init__(self, host, port, ssl_context=None, timeout=None):
                server.calls.append(("connect", host, port, timeout))
                server.contexts.append(ssl_context)
                if server.refuse_connection is not None:
                    raise server.refuse_connection
                self.address = None

            def _call(self, *call):
                server.calls.append(call)
                if server.fail_on == call[0]:
                    raise imaplib.IMAP4.abort("socket error: EOF")

            def login(self, user, password):
                self._call("login", user, password)
                address, _, reader = user.partition("*")
                if reader != READER or password != server.password:
                    raise imaplib.IMAP4.error(b"[AUTHENTICATIONFAILED] Authentication failed.")
                self.address = address
                return "OK", [b"Logged in"]

            def select(self, mailbox="INBOX"):
                self._call("select", mailbox)
                assert self.address is not None, "select before login"
                return "OK", [str(len(self._box())).encode()]

            def _box(self):
                return server.boxes.setdefault(self.address, {})

            def uid(self, command, *args):
                self._call("uid", command, *args)
                box = self._box()
                if command == "SEARCH":
                    assert args == ("ALL",)
                    # Newest first, so only a reader that orders by UID gets it right.
                    return "OK", [b" ".join(str(u).encode() for u in sorted(box, reverse=True))]
                if command == "FETCH":
                    uid, what = args
                    assert what == "(RFC822)"
                    raw = box[int(uid)]
                    return "OK", [(f"1 (UID {uid} RFC822 {{{len(raw)}}}".encode(), raw), b")"]
                if command == "STORE":
                    uids, flags, value = args
                    assert (flags, value) == ("+FLAGS.SILENT", r"(\Deleted)")
                    self._flagged().update(int(u) for u in uids.split(","))
                    return "OK", [None]
                if command == "EXPUNGE":
                    (uids,) = args
                    for uid in {int(u) for u in uids.split(",")} & self._flagged():
                        self._box().pop(uid, None)
                        self._flagged().discard(uid)
                    return "OK", [None]
                raise AssertionError(f"unexpected UID {command}")

            def _flagged(self):
                return server.flagged.setdefault(self.address, set())

            def expunge(self):
                self._call("expunge")
                for uid in self._flagged():
                    self._box().pop(uid, None)
                self._flagged().clear()
                return "OK", [None]

            def logout(self):
                server.calls.append(("logout",))
                return "BYE", [b"Logging out"]

        return FakeIMAP4_SSL

    def commands(self, name):
        return [call for call in self.calls if call[0] == name]


@pytest.fixture
def server(monkeypatch):
    fake = FakeMailServer()
    monkeypatch.setattr(mailbox_module.imaplib, "IMAP4_SSL", fake.client_class())
    return fake


def reader(timeout=7.0, site=SITE + "/"):
    return MailboxReader(Mailbox("mail.example", 1993, READER, PASSWORD), None, timeout, site)


def test_a_look_logs_in_as_the_address_with_the_readers_master_login(server):
    reader(timeout=7.0).latest(EDITH)
    assert server.calls[0] == ("connect", "mail.example", 1993, 7.0)
    assert server.commands("login") == [("login", f"{EDITH}*{READER}", PASSWORD)]
    assert server.commands("select") == [("select", "INBOX")]
    assert server.calls[-1] == ("logout",)


def test_the_connection_verifies_the_server_certificate(server):
    reader().latest(EDITH)
    assert isinstance(server.contexts[0], ssl.SSLContext)
    assert server.contexts[0].verify_mode == ssl.CERT_REQUIRED
    assert server.contexts[0].check_hostname is True


def test_the_servers_certificate_is_checked_against_the_ca_given(server, tmp_path):
    authority = LocalCA(tmp_path / "ca")
    authority.ensure()
    mailbox = Mailbox("mail.example", 993, READER, PASSWORD)
    MailboxReader(mailbox, authority.certificate, 5.0, SITE).latest(EDITH)
    subjects = [dict(pair[0] for pair in ca["subject"]) for ca in server.contexts[0].get_ca_certs()]
    assert {"commonName": CA_NAME} in subjects


def test_nothing_arrived_is_none(server):
    assert reader().latest(EDITH) is None


def test_the_email_is_parsed(server):
    server.boxes[EDITH] = {
        1: raw_email(EDITH, "Your login link", f"Use this link:\n\n{LINK}\n", html="<p>html</p>")
    }
    found = reader().latest(EDITH)
    assert isinstance(found, Email)
    assert (found.subject, found.sender, found.to) == (
        "Your login link",
        "noreply@superlists",
        (EDITH,),
    )
    assert "Use this link:" in found.body
    assert "<p>" not in found.body
    assert found.login_link == LINK


def test_the_newest_by_uid_wins(server):
    server.deliver(EDITH, "first", uid=9)
    server.deliver(EDITH, "second", uid=10)
    server.deliver(EDITH, "oldest", uid=2)
    assert reader().latest(EDITH).subject == "second"


def test_every_message_is_taken_and_deleted_from_the_server(server):
    for subject in ("one", "two", "three"):
        server.deliver(EDITH, subject)
    server.deliver(FRANCIS, "for francis")
    reader().latest(EDITH)
    assert server.boxes[EDITH] == {}
    assert list(server.boxes[FRANCIS]) == [4]
    assert [call[2] for call in server.commands("uid") if call[1] == "FETCH"] == ["1", "2", "3"]
    assert [call[2] for call in server.commands("uid") if call[1] == "STORE"] == ["1,2,3"]
    assert [call[2] for call in server.commands("uid") if call[1] == "EXPUNGE"] == ["1,2,3"]


@pytest.mark.parametrize("site", [SITE, SITE + "/"])
def test_only_this_sites_mail_is_taken(server, site):
    older = server.deliver(EDITH, "from the other instance", body=f"{OTHER_SITE}/accounts/x")
    server.deliver(EDITH, "from this site")
    newer = server.deliver(EDITH, "newer, from the other instance", body=f"{OTHER_SITE}/a")
    server.deliver(EDITH, "not from a site at all", body="Hello")
    assert reader(site=site).latest(EDITH).subject == "from this site"
    assert sorted(server.boxes[EDITH]) == [older, newer, newer + 1]
    assert reader(site=OTHER_SITE).latest(EDITH).subject == "newer, from the other instance"
    assert sorted(server.boxes[EDITH]) == [newer + 1]


def test_nothing_is_stored_or_expunged_when_nothing_is_this_sites(server):
    server.deliver(EDITH, "from the other instance", body=f"{OTHER_SITE}/accounts/x")
    assert reader().latest(EDITH) is None
    assert [call[1] for call in server.commands("uid")] == ["SEARCH", "FETCH"]
    assert not server.commands("expunge")


def test_messages_another_reader_marked_deleted_are_not_expunged(server):
    theirs = server.deliver(EDITH, "being read by another worker", body=f"{OTHER_SITE}/x")
    server.flagged[EDITH] = {theirs}
    server.deliver(EDITH, "from this site")
    reader().latest(EDITH)
    assert list(server.boxes[EDITH]) == [theirs]
    assert not server.commands("expunge")


def test_a_second_look_sees_the_same_email_until_a_newer_one_arrives(server):
    mail = reader()
    server.deliver(EDITH, "Your login link")
    first = mail.latest(EDITH)
    assert server.boxes[EDITH] == {}
    assert mail.latest(EDITH) == first
    server.deliver(EDITH, "Another login link")
    assert mail.latest(EDITH).subject == "Another login link"
    assert mail.latest(EDITH).subject == "Another login link"


def test_each_address_sees_only_its_own_email(server):
    mail = reader()
    server.deliver(EDITH, "for edith")
    assert mail.latest(EDITH).subject == "for edith"
    assert mail.latest(FRANCIS) is None
    assert mail.latest(EDITH.upper()).subject == "for edith"


def test_empty_forgets_what_was_read_and_deletes_what_was_not(server):
    mail = reader()
    server.deliver(EDITH, "read in the last scenario")
    mail.latest(EDITH)
    server.deliver(EDITH, "unread")
    server.deliver(FRANCIS, "unread too")
    server.calls.clear()

    mail.empty([EDITH, FRANCIS])

    assert server.boxes[EDITH] == {} and server.boxes[FRANCIS] == {}
    assert [call[1] for call in server.commands("login")] == [
        f"{EDITH}*{READER}",
        f"{FRANCIS}*{READER}",
    ]
    assert mail.latest(EDITH) is None


def test_empty_leaves_another_sites_mail(server):
    theirs = server.deliver(EDITH, "from the other instance", body=f"{OTHER_SITE}/accounts/x")
    server.deliver(EDITH, "from this site")
    reader().empty([EDITH])
    assert list(server.boxes[EDITH]) == [theirs]


def test_empty_forgets_even_addresses_it_is_not_given(server):
    mail = reader()
    server.deliver(EDITH, "read")
    mail.latest(EDITH)
    mail.empty([])
    assert mail.latest(EDITH) is None


def test_a_refused_login_is_one_line_naming_the_address_and_the_password(server):
    server.password = "another"
    with pytest.raises(HarnessError) as caught:
        reader().latest(EDITH)
    message = str(caught.value)
    assert "\n" not in message
    assert "imaps://harness@mail.example:1993 refused the reader's login" in message
    assert EDITH in message
    assert "[AUTHENTICATIONFAILED] Authentication failed." in message
    assert "password" in message
    assert PASSWORD not in message
    assert caught.value.__cause__ is None
    assert server.calls[-1] == ("logout",)


def test_a_refused_login_while_emptying_is_reported_too(server):
    server.password = "another"
    with pytest.raises(HarnessError, match=f"refused the reader's login for {FRANCIS}"):
        reader().empty([FRANCIS])


@pytest.mark.parametrize(
    "error",
    [
        ConnectionRefusedError(111, "Connection refused"),
        TimeoutError("timed out"),
        ssl.SSLCertVerificationError(1, "certificate verify failed"),
    ],
)
def test_an_unreachable_mail_server_is_one_line(server, error):
    server.refuse_connection = error
    with pytest.raises(HarnessError) as caught:
        reader().latest(EDITH)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("cannot reach the mail server at imaps://harness@mail.example:1993")
    assert caught.value.__cause__ is None
    assert not server.commands("logout")


def test_a_connection_lost_midway_is_one_line(server):
    server.deliver(EDITH, "Your login link")
    server.fail_on = "uid"
    with pytest.raises(HarnessError) as caught:
        reader().latest(EDITH)
    message = str(caught.value)
    assert message == (
        "the mail server at imaps://harness@mail.example:1993 failed: socket error: EOF"
    )
    assert server.calls[-1] == ("logout",)


def test_a_refused_connection_says_why_in_words_not_a_number(monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(mailbox_module.imaplib, "IMAP4_SSL", refuse)
    reader = MailboxReader(Mailbox("mail.example", 993, READER, PASSWORD), None, 5, "https://x")
    with pytest.raises(
        HarnessError, match=r"cannot reach the mail server at .*: Connection refused$"
    ):
        reader.latest("edith@example.com")

"""Reading a site's real email from its mail server, over IMAPS.

A deployed site sends login links over authenticated SMTP, as production
does; the mail server puts each address's mail in a mailbox of its own. The
harness opens a person's mailbox with the reader's master login
(`ADDRESS*READER`), so no person needs a password. `imaplib` is the standard
library's, maintained with Python; nothing here needs more.

What the steps see is what `SiteUnderTest.latest_email` promises: the newest email
the site sent to an address in this scenario, however often they look.

- Every look takes whatever has arrived from this site and deletes it from
  the server (read messages are removed); the newest one read is kept here
  until the scenario ends, so a second look ("she follows the link") sees
  the same email.
- Only this site's mail is taken: messages whose body links to the site's
  address. Staging instances share one mail server and the same people, so
  parallel workers each take their own site's mail and leave the rest.
- At each reset, the fixture process names everyone the site mailed since
  the last one (its login tokens): their mailboxes are emptied, so nothing a
  previous scenario, or a previous run, left unread can be read as new.
"""

from __future__ import annotations

import email
import email.policy
import imaplib
import ssl
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from harness.run.errors import HarnessError
from harness.server.base import Email
from harness.server.targets import Mailbox


class MailboxReader:
    """The mailboxes of one mail server, as the harness reads them."""

    def __init__(
        self, mailbox: Mailbox, ca_file: Path | None, timeout: float, site_url: str
    ) -> None:
        self._mailbox = mailbox
        #: A message is this site's when its body links here.
        self._site = site_url.rstrip("/") + "/"
        self._timeout = timeout
        self._context = ssl.create_default_context(
            cafile=str(ca_file) if ca_file is not None else None
        )
        #: The newest email read per address in this scenario.
        self._newest: dict[str, Email] = {}

    @property
    def where(self) -> str:
        return f"imaps://{self._mailbox.reader}@{self._mailbox.host}:{self._mailbox.port}"

    def latest(self, to: str) -> Email | None:
        """The newest email to `to` this scenario, taking (and deleting) what
        has arrived since the last look."""
        with self._opened(to) as imap:
            arrived = self._take(imap)
        if arrived:
            self._newest[to.lower()] = arrived[-1]
        return self._newest.get(to.lower())

    def empty(self, addresses: Iterable[str]) -> None:
        """Forget this scenario's emails and empty the mailboxes of `addresses`."""
        self._newest.clear()
        for address in addresses:
            with self._opened(address) as imap:
                self._take(imap)

    def _take(self, imap: imaplib.IMAP4_SSL) -> list[Email]:
        """This site's messages in the open mailbox, oldest first, deleted from
        it once read (by UID: another reader's messages are left alone)."""
        _, found = imap.uid("SEARCH", "ALL")
        uids = sorted((u.decode() for u in found[0].split()), key=int) if found and found[0] else []
        taken: list[tuple[str, Email]] = []
        for uid in uids:
            _, parts = imap.uid("FETCH", uid, "(RFC822)")
            for part in parts:
                if isinstance(part, tuple):
                    message = _parsed(part[1])
                    if self._site in message.body:
                        taken.append((uid, message))
        if taken:
            mine = ",".join(uid for uid, _ in taken)
            imap.uid("STORE", mine, "+FLAGS.SILENT", r"(\Deleted)")
            imap.uid("EXPUNGE", mine)  # UIDPLUS: only these, whoever else flagged what
        return [message for _, message in taken]

    @contextmanager
    def _opened(self, address: str) -> Iterator[imaplib.IMAP4_SSL]:
        box = self._mailbox
        try:
            imap = imaplib.IMAP4_SSL(
                box.host, box.port, ssl_context=self._context, timeout=self._timeout
            )
        except (OSError, imaplib.IMAP4.error) as error:
            raise HarnessError(
                f"cannot reach the mail server at {self.where}: {_said(error)}"
            ) from None
        try:
            try:
                imap.login(f"{address}*{box.reader}", box.password)
            except imaplib.IMAP4.abort as error:  # the connection dropped: not a refusal
                raise HarnessError(
                    f"the mail server at {self.where} dropped the connection: {_said(error)}"
                ) from None
            except imaplib.IMAP4.error as error:
                raise HarnessError(
                    f"the mail server at {self.where} refused the reader's login for "
                    f"{address}: {_said(error)} (check its password in the environment)"
                ) from None
            status, said = imap.select("INBOX")
            if status != "OK":
                raise HarnessError(
                    f"the mail server at {self.where} cannot open {address}'s inbox: "
                    f"{_said(imaplib.IMAP4.error(*said))}"
                )
            yield imap
        except (OSError, imaplib.IMAP4.error) as error:
            # A dropped connection, or a command the server refused (UID
            # EXPUNGE needs UIDPLUS, which Dovecot and every common server have).
            raise HarnessError(f"the mail server at {self.where} failed: {_said(error)}") from None
        finally:
            try:
                imap.logout()
            except (OSError, imaplib.IMAP4.error):
                pass  # the session is over either way


def _parsed(raw: bytes) -> Email:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    body = message.get_body(preferencelist=("plain",))
    recipients = tuple(a.strip() for a in str(message.get("To", "")).split(",") if a.strip())
    return Email(
        subject=str(message["Subject"]),
        sender=str(message["From"]),
        to=recipients,
        body=body.get_content() if body is not None else "",
    )


def _said(error: BaseException) -> str:
    """An error's words on one line: an OSError's reason (not its number), an
    IMAP reply's text (not its bytes' repr)."""
    if isinstance(error, OSError) and error.strerror:
        text: object = error.strerror
    elif isinstance(error, OSError):
        text = str(error)
    else:
        text = error.args[0] if error.args else ""
    if isinstance(text, bytes):
        text = text.decode(errors="replace")
    return " ".join(str(text).split()) or type(error).__name__

"""The mail host's role: Postfix taking authenticated submissions on 587
(STARTTLS, then SMTP AUTH) and delivering every address to a mailbox of its
own, Dovecot serving those mailboxes over IMAPS to the harness's reader, both
with a certificate from the local CA; and the site's SMTP password, set at
`up` and changed by `mail-password` as a mail provider's console would.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from deploy.containers import Engine, last_line
from staging_host.addresses import MAIL
from staging_host.ca import LocalCA
from staging_host.host_shell import put_file, run_script
from staging_host.local_files import STATE
from staging_host.messages import StagingHostError, say

MAIL_FILES = Path(__file__).resolve().parent / "mail"
#: The site's SMTP login on the mail host, and the harness's mailbox reader.
MAIL_USER = "superlists"
MAILBOX_READER = "harness"


def _crypt(password: str) -> str:
    """A SHA512-CRYPT hash for Dovecot's passwd-file (the password goes to
    openssl on stdin, never into argv)."""
    result = subprocess.run(
        ["openssl", "passwd", "-6", "-stdin"], input=password, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise StagingHostError(f"openssl passwd failed: {last_line(result.stderr)}")
    return "{SHA512-CRYPT}" + result.stdout.strip()


def set_up_mail(engine: Engine, ca: LocalCA, site_password: str, reader_password: str) -> None:
    """Postfix and Dovecot configured on the booted mail host, with their certificate."""
    certificate, key = STATE / "mail.pem", STATE / "mail-key.pem"
    ca.issue(MAIL.name, MAIL.address, certificate, key)
    put_file(engine, MAIL, "/etc/ssl/superlists/mail.pem", certificate.read_text())
    put_file(engine, MAIL, "/etc/ssl/superlists/mail.key", key.read_text(), mode="600")
    put_file(engine, MAIL, "/etc/postfix/main.cf", (MAIL_FILES / "main.cf").read_text())
    put_file(engine, MAIL, "/etc/postfix/any-domain", (MAIL_FILES / "any-domain").read_text())
    put_file(engine, MAIL, "/etc/dovecot/dovecot.conf", (MAIL_FILES / "dovecot.conf").read_text())
    put_file(
        engine, MAIL, "/etc/dovecot/master-users",
        f"{MAILBOX_READER}:{_crypt(reader_password)}\n", mode="640",
    )  # fmt: skip
    set_mail_password(engine, site_password)
    run_script(
        engine, MAIL,
        "chgrp dovecot /etc/dovecot/master-users /etc/dovecot/users"
        " && mkdir -p /var/mail/boxes && chown mail:mail /var/mail/boxes"
        " && cat /dev/stdin >> /etc/postfix/master.cf"
        # Reloads: both re-read everything, and nothing waits for a stop.
        " && systemctl reload dovecot && postfix reload 2>/dev/null",
        stdin=(MAIL_FILES / "master-submission.cf").read_text(),
    )  # fmt: skip


def set_mail_password(engine: Engine, password: str) -> None:
    """The site's SMTP login on the mail host; Dovecot reads the file on each login."""
    put_file(engine, MAIL, "/etc/dovecot/users", f"{MAIL_USER}:{_crypt(password)}\n", mode="640")
    run_script(engine, MAIL, "chgrp dovecot /etc/dovecot/users")


def change_mail_password(engine: Engine, password: str) -> None:
    """`mail-password`: the site's SMTP password on the running mail host
    becomes `password` (from $EMAIL_PASSWORD, never argv)."""
    if not password:
        raise StagingHostError("set the new password in EMAIL_PASSWORD (never in argv)")
    if engine.state(MAIL.container) != "running":
        raise StagingHostError("the mail host is not running: `make staging-host`")
    set_mail_password(engine, password)
    say(f"the site's mail password ({MAIL_USER}) is changed on {MAIL.name}")

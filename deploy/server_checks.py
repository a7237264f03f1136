"""Checks `fab deploy` runs on the server itself, with the server's `python3`.

Standard library only: the file is sent as `python3 -c` source, before the
site's virtualenv exists. What the checks see is what the site will see: the
server's network, its trust store and its name for itself.

    python3 -c SOURCE mail HOST PORT USER TLS     password on stdin's first line
    python3 -c SOURCE site HOST PORT SECONDS [http]
    python3 -c SOURCE certificate CERT KEY HOST  (as root: the key is root's)
    .venv/bin/python -c SOURCE release HOST all|boot   (in a release, its .env loaded)

Each prints one JSON line, {"ok": bool, "said": "..."} (the mail check adds
"refused": whether the server answered no, rather than not at all), and
exits 0.
"""

from __future__ import annotations

import io
import json
import os
import smtplib
import socket
import ssl
import sys
import threading
import time


def one_line(text: object) -> str:
    """A reply or error on one line: servers answer in several."""
    if isinstance(text, bytes):
        text = text.decode(errors="replace")
    return " ".join(str(text).split())


def mail_login(host: str, port: int, user: str, tls: str, password: str) -> dict[str, object]:
    """Connect, secure the connection, log in, quit: no mail is sent."""
    context = ssl.create_default_context()
    try:
        if tls == "ssl":
            server: smtplib.SMTP = smtplib.SMTP_SSL(host, port, timeout=10, context=context)
        else:
            server = smtplib.SMTP(host, port, timeout=10)
            if tls == "starttls":
                server.starttls(context=context)
        try:
            code, reply = server.login(user, password)
        finally:
            try:
                server.quit()
            except (smtplib.SMTPException, OSError):
                pass  # the answer that matters has been had
    except smtplib.SMTPResponseException as error:
        # The server answered, and said no.
        said = f"{error.smtp_code} {one_line(error.smtp_error)}"
        return {"ok": False, "refused": True, "said": said}
    except smtplib.SMTPNotSupportedError as error:
        said = f"it offers no such thing: {one_line(error)}"
        return {"ok": False, "refused": False, "said": said}
    except (smtplib.SMTPException, OSError) as error:
        # No answer worth the name: unreachable, or another protocol (TLS mode).
        said = f"{type(error).__name__}: {one_line(error)}"
        return {"ok": False, "refused": False, "said": said}
    return {"ok": True, "refused": False, "said": f"{code} {one_line(reply)}"}


def site_answers(host: str, port: int, seconds: float, scheme: str = "https") -> dict[str, object]:
    """Wait until SCHEME://HOST:PORT/ answers 200 here, over https with a
    certificate valid for HOST (connecting to this machine, whatever DNS
    says); plain http only for the named escape hatch."""
    context = ssl.create_default_context()
    deadline = time.monotonic() + seconds
    said = "no answer"
    default = 443 if scheme == "https" else 80
    authority = host if port == default else f"{host}:{port}"
    request = f"GET / HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n\r\n".encode()
    while time.monotonic() < deadline:
        try:
            # Never past the deadline: a site that accepts and never answers
            # must not hold the caller longer than it asked.
            patience = min(5.0, max(0.5, deadline - time.monotonic()))
            with socket.create_connection(("127.0.0.1", port), timeout=patience) as raw:
                if scheme == "https":
                    with context.wrap_socket(raw, server_hostname=host) as tls:
                        tls.sendall(request)
                        status = tls.makefile("rb").readline().decode(errors="replace").strip()
                else:
                    raw.sendall(request)
                    status = raw.makefile("rb").readline().decode(errors="replace").strip()
            if status.split()[1:2] == ["200"]:
                return {"ok": True, "said": status}
            said = status or "an empty reply"
        except (OSError, ssl.SSLError) as error:
            said = f"{type(error).__name__}: {one_line(error)}"
            if isinstance(error, ssl.SSLCertVerificationError):
                break  # waiting will not make the certificate valid
        time.sleep(0.2)
    return {"ok": False, "said": said}


def _why_untrusted(error: ssl.SSLCertVerificationError) -> str:
    """What a verification error means to the person deploying."""
    reason = one_line(error.verify_message or error.reason or error)
    if error.verify_code == 18:  # X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT
        return f"it is self-signed ({reason}): use one a CA this server trusts has signed"
    if error.verify_code == 20:  # X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY
        return (
            f"its issuer is unknown here ({reason}): give the whole chain "
            "(fullchain.pem, not cert.pem), or a certificate from a CA this server trusts"
        )
    if error.verify_code == 9:  # X509_V_ERR_CERT_NOT_YET_VALID
        return f"it is not valid yet by this server's clock ({reason})"
    if error.verify_code == 10:  # X509_V_ERR_CERT_HAS_EXPIRED
        return f"it has expired by this server's clock ({reason})"
    return reason


def certificate_trusted(
    certificate: str, key: str, host: str, cafile: str | None = None
) -> dict[str, object]:
    """Serve `certificate` here, on a loopback port no one else uses, and
    connect to it as a browser would: the chain against this server's trust
    store (or `cafile`), its dates by this server's clock, and `host`."""
    served = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    try:
        served.load_cert_chain(certificate, key)
    except (OSError, ssl.SSLError) as error:
        return {"ok": False, "said": f"the certificate and key do not load: {one_line(error)}"}
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def answer() -> None:
        try:
            connection, _ = listener.accept()
            with served.wrap_socket(connection, server_side=True):
                pass
        except (OSError, ssl.SSLError):
            pass  # the client's verdict is the one that matters

    server = threading.Thread(target=answer, daemon=True)
    server.start()
    client = ssl.create_default_context(cafile=cafile)
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
            with client.wrap_socket(raw, server_hostname=host):
                pass
    except ssl.SSLCertVerificationError as error:
        return {"ok": False, "said": _why_untrusted(error)}
    except (OSError, ssl.SSLError) as error:
        return {"ok": False, "said": one_line(error)}
    finally:
        listener.close()
        server.join(timeout=5)
    return {"ok": True, "said": "trusted"}


def release_ready(host: str, stage: str) -> dict[str, object]:
    """Check a release before it goes live, in one process (each Django
    start costs the deploy most of a second): run in the release's folder
    with its .env loaded.

    stage "all": Django's deploy checks; then whether migrations are pending
    (the answer says so, and stops there: the caller rehearses them on a
    copy and asks again with stage "boot"); then, as "boot" does, load the
    app as gunicorn will and ask it for the home page over (forwarded) https
    under `host`."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "superlists.settings")
    sys.path.insert(0, os.getcwd())
    try:
        import superlists.wsgi  # noqa: F401 (what gunicorn imports; sets Django up)
    except SystemExit as error:
        return {"ok": False, "said": f"the app does not load (exit {error.code})"}
    except Exception as error:  # noqa: BLE001 (whatever the new code raises is the answer)
        return {"ok": False, "said": f"the app does not load: {_briefly(error)}"}
    if stage == "all":
        from django.core.management import call_command
        from django.core.management.base import SystemCheckError
        from django.db import connection
        from django.db.migrations.executor import MigrationExecutor

        try:
            call_command("check", deploy=True, fail_level="ERROR", stdout=io.StringIO())
        except SystemCheckError as error:
            return {"ok": False, "said": f"Django's deploy checks fail: {_briefly(error)}"}
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            return {"ok": True, "pending": True, "said": "migrations to apply"}
    try:
        from django.test import Client

        response = Client(HTTP_HOST=host, secure=True).get("/", HTTP_X_FORWARDED_PROTO="https")
    except Exception as error:  # noqa: BLE001
        return {"ok": False, "said": f"its home page raises {_briefly(error)}"}
    if response.status_code != 200:
        return {"ok": False, "said": f"its home page answered {response.status_code}"}
    return {"ok": True, "pending": False, "said": "200"}


def _briefly(error: BaseException) -> str:
    lines = [line for line in str(error).splitlines() if line.strip()]
    return f"{type(error).__name__}: {lines[-1] if lines else ''}".strip()[:300]


def main(argv: list[str]) -> None:
    check, *rest = argv
    if check == "mail":
        host, port, user, tls = rest
        password = sys.stdin.readline().rstrip("\n")
        result = mail_login(host, int(port), user, tls, password)
    elif check == "certificate":
        certificate, key, host = rest
        result = certificate_trusted(certificate, key, host)
    elif check == "release":
        result = release_ready(rest[0], rest[1])
    else:
        host, port, seconds, *scheme = rest
        result = site_answers(host, int(port), float(seconds), *scheme)
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])

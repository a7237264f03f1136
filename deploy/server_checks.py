"""Checks `fab deploy` runs on the server itself, with the server's `python3`.

Standard library only: the file is sent as `python3 -c` source, before the
site's virtualenv exists. What the checks see is what the site will see: the
server's network, its trust store and its name for itself.

    python3 -c SOURCE mail HOST PORT USER TLS     password on stdin's first line
    python3 -c SOURCE site HOST PORT SECONDS

Each prints one JSON line, {"ok": bool, "said": "..."} (the mail check adds
"refused": whether the server answered no, rather than not at all), and
exits 0.
"""

from __future__ import annotations

import json
import smtplib
import socket
import ssl
import sys
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


def site_answers(host: str, port: int, seconds: float) -> dict[str, object]:
    """Wait until https://HOST:PORT/ answers 200 here, with a certificate
    valid for HOST (connecting to this machine, whatever DNS says)."""
    context = ssl.create_default_context()
    deadline = time.monotonic() + seconds
    said = "no answer"
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=5) as raw:
                with context.wrap_socket(raw, server_hostname=host) as tls:
                    authority = host if port == 443 else f"{host}:{port}"
                    tls.sendall(
                        f"GET / HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n\r\n".encode()
                    )
                    status = tls.makefile("rb").readline().decode(errors="replace").strip()
            if status.split()[1:2] == ["200"]:
                return {"ok": True, "said": status}
            said = status or "an empty reply"
        except (OSError, ssl.SSLError) as error:
            said = f"{type(error).__name__}: {one_line(error)}"
            if isinstance(error, ssl.SSLCertVerificationError):
                break  # waiting will not make the certificate valid
        time.sleep(0.2)
    return {"ok": False, "said": said}


def main(argv: list[str]) -> None:
    check, *rest = argv
    if check == "mail":
        host, port, user, tls = rest
        password = sys.stdin.readline().rstrip("\n")
        result = mail_login(host, int(port), user, tls, password)
    else:
        host, port, seconds = rest
        result = site_answers(host, int(port), float(seconds))
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])

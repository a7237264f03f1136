"""What a deploy was asked for, checked here before anything reaches the
server: `DeployOptions` (the site, its domain and ports, staging or not, how
many instances, the certificate, the mail settings), made from `fab deploy`'s
options by `DeployOptions.chosen`; `MailSettings`, the SMTP server and login;
and `Served`, the part a rollback needs, which each release records in
`served.json`. Plain Python besides the certificate checks of `deploy.tls`.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from deploy.messages import DeployError
from deploy.site_layout import HTTPS_PORT, MAX_INSTANCES, SiteServices, instance_port
from deploy.tls import CertificateProblem, check_certificate

TLS_MODES = ("starttls", "ssl", "none")

#: A site's name: it names folders, systemd units and files under /etc, so
#: plain words only, and never ending in "-<digit>" (instance n's units are
#: "superlists-<site>-<n>").
SITE_NAME = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z][a-z0-9]*)*$")


def site_name(site: str) -> str:
    """`site`, if it may name a site (`--site`); else a DeployError."""
    if not SITE_NAME.match(site):
        raise DeployError(
            f"--site {site!r}: use lower-case letters and digits, words joined by '-' "
            "(e.g. superlists, superlists-beta)"
        )
    return site


@dataclass(frozen=True)
class MailSettings:
    """How the site sends email: an SMTP server and its login."""

    host: str
    port: int
    user: str
    tls: str
    password: str

    @classmethod
    def chosen(
        cls, options: dict[str, Any], environ: dict[str, str] | os._Environ[str]
    ) -> MailSettings:
        """From the task's options, else `EMAIL_*` in `environ`; the password
        only from `environ`."""

        def pick(option: str, variable: str) -> str:
            value = options.get(option)
            return str(value if value not in (None, "") else environ.get(variable, "")).strip()

        host = pick("email_host", "EMAIL_HOST")
        user = pick("email_user", "EMAIL_HOST_USER")
        tls = pick("email_tls", "EMAIL_TLS").lower() or "starttls"
        port_text = pick("email_port", "EMAIL_PORT") or ("465" if tls == "ssl" else "587")
        password = environ.get("EMAIL_PASSWORD", "")
        if not host:
            raise DeployError(
                "no mail server: set EMAIL_HOST, EMAIL_HOST_USER and EMAIL_PASSWORD in the "
                "environment (or --email-host/--email-user, the password only in EMAIL_PASSWORD)"
                "; `make staging-host` writes them to .staging/env"
            )
        if tls not in TLS_MODES:
            raise DeployError(f"--email-tls {tls!r}: use one of {', '.join(TLS_MODES)}")
        if not (port_text.isascii() and port_text.isdigit() and 0 < int(port_text) < 65536):
            raise DeployError(f"--email-port {port_text!r}: use a port number 1-65535")
        if not user or not password:
            missing = "EMAIL_HOST_USER (or --email-user)" if not user else "EMAIL_PASSWORD"
            raise DeployError(
                f"the mail server {host} needs a login: set {missing} in the environment"
            )
        if "\n" in password or "\n" in user:
            raise DeployError("EMAIL_PASSWORD and EMAIL_HOST_USER must be one line each")
        return cls(host, int(port_text), user, tls, password)

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port}"

    def environment(self) -> dict[str, str]:
        """The site's .env lines for this mail server."""
        return {
            "EMAIL_HOST": self.host,
            "EMAIL_PORT": str(self.port),
            "EMAIL_HOST_USER": self.user,
            "EMAIL_PASSWORD": self.password,
            "EMAIL_USE_TLS": "1" if self.tls == "starttls" else "0",
            "EMAIL_USE_SSL": "1" if self.tls == "ssl" else "0",
        }


@dataclass(frozen=True)
class Served:
    """How a site is served: what a rollback needs to know (each release
    records it, in `served.json`)."""

    site: str
    #: The site's name in URLs (the certificate names it): the SSH host by default.
    domain: str
    port: int
    insecure_http: bool
    instances: int

    @property
    def services(self) -> SiteServices:
        return SiteServices(self.site)

    def url(self, number: int = 1) -> str:
        """Where instance `number` is served."""
        scheme, default = ("http", 80) if self.insecure_http else ("https", 443)
        port = instance_port(self.port, number)
        return f"{scheme}://{self.domain}" + ("" if port == default else f":{port}")

    def record(self) -> str:
        return json.dumps(
            {"site": self.site, "domain": self.domain, "port": self.port,
             "insecure_http": self.insecure_http, "instances": self.instances}
        )  # fmt: skip

    @classmethod
    def recorded(cls, text: str) -> Served:
        values = json.loads(text)
        return cls(
            str(values["site"]), str(values["domain"]), int(values["port"]),
            bool(values["insecure_http"]), int(values["instances"]),
        )  # fmt: skip


@dataclass(frozen=True)
class DeployOptions(Served):
    """Everything a deploy was asked for, checked before touching the server."""

    staging: bool
    certificate: Path | None
    certificate_key: Path | None
    mail: MailSettings

    @classmethod
    def chosen(cls, given: dict[str, Any], ssh_host: str) -> DeployOptions:
        """From `fab deploy`'s options (`given`, by parameter name) and the
        host it connects to; the mail settings also from the environment."""
        site = site_name(str(given["site"]))
        instances = str(given["instances"]).strip()
        if not (
            instances.isascii() and instances.isdigit() and 1 <= int(instances) <= MAX_INSTANCES
        ):
            raise DeployError(f"--instances {instances}: use 1 to {MAX_INSTANCES}")
        if int(instances) > 1 and not given["staging"]:
            raise DeployError("--instances is for disposable staging only: add --staging")
        insecure = bool(given["insecure_http"])
        port_text = str(given["port"] or (80 if insecure else HTTPS_PORT))
        if not (port_text.isdigit() and 0 < int(port_text) + int(instances) - 1 < 65536):
            raise DeployError(f"--port {port_text}: use a port number 1-65535")
        domain = str(given["domain"] or ssh_host)
        certificate = key = None
        if not insecure:
            if not given["cert"] or not given["key"]:
                raise DeployError(
                    "HTTPS needs a certificate: --cert FILE --key FILE (PEM files here; "
                    "`make staging-host` makes a pair for the staging host), or the named "
                    "escape hatch --insecure-http"
                )
            certificate, key = Path(given["cert"]), Path(given["key"])
            try:
                check_certificate(certificate, key, domain)
            except CertificateProblem as problem:
                raise DeployError(str(problem)) from None
        return cls(
            site=site,
            domain=domain,
            port=int(port_text),
            staging=bool(given["staging"]),
            insecure_http=insecure,
            instances=int(instances),
            certificate=certificate,
            certificate_key=key,
            mail=MailSettings.chosen(given, os.environ),
        )

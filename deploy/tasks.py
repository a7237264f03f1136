"""The Fabric tasks, and nothing else: `fab -H deploy@host deploy --cert
site.pem --key site.key` (add `--staging` for the fixture opt-in), `fab
rollback` and `fab logs` (`fabfile.py` imports them). Each parses its
options, calls into the modules that do the work (`options`, `procedures`,
`remote_host`), and turns what stops it into one `fab: error:` line and an
exit status (130 when interrupted); docs/staging.md says what a deploy does.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable

from fabric import Connection, task
from invoke.exceptions import Failure
from paramiko.ssh_exception import SSHException

from deploy.messages import DeployError, Interrupted
from deploy.options import DeployOptions
from deploy.procedures import deploy_site, roll_back
from deploy.remote_host import RemoteHost, one_line
from deploy.site_layout import SiteLayout


def _run_task(c: Connection, body: Callable[[], object]) -> None:
    try:
        body()
    except KeyboardInterrupt:
        print("fab: interrupted", file=sys.stderr)
        sys.exit(130)
    except Interrupted as error:
        print(f"fab: {error}", file=sys.stderr)
        sys.exit(130)
    except DeployError as error:
        sys.exit(f"fab: error: {error}")
    except (Failure, SSHException, OSError, EOFError) as error:
        sys.exit(f"fab: error: {one_line(error, c)}")
    except subprocess.CalledProcessError as error:
        sys.exit(f"fab: error: deploy failed before reaching the server: {error}")


@task(
    help={
        "site": "site name: the code lives in ~/sites/SITE (default superlists)",
        "cert": "the site's TLS certificate (chain), a PEM file here",
        "key": "its private key, a PEM file here",
        "domain": "the name the site is served at (default: the SSH host)",
        "port": "HTTPS port of the first instance (default 443)",
        "staging": "disposable staging: also opt in to the acceptance fixtures",
        "instances": "staging only: N isolated copies on ports PORT..PORT+N-1",
        "email-host": "SMTP server (default $EMAIL_HOST)",
        "email-port": "its port (default $EMAIL_PORT, else 587; 465 for --email-tls ssl)",
        "email-user": "the login (default $EMAIL_HOST_USER); the password: $EMAIL_PASSWORD",
        "email-tls": "starttls (default, or $EMAIL_TLS), ssl, or none",
        "insecure-http": "escape hatch: serve plain HTTP, with no certificate",
    }
)
def deploy(
    c: Connection,
    site: str = "superlists",
    cert: str = "",
    key: str = "",
    domain: str = "",
    port: str = "",
    staging: bool = False,
    instances: str = "1",
    email_host: str = "",
    email_port: str = "",
    email_user: str = "",
    email_tls: str = "",
    insecure_http: bool = False,
) -> None:
    """Deploy (or redeploy) the working tree to the host."""
    given = dict(locals())
    given.pop("c")
    _run_task(c, lambda: deploy_site(RemoteHost(c), DeployOptions.chosen(given, c.host)))


@task(help={"site": "site name (default superlists)"})
def rollback(c: Connection, site: str = "superlists") -> None:
    """Put the previous good release live again, with the settings it had."""
    _run_task(c, lambda: roll_back(RemoteHost(c), site))


@task(help={"site": "site name (default superlists)", "lines": "how many lines (default 50)"})
def logs(c: Connection, site: str = "superlists", lines: int = 50) -> None:
    """The tail of the site's logs: gunicorn's and Django's errors, the access
    log, and nginx's error log (TLS and proxy trouble shows there)."""
    layout = SiteLayout.named(site)
    count = int(lines)
    _run_task(
        c,
        lambda: (
            c.run(f"tail -n {count} {layout.error_log} {layout.logs}/access.log", warn=True),
            # nginx's log is root's (and adm's): sudo, but never a prompt here.
            c.run(
                f"sudo -n tail -n {count} /var/log/nginx/error.log "
                "|| echo '(nginx error log: the deploy user needs sudo to read it)'",
                warn=True,
            ),
        ),
    )

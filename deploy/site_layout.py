"""Where a deployed superlists site keeps its things, in one place.

`fab deploy` builds this layout and the acceptance harness finds things in it
(the fixture process, the error log), so both import this module; neither
imports the other. Plain Python, no Fabric, no Django, no harness.

    ~/sites/<site>/            the site (and staging instance 1), mode 700
        releases/<n>-<UTC>/    each deploy: its source, its .env (shell-quoted
                               KEY=value lines), gunicorn.conf.py, nginx site,
                               served.json, .venv link and .state (good,
                               failed, rolled-back); numbered in deploy order
        src -> releases/...    the live release, switched in one rename
        .env, .venv, gunicorn.conf.py -> src/...   so that rename moves them too
        venvs/<hash>/          one virtualenv per requirements.txt content
        db.sqlite3 (mode 600), backups/<release>.sqlite3, emails/, logs/
        instances/<n>/         staging instance n >= 2: src and .venv linked
                               to the site's, everything else its own

And outside the deploy user's home, installed with sudo (`SiteServices`):

    /etc/systemd/system/superlists-<site>[-<n>].{socket,service}
    /run/superlists-<site>[-<n>].sock       gunicorn's socket, nginx's alone
    /etc/nginx/sites-{available,enabled}/superlists-<site>
    /etc/ssl/superlists/<site>/<release>.{pem,key}   each release's TLS files
    /etc/logrotate.d/superlists-<site>      the site's logs, rotated
    /etc/systemd/system/nginx.service.d/    nginx restarted when it dies
    /var/www/<site>/static/                 static files, served by nginx
"""

from __future__ import annotations

import shlex
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class SiteLayout:
    """One deployed site (or staging instance), by its folder on the server.

    `root` is as the server's shell reads it: relative to the deploy user's
    home ("sites/superlists") or with a tilde ("~/sites/superlists").
    """

    root: str

    @classmethod
    def named(cls, site: str) -> SiteLayout:
        """The site called `site`, as `fab deploy --site` names it."""
        return cls(f"sites/{site}")

    @property
    def source(self) -> str:
        """The shipped source tree."""
        return f"{self.root}/src"

    @property
    def python(self) -> str:
        """The virtualenv's Python, relative to the site folder."""
        return ".venv/bin/python"

    @property
    def manage_py(self) -> str:
        """manage.py, relative to the site folder."""
        return "src/manage.py"

    @property
    def env_file(self) -> str:
        """The site's settings, as KEY=value lines."""
        return f"{self.root}/.env"

    @property
    def logs(self) -> str:
        """Where gunicorn writes its logs."""
        return f"{self.root}/logs"

    @property
    def error_log(self) -> str:
        """gunicorn's (and Django's) error log."""
        return f"{self.logs}/error.log"

    @property
    def releases(self) -> str:
        """Each deploy's folder, numbered; `source` links to the live one."""
        return f"{self.root}/releases"

    def command(self, command: str) -> str:
        """A shell command run in the site's folder with its `.env` loaded."""
        return f"cd {self.root} && set -a && . ./.env && set +a && {command}"

    def manage(self, arguments: str, *, replace_shell: bool = False) -> str:
        """`manage.py <arguments>` in the site's environment; with
        `replace_shell`, the shell execs it (its stdin and stdout are the
        caller's, and nothing is left behind when it ends)."""
        run = f"{self.python} {self.manage_py} {arguments}"
        return self.command(f"exec {run}" if replace_shell else run)

    def instance(self, number: int) -> SiteLayout:
        """Staging instance `number`: 1 is this site; the others sit beside it."""
        return self if number == 1 else SiteLayout(f"{self.root}/instances/{number}")


@dataclass(frozen=True)
class Release:
    """One release folder on the server, by name (`server_releases` names it)."""

    layout: SiteLayout
    name: str

    @property
    def folder(self) -> str:
        return f"{self.layout.releases}/{self.name}"

    @property
    def relative(self) -> str:
        """Its folder from the site's folder."""
        return f"releases/{self.name}"

    def command(self, command: str) -> str:
        """A shell command in the release's folder, with its own `.env` loaded
        (not the live one): how it is checked before it goes live. A release
        folder loads its settings as a site folder does."""
        return SiteLayout(self.folder).command(command)

    def manage(self, arguments: str) -> str:
        return self.command(f".venv/bin/python manage.py {arguments}")


def env_text(values: Mapping[str, str]) -> str:
    """A site's `.env` (or `.staging/env`): KEY=value lines, shell-quoted, so
    the shell (`set -a; . .env`) and `read_env` read back the same values,
    whatever characters a password holds."""
    return "".join(f"{key}={shlex.quote(value)}\n" for key, value in values.items())


def read_env(text: str) -> dict[str, str]:
    """The values of `env_text`'s lines (comments and blank lines skipped)."""
    values = {}
    for line in text.splitlines():
        words = shlex.split(line, comments=True)
        if len(words) == 1 and "=" in words[0]:
            key, _, value = words[0].partition("=")
            values[key] = value
    return values


#: Where the first instance of a site listens for HTTPS; instance n on the
#: port n - 1 above it.
HTTPS_PORT = 443


#: How many instances of a site one host may hold (`fab deploy --instances`,
#: and a named server's `instances` in the harness's configuration).
MAX_INSTANCES = 16


def instance_port(first: int, number: int) -> int:
    """The port of instance `number` when instance 1 is on `first`."""
    return first + number - 1


@dataclass(frozen=True)
class SiteServices:
    """What a deployed site installs outside its folder, by site name: systemd
    units, gunicorn's socket, the nginx site, the TLS files, static files."""

    site: str

    def unit(self, number: int = 1) -> str:
        """The systemd unit name (without .service/.socket) of instance `number`."""
        return f"superlists-{self.site}" + ("" if number == 1 else f"-{number}")

    def socket(self, number: int = 1) -> str:
        """gunicorn's Unix socket for instance `number`: only nginx may connect."""
        return f"/run/{self.unit(number)}.sock"

    @property
    def nginx_site(self) -> str:
        """The nginx site file (enabled by a link of the same name)."""
        return f"/etc/nginx/sites-available/superlists-{self.site}"

    def certificate(self, release: str) -> str:
        """The TLS certificate (chain) nginx serves while `release` is live:
        each release has its own, so a new one never replaces the live one."""
        return f"/etc/ssl/superlists/{self.site}/{release}.pem"

    def certificate_key(self, release: str) -> str:
        """Its private key (root only)."""
        return f"/etc/ssl/superlists/{self.site}/{release}.key"

    @property
    def static_root(self) -> str:
        """Collected static files: nginx serves them, with hashed names."""
        return f"/var/www/{self.site}/static"


#: The site inside the app's container image (`container/Containerfile` builds
#: this layout; its settings come from the container's environment, not `.env`).
CONTAINER_SITE = SiteLayout("/srv/superlists")
#: What a container keeps on its volume, to survive a restart: the database
#: and sent emails.
CONTAINER_DATA = f"{CONTAINER_SITE.root}/data"

"""Where a deployed superlists site keeps its things, in one place.

`fab deploy` builds this layout and the acceptance harness finds things in it
(the fixture process, the error log), so both import this module; neither
imports the other. Plain Python, no Fabric, no Django, no harness.

    ~/sites/<site>/            the site (and staging instance 1)
        src/                   the shipped source (manage.py inside)
        .venv/                 its virtualenv
        .env                   its settings, loaded before every command
        db.sqlite3, emails/, logs/, static/, gunicorn.pid
        instances/<n>/         staging instance n >= 2: src and .venv linked
                               to the site's, everything else its own
"""

from __future__ import annotations

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
    def emails(self) -> str:
        """Where a staging site's file-based email backend writes."""
        return f"{self.root}/emails"

    @property
    def gunicorn_pid(self) -> str:
        """gunicorn's pid file."""
        return f"{self.root}/gunicorn.pid"

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


#: The site inside the app's container image (`container/Containerfile` builds
#: this layout; its settings come from the container's environment, not `.env`).
CONTAINER_SITE = SiteLayout("/srv/superlists")
#: What a container keeps on its volume, to survive a restart: the database
#: and sent emails.
CONTAINER_DATA = f"{CONTAINER_SITE.root}/data"

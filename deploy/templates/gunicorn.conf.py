# gunicorn's settings for one superlists site (or staging instance), written
# by `fab deploy` into each release; the site's folder reaches the live one
# through `gunicorn.conf.py -> src/gunicorn.conf.py`. systemd starts gunicorn
# with it and hands it the listening socket (superlists-<site>.socket), so
# there is no `bind` here.
#
# gunicorn reads this file again on every reload (`systemctl reload`, a HUP),
# so the settings below, and the site's environment from .env, follow a
# redeploy without a restart: new workers start on the new code and settings
# while the old ones finish their requests.
import shlex
from pathlib import Path

# The folder gunicorn was pointed at (the site's, or a staging instance's),
# not where the link leads: `absolute`, never `resolve`.
SITE = Path(__file__).absolute().parent


def _site_environment() -> list[str]:
    """The KEY=value lines of .env, shell-quoted as `fab deploy` writes them
    (so the shell in `fab` commands and gunicorn read the same values)."""
    environment = []
    for line in (SITE / ".env").read_text().splitlines():
        words = shlex.split(line, comments=True)
        if len(words) == 1 and "=" in words[0]:
            environment.append(words[0])
    return environment


raw_env = _site_environment()
# The live release, through the `src` link: resolved again on each reload.
chdir = str(SITE / "src")
wsgi_app = "superlists.wsgi:application"
workers = 2
# Threads: a login link's request waits on the mail server (up to
# EMAIL_TIMEOUT); with threads it holds one of eight slots, not one of two
# processes, so a slow mail server never stalls other visitors' pages.
worker_class = "gthread"
threads = 4
# Django's own log lines (logged errors, a failed email) go to stderr: keep
# them in the error log beside gunicorn's.
capture_output = True
errorlog = str(SITE / "logs" / "error.log")
accesslog = str(SITE / "logs" / "access.log")
# Only the path: a login link's token is in its query string, and logs are
# copied into failure artifacts and reports.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)ss'
# The proxy is nginx on this host, over a socket only it may use.
forwarded_allow_ips = "*"
graceful_timeout = 10

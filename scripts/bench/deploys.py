"""`make bench-deploys`: production safety on staging hosts built for it:
deploy times, a redeploy and a release that cannot boot under a poller,
kill -9 of nginx, and the site while mail hangs."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from deploy import PROJECT
from scripts.bench.measure import figure, quiet, timed
from scripts.bench.staging import staging_env


def bench_deploys(before: str) -> None:
    """Production safety on the staging hosts (built for it, removed after)."""
    import shutil

    host = [sys.executable, "-m", "staging_host"]
    scratch = Path(tempfile.mkdtemp(prefix="bench-deploys-"))
    try:
        old = _variant(scratch, "before", before)
        firsts: dict[str, list[float]] = {"before": [], "after": []}
        agains: dict[str, list[float]] = {"before": [], "after": []}
        for order in (("before", "after"), ("after", "before")):  # take turns going first
            for which in order:
                quiet([*host, "up"])
                environ = staging_env()
                os.environ.update(environ)
                folder = old if which == "before" else PROJECT
                firsts[which] += _deploy_times(folder, environ, 1)
                agains[which] += _deploy_times(folder, environ, 2)
        for which in ("before", "after"):
            named = before if which == "before" else "this tree"
            figure(f"a deploy to a bare host, {which} ({named})", firsts[which])
            figure(f"a redeploy, {which}", agains[which])
        ratio = statistics.median(agains["after"]) / statistics.median(agains["before"])
        print(f"{'a redeploy, after / before':<52} ratio  {ratio:8.2f}", flush=True)
        environ = staging_env()
        url, ca = environ["SUPERLISTS_STAGING_URL"] + "/", environ["SUPERLISTS_STAGING_CA"]
        polled = _polled(url, ca, lambda: _deploy(PROJECT, environ))
        print(f"{'a redeploy under a 50 ms poller':<52} {polled}", flush=True)
        broken = _variant(scratch, "broken-boot", "HEAD", _BREAK_UNDER_SYSTEMD)
        polled = _polled(url, ca, lambda: _deploy(broken, environ, check=False))
        print(f"{'a release that cannot boot, switched back':<52} {polled}", flush=True)
        figure("kill -9 of nginx's master: the site answers again", _nginx_kills(url, ca, 3))
        _hung_mail_figures(url, ca)
    finally:
        subprocess.run([*host, "down"], stdout=subprocess.DEVNULL)
        shutil.rmtree(scratch, ignore_errors=True)


#: A release whose app raises at import under systemd only (INVOCATION_ID is
#: systemd's): the deploy's own checks over SSH pass, the service cannot start.
_BREAK_UNDER_SYSTEMD = """
import pathlib
wsgi = pathlib.Path("superlists/wsgi.py")
wsgi.write_text(wsgi.read_text().replace(
    "from django.core.wsgi",
    "if 'INVOCATION_ID' in os.environ:\\n    raise RuntimeError('cannot start under systemd')\\n"
    "from django.core.wsgi", 1))
"""


def _variant(scratch: Path, name: str, commit: str, edit: str = "") -> Path:
    """A clone of this checkout at `commit`, with `edit` (Python) committed."""
    folder = scratch / name
    subprocess.run(["git", "clone", "-q", str(PROJECT), str(folder)], check=True)
    subprocess.run(["git", "checkout", "-q", commit], cwd=folder, check=True)
    (folder / "build").symlink_to(PROJECT / "build")  # the wheels built here
    if edit:
        subprocess.run([sys.executable, "-c", edit], cwd=folder, check=True)
        subprocess.run(
            ["git", "-c", "user.email=bench@here", "-c", "user.name=bench", "commit", "-qam", name],
            cwd=folder, check=True,
        )  # fmt: skip
    return folder


def _deploy_times(folder: Path, environ: dict[str, str], repeats: int) -> list[float]:
    return timed(lambda: _deploy(folder, environ), repeats)


def _deploy(folder: Path, environ: dict[str, str], check: bool = True) -> None:
    """`fab deploy` of production from the checkout in `folder`."""
    subprocess.run(
        [str(PROJECT / ".venv/bin/fab"), "-H", environ["SUPERLISTS_STAGING"], "-i",
         environ["SUPERLISTS_STAGING_KEY"], "deploy",
         "--cert", environ["SUPERLISTS_STAGING_CERT"],
         "--key", environ["SUPERLISTS_STAGING_CERT_KEY"]],
        cwd=folder, check=check, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def _polled(url: str, ca: str, action: Callable[[], object]) -> str:
    """What `staging_host.poll` saw while `action` ran."""
    import signal

    poller = subprocess.Popen(
        [sys.executable, "-m", "staging_host.poll", url, ca],
        stdout=subprocess.PIPE, text=True, cwd=PROJECT,
    )  # fmt: skip
    try:
        time.sleep(0.5)
        action()
        time.sleep(0.5)
    finally:
        poller.send_signal(signal.SIGTERM)
        said, _ = poller.communicate(timeout=30)
    return said.strip().removeprefix("poll: ")


def _on_web_host(command: str) -> str:
    from deploy.containers import find_engine
    from staging_host import WEB

    result = find_engine("podman").run("exec", WEB.container, "sh", "-c", command)
    return str(result.stdout).strip()


def _answers_200(url: str, ca: str) -> bool:
    import ssl
    import urllib.request

    context = ssl.create_default_context(cafile=ca)
    try:
        with urllib.request.urlopen(url, context=context, timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def _nginx_kills(url: str, ca: str, repeats: int) -> list[float]:
    samples = []
    for _ in range(repeats):
        pid = _on_web_host("systemctl show -p MainPID --value nginx.service")
        start = time.perf_counter()
        _on_web_host(f"kill -9 {pid}")
        while not _answers_200(url, ca) or _on_web_host(
            "systemctl show -p MainPID --value nginx.service"
        ) in (pid, "0"):
            if time.perf_counter() - start > 30:
                raise RuntimeError("nginx did not come back within 30 s")
            time.sleep(0.05)
        samples.append(time.perf_counter() - start)
    return samples


def _hung_mail_figures(url: str, ca: str) -> None:
    """Three people ask for a login link while the mail server accepts and
    never answers; meanwhile the home page is loaded again and again."""
    import http.cookiejar
    import ssl
    import threading
    import urllib.parse
    import urllib.request

    from deploy.containers import find_engine
    from staging_host import MAIL

    engine = find_engine("podman")
    # Postfix stopped (its master is postfix@-), and in its place a listener
    # that accepts connections and never says a word.
    hang = (
        "systemctl reset-failed bench-hung-smtp 2>/dev/null; systemctl stop postfix@- postfix"
        " && systemd-run --unit=bench-hung-smtp python3 -c 'import socket; "
        'server = socket.create_server(("0.0.0.0", 587)); '
        "held = [server.accept() for _ in range(1000)]'"
    )
    engine.run("exec", MAIL.container, "sh", "-c", hang)
    context = ssl.create_default_context(cafile=ca)
    asked: list[tuple[float, bool]] = []

    def ask(number: int) -> None:
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(
            urllib.request.HTTPSHandler(context=context), urllib.request.HTTPCookieProcessor(jar)
        )
        opener.open(url, timeout=30).read()
        token = next(cookie.value for cookie in jar if cookie.name == "csrftoken")
        form = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "email": f"hung{number}@example.com"}
        ).encode()
        request = urllib.request.Request(
            url + "accounts/send_login_email", data=form, headers={"Referer": url}
        )
        start = time.perf_counter()
        page = opener.open(request, timeout=60).read().decode()
        asked.append((time.perf_counter() - start, "could not send your login link" in page))

    try:
        threads = [threading.Thread(target=ask, args=(n,)) for n in range(3)]
        for thread in threads:
            thread.start()
        time.sleep(0.5)  # the three are waiting on the mail server now
        home: list[float] = []
        while any(thread.is_alive() for thread in threads) and len(home) < 40:
            start = time.perf_counter()
            _answers_200(url, ca)
            home.append(time.perf_counter() - start)
            time.sleep(0.05)
        for thread in threads:
            thread.join(timeout=60)
        if not home:
            raise RuntimeError("the link requests did not wait on the mail server: is it hung?")
        figure("home page while 3 link requests wait on hung mail", home)
        friendly = sum(1 for _, said in asked if said)
        figure(f"a link request on hung mail ({friendly} of 3 told 'could not send')",
               [seconds for seconds, _ in asked])  # fmt: skip
    finally:
        engine.run(
            "exec", MAIL.container, "sh", "-c",
            "systemctl stop bench-hung-smtp; systemctl start postfix@- postfix",
        )  # fmt: skip

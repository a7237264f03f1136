"""Deploy superlists to a server over SSH with Fabric 3.

    fab -H deploy@10.200.0.2:2222 -i .staging/id_ed25519 deploy --staging
    fab -H deploy@10.200.0.2:2222 -i .staging/id_ed25519 logs

`deploy` is idempotent: it ships the files git tracks, as they are in the
working tree (never untracked or ignored ones, such as a stray key), over
SFTP, installs pinned requirements from wheels built here (the server needs
no internet), keeps the secret key across
deploys, migrates, collects static files, (re)starts gunicorn and waits for the
site to answer.

`--staging` marks the target as disposable staging: only then does `.env`
opt in to the acceptance fixtures (the login back door) and file-based email.

Production settings are HTTPS-only (HSTS, SSL redirect, secure cookies). A
site that really is served over plain HTTP, like the throwaway staging host,
needs `--insecure-http`, which writes `DJANGO_INSECURE_HTTP=1` into `.env`:
never insecure by omission.
"""

from __future__ import annotations

import io
import logging
import secrets
import subprocess
import sys
import tarfile
from pathlib import Path

from fabric import Connection, task
from invoke.exceptions import UnexpectedExit
from paramiko.ssh_exception import SSHException

from deploy.site_build import SiteDown, build_wheels, wait_until_up
from deploy.site_layout import SiteLayout

# paramiko logs connection failures with tracebacks from its own thread; the
# one-line error below says the same thing.
logging.getLogger("paramiko").setLevel(logging.CRITICAL)

ROOT = Path(__file__).resolve().parent.parent


def step(message: str) -> None:
    """Progress output: deploys take tens of seconds."""
    print(f"==> {message}", flush=True)


def site_dir(site: str) -> str:
    """The site's folder, relative to the deploy user's home."""
    return SiteLayout.named(site).root


def in_site(c: Connection, site: str, command: str, **kwargs: object):
    """Run `command` in the site directory with the site's `.env` loaded."""
    return c.run(SiteLayout.named(site).command(command), **kwargs)


def _git(root: Path, *args: str) -> list[str]:
    """NUL-separated output of a git command in `root`, as a list."""
    output = subprocess.run(
        ["git", *args, "-z"], cwd=root, check=True, capture_output=True
    ).stdout.decode(errors="surrogateescape")  # any bytes git allows in a name
    return [entry for entry in output.split("\0") if entry]


def shipped_files(root: Path = ROOT) -> list[str]:
    """What a deploy ships: the files git tracks that exist in the working tree.

    Untracked and ignored files never leave this machine, whatever they are.
    """
    real_root = root.resolve()

    def inside(name: str) -> bool:
        # A tracked path under a symlinked folder may point at untracked files
        # anywhere: ship regular files that really are where git says.
        path = root / name
        return path.is_file() and not path.is_symlink() and path.resolve() == real_root / name

    return [name for name in _git(root, "ls-files", "--cached") if inside(name)]


def uncommitted_changes(root: Path = ROOT) -> list[str]:
    """Tracked files whose working-tree content differs from the last commit."""
    # Porcelain -z entries read "XY path"; renames add the old path as an entry of its own.
    return [
        entry[3:]
        for entry in _git(root, "status", "--porcelain", "--untracked-files=no")
        if len(entry) > 3 and entry[2] == " "
    ]


def _source_tarball(root: Path = ROOT) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name in shipped_files(root):
            tar.add(root / name, arcname=name)
    return buffer.getvalue()


def _env_file(c: Connection, site: str, host: str, staging: bool, insecure_http: bool) -> str:
    existing = c.run(f"cat {site_dir(site)}/.env 2>/dev/null || true", hide=True).stdout
    old = dict(line.split("=", 1) for line in existing.splitlines() if "=" in line)
    home = c.run("echo $HOME", hide=True).stdout.strip()
    base = f"{home}/{site_dir(site)}"
    values = {
        "DJANGO_DEBUG_FALSE": "1",
        "DJANGO_SECRET_KEY": old.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOST": host,
        "DJANGO_DB_PATH": f"{base}/db.sqlite3",
        "DJANGO_STATIC_ROOT": f"{base}/static",
    }
    if staging:
        values["EMAIL_FILE_PATH"] = f"{base}/emails"
        values["DJANGO_ACCEPTANCE_FIXTURES"] = "1"
    else:
        values["DJANGO_ACCEPTANCE_FIXTURES"] = "0"
    if insecure_http:
        values["DJANGO_INSECURE_HTTP"] = "1"
    return "".join(f"{key}={value}\n" for key, value in values.items())


def _wait_until_up(url: str) -> None:
    try:
        wait_until_up(url)
    except SiteDown as error:
        sys.exit(f"fab: error: {error}; see `fab logs`")


def _fail_in_one_line(error: BaseException, c: Connection) -> None:
    """Turn a connection or remote-command failure into one line and exit 1."""
    where = f"{c.user}@{c.host}:{c.port}"
    if isinstance(error, UnexpectedExit):
        output = (error.result.stderr or error.result.stdout).strip().splitlines()
        detail = output[-1] if output else f"exit {error.result.exited}"
        sys.exit(f"fab: error: `{error.result.command[:60]}...` failed on {where}: {detail}")
    sys.exit(f"fab: error: cannot use {where}: {type(error).__name__}: {error}".splitlines()[0])


@task(
    help={
        "site": "site name: the code lives in ~/sites/SITE (default superlists)",
        "port": "port gunicorn listens on, on the host's address (default 8000)",
        "staging": "disposable staging: opt in to acceptance fixtures and file-based email",
        "insecure-http": "the site is served over plain HTTP: turn off HTTPS-only settings",
        "instances": "staging only: N isolated copies on ports PORT..PORT+N-1, for parallel runs",
    }
)
def deploy(c, site="superlists", port=8000, staging=False, insecure_http=False, instances=1):
    """Deploy (or redeploy) the working tree to the host."""
    try:
        count = int(instances)
        if not 1 <= count <= 16:
            raise ValueError(f"--instances {instances}: use 1 to 16")
        if count > 1 and not staging:
            raise ValueError("--instances is for disposable staging only: add --staging")
        _deploy(c, site, int(port), staging, insecure_http)
        _deploy_instances(c, site, int(port), count)
    except (UnexpectedExit, SSHException, OSError) as error:
        _fail_in_one_line(error, c)
    except (subprocess.CalledProcessError, ValueError) as error:
        sys.exit(f"fab: error: deploy failed before reaching the server: {error}")


def _deploy(c: Connection, site: str, port: int, staging: bool, insecure_http: bool) -> None:
    host = c.host
    base = site_dir(site)
    url = f"http://{host}:{port}/"
    kind = "staging" if staging else "production"
    scheme = "plain HTTP, declared insecure" if insecure_http else "HTTPS-only"
    step(f"Deploying to {c.user}@{host}:{c.port}:~/{base} ({kind}, {scheme})")
    c.run(f"mkdir -p {base}/wheels {base}/logs {base}/emails", hide=True)

    changed = uncommitted_changes()
    if changed:
        shown = ", ".join(changed[:5]) + (", ..." if len(changed) > 5 else "")
        step(f"Note: shipping {len(changed)} tracked file(s) with uncommitted changes: {shown}")
    step("Uploading source (files tracked by git)")
    c.put(io.BytesIO(_source_tarball()), f"{base}/source.tar.gz")
    c.run(
        f"cd {base} && rm -rf src && mkdir src && tar -xzf source.tar.gz -C src "
        "&& rm source.tar.gz",
        hide=True,
    )

    wheels = build_wheels(step)
    present = set(c.run(f"ls {base}/wheels", hide=True).stdout.split())
    missing = [w for w in sorted(wheels.glob("*.whl")) if w.name not in present]
    step(f"Uploading {len(missing)} new wheel(s); {len(present)} already there")
    for wheel in missing:
        c.put(str(wheel), f"{base}/wheels/{wheel.name}")

    step("Installing requirements into the virtualenv")
    c.run(
        f"cd {base} && (test -x .venv/bin/python || python3 -m venv .venv) && "
        ".venv/bin/pip install -q --disable-pip-version-check --no-index "
        "--find-links wheels -r src/requirements.txt",
        hide=True,
    )

    step("Writing .env")
    c.put(io.StringIO(_env_file(c, site, host, staging, insecure_http)), f"{base}/.env")
    c.run(f"chmod 600 {base}/.env")

    step("Migrating and collecting static files")
    in_site(c, site, ".venv/bin/python src/manage.py migrate --noinput", hide=True)
    in_site(c, site, ".venv/bin/python src/manage.py collectstatic --noinput", hide=True)

    step("(Re)starting gunicorn")
    _restart_gunicorn(c, base, host, port)
    step(f"Waiting for {url}")
    _wait_until_up(url)
    step(f"Deployed: {url}")


def _stop_gunicorn(c: Connection, folder: str) -> None:
    c.run(
        f"cd {folder} && if test -f gunicorn.pid && kill -0 $(cat gunicorn.pid) 2>/dev/null; "
        "then kill $(cat gunicorn.pid); "
        "for i in $(seq 100); do kill -0 $(cat gunicorn.pid) 2>/dev/null || break; "
        "sleep 0.1; done; "
        "fi; rm -f gunicorn.pid",
        hide=True,
    )


def _restart_gunicorn(c: Connection, folder: str, host: str, port: int) -> None:
    """(Re)start the gunicorn of the site (or instance) in `folder`."""
    _stop_gunicorn(c, folder)
    c.run(
        SiteLayout(folder).command(
            # Absolute paths: gunicorn resolves them after --chdir.
            f".venv/bin/gunicorn --daemon --pid $PWD/gunicorn.pid --bind {host}:{port} "
            "--workers 2 --chdir $PWD/src --no-control-socket --capture-output "
            "--error-logfile $PWD/logs/error.log --access-logfile $PWD/logs/access.log "
            "superlists.wsgi:application",
        ),
        hide=True,
    )


def instance_dir(site: str, number: int) -> str:
    """Where staging instance `number` (2 and up) lives; instance 1 is the site itself."""
    return SiteLayout.named(site).instance(number).root


def _deploy_instances(c: Connection, site: str, port: int, count: int) -> None:
    """Staging instances 2..count beside the site (instance 1): the same code and
    virtualenv (linked), each its own port, database, email folder and logs.
    Instances beyond `count` from an earlier deploy are stopped and removed."""
    base = site_dir(site)
    existing = c.run(f"ls {base}/instances 2>/dev/null || true", hide=True).stdout.split()
    for stale in sorted(int(n) for n in existing if n.isdigit() and int(n) > count):
        _stop_gunicorn(c, instance_dir(site, stale))
        c.run(f"rm -rf {instance_dir(site, stale)}", hide=True)
        step(f"Removed staging instance {stale}")
    if count == 1:
        return
    main_env = c.run(f"cat {base}/.env", hide=True).stdout
    home = c.run("echo $HOME", hide=True).stdout.strip()
    for number in range(2, count + 1):
        folder = instance_dir(site, number)
        where = f"{home}/{folder}"
        step(f"Staging instance {number}: ~/{folder}, port {port + number - 1}")
        c.run(
            f"mkdir -p {folder}/logs {folder}/emails && ln -sfn ../../src {folder}/src "
            f"&& ln -sfn ../../.venv {folder}/.venv",
            hide=True,
        )
        values = dict(line.split("=", 1) for line in main_env.splitlines() if "=" in line)
        values["DJANGO_DB_PATH"] = f"{where}/db.sqlite3"
        values["EMAIL_FILE_PATH"] = f"{where}/emails"
        c.put(io.StringIO("".join(f"{k}={v}\n" for k, v in values.items())), f"{folder}/.env")
        c.run(f"chmod 600 {folder}/.env")
        c.run(SiteLayout(folder).manage("migrate --noinput"), hide=True)
        _restart_gunicorn(c, folder, c.host, port + number - 1)
        _wait_until_up(f"http://{c.host}:{port + number - 1}/")
    step(f"Deployed {count} staging instances: ports {port}-{port + count - 1}")


@task(help={"site": "site name (default superlists)", "lines": "how many lines (default 50)"})
def logs(c, site="superlists", lines=50):
    """Show the tail of the site's gunicorn/Django error log and access log."""
    base = site_dir(site)
    try:
        c.run(f"tail -n {lines} {base}/logs/error.log {base}/logs/access.log", warn=True)
    except (SSHException, OSError) as error:
        _fail_in_one_line(error, c)

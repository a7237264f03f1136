"""`fab deploy` and `fab rollback` from start to end, under the host's deploy
lock: a deploy makes a release, prepares it (`preparation`), puts it live or
switches back (`going_live`), then marks it good, removes staging instances
no longer asked for and tidies old releases; one that fails is marked failed
and removed, one interrupted is marked and reported with what is live. A
rollback puts the good release before the live one back, with its settings.
"""

from __future__ import annotations

from invoke.exceptions import Failure, UnexpectedExit
from paramiko.ssh_exception import SSHException

from deploy.going_live import HEALTH_DEADLINE, go_live, proves_itself, served_by, switch_back
from deploy.host_lock import one_deploy_at_a_time
from deploy.messages import DeployError, Interrupted, step
from deploy.options import DeployOptions, Served, site_name
from deploy.preparation import check_mail, ensure_packages, prepare
from deploy.remote_host import SERVER_RELEASES, RemoteHost, one_line
from deploy.site_layout import Release, SiteLayout

#: Good releases kept on the server besides the live one, for `fab rollback`.
RELEASES_KEPT = 3


def deploy_site(host: RemoteHost, options: DeployOptions) -> None:
    """The whole of `fab deploy`, once its options are checked."""
    c = host.c
    layout = SiteLayout.named(options.site)
    kind = "staging" if options.staging else "production"
    scheme = "plain HTTP, declared insecure" if options.insecure_http else "HTTPS through nginx"
    step(f"Deploying to {host.where}:~/{layout.root} ({kind}, {scheme}, {options.url()})")
    host.home = c.run("echo $HOME", hide=True).stdout.strip()
    host.check_sudo()
    with one_deploy_at_a_time(host, f"a deploy of {options.site}"):
        check_mail(host, options.mail)
        ensure_packages(host)
        name = str(host.script(SERVER_RELEASES, "new", layout.root)["release"])
        release = Release(layout, name)
        try:
            prepare(host, options, layout, release)
            go_live(host, options, layout, release)
        except KeyboardInterrupt:
            # Marked, not removed: a command already started on the server
            # (a migration, say) may still be running; the next deploy tidies.
            _mark_quietly(host, layout, release, "failed")
            raise Interrupted(_after_interrupt(host, layout, release)) from None
        except BaseException:
            _set_aside(host, options, layout, release, "failed")
            raise
        host.script(SERVER_RELEASES, "mark", layout.root, release.name, "good")
        _remove_stale_instances(host, options, layout)
        _tidy(host, options, layout)
    step(
        f"Deployed release {release.name}: {options.url()}"
        + (f" (and {options.instances - 1} more)" * (options.instances > 1))
    )


def roll_back(host: RemoteHost, site: str) -> None:
    """The whole of `fab rollback`."""
    layout = SiteLayout.named(site_name(site))
    host.home = host.c.run("echo $HOME", hide=True).stdout.strip()
    host.check_sudo()
    with one_deploy_at_a_time(host, f"a rollback of {site}"):
        said = host.script(SERVER_RELEASES, "previous", layout.root)
        live, target = said["live"], said["previous"]
        if not live:
            raise DeployError(f"nothing is deployed at ~/{layout.root} on {host.where}")
        if not target:
            raise DeployError(
                f"release {live} is live and there is no good release before it to go back to"
            )
        previous = Release(layout, str(target))
        served = served_by(host, previous)
        if served is None:
            raise DeployError(
                f"release {target} was deployed before releases kept their own settings: "
                "redeploy that version instead"
            )
        left = Release(layout, str(live))
        step(f"Rolling back from release {live} to release {target}")
        try:
            switch_back(host, served, layout, previous)
            trouble = proves_itself(host, served, HEALTH_DEADLINE)
        except (DeployError, Failure) as error:
            trouble = str(error) if isinstance(error, DeployError) else one_line(error, host.c)
        if trouble:
            now = served_by(host, left) or served
            switch_back(host, now, layout, left)
            raise DeployError(
                f"release {target} did not answer once live again ({trouble}); "
                f"switched back to release {live}"
            )
        host.script(SERVER_RELEASES, "mark", layout.root, str(live), "rolled-back")
        _tidy(host, served, layout)
    step(f"Rolled back: {served.url()} serves release {target} again, with its own settings")


def _remove_stale_instances(host: RemoteHost, options: DeployOptions, site: SiteLayout) -> None:
    """Instances beyond `options.instances`, once the new release is live."""
    existing = host.run(f"ls {site.root}/instances 2>/dev/null || true").stdout.split()
    for stale in sorted(int(n) for n in existing if n.isdigit() and int(n) > options.instances):
        unit = options.services.unit(stale)
        host.sudo(f"systemctl disable --now {unit}.socket {unit}.service >/dev/null 2>&1 || true")
        host.sudo(f"rm -f /etc/systemd/system/{unit}.socket /etc/systemd/system/{unit}.service")
        host.run(f"rm -rf {site.instance(stale).root}")
        step(f"Removed staging instance {stale}")


def _after_interrupt(host: RemoteHost, layout: SiteLayout, release: Release) -> str:
    """What is live after a deploy was interrupted, in one line."""
    try:
        live = host.script(SERVER_RELEASES, "previous", layout.root)["live"]
    except (UnexpectedExit, SSHException, OSError, EOFError):
        return "interrupted; `fab rollback` or a new deploy sets the site straight"
    if live == release.name:
        return (
            f"interrupted after the switch: release {release.name} is live but was not checked; "
            "`fab rollback` goes back to the release before it"
        )
    return (
        f"interrupted before the switch: release {live} is still live (a migration that had "
        "started may still be finishing on the server)"
    )


def _mark_quietly(host: RemoteHost, layout: SiteLayout, release: Release, how: str) -> None:
    try:
        host.script(SERVER_RELEASES, "mark", layout.root, release.name, how)
    except (Failure, SSHException, OSError, EOFError, ValueError):
        pass  # the interruption is what to report


def _set_aside(
    host: RemoteHost, options: DeployOptions, layout: SiteLayout, release: Release, how: str
) -> None:
    """Mark a release that will not stay live, and remove it (best effort:
    the error that got here is the one to report)."""
    try:
        host.script(SERVER_RELEASES, "mark", layout.root, release.name, how)
        _tidy(host, options, layout)
    except (Failure, SSHException, OSError, EOFError, ValueError):
        pass


def _tidy(host: RemoteHost, served: Served, layout: SiteLayout) -> None:
    """Remove failed releases and good ones beyond those kept, with their
    certificates and database backups; never the live one or the one before."""
    said = host.script(SERVER_RELEASES, "cleanup", layout.root, str(RELEASES_KEPT))
    removed = [str(name) for name in said["removed"]]
    if removed:
        files = " ".join(
            f"{served.services.certificate(name)} {served.services.certificate_key(name)}"
            for name in removed
        )
        host.sudo(f"rm -f {files}")
        step(f"Removed release(s) {', '.join(removed)}")

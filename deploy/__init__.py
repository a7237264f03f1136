"""Everything that ships superlists to a server or an image, one concern a
module; nothing here imports the harness (which imports `site_layout` and
`containers`), and Fabric is reached only where a host is.

- `tasks`: the Fabric tasks alone (`fab deploy`, `fab rollback`, `fab logs`;
  `fabfile.py` imports them): options parsed, the work called, errors in one line
- `procedures`: a deploy and a rollback from start to end, under the host's lock
- `options`: what a deploy was asked for (`DeployOptions`, `MailSettings`, `Served`)
- `shipping`: what ships: the site's files git tracks, as one tarball
- `remote_host`: `RemoteHost`, the deploy's view of one host over SSH
- `host_lock`: one deploy or rollback at a time on a host
- `preparation`: everything before the switch: the release, its checks, migrations
- `going_live`: the switch, the wait for the site to answer, the switch back
- `site_files`: the site's `.env` values and the files rendered from `templates/`
- `messages`: progress lines and `DeployError`, the one-line error
- `server_checks`, `server_releases`: stdlib-only scripts run on the host itself
- `tls`: the certificate and key a deploy is given, checked here
- `site_layout`: where a deployed site keeps its things (shared with the harness)
- `site_build`: wheels built here, and waiting for a started site
- `containers`: the container engine and the app's test instance
- `templates/`: nginx, systemd, gunicorn and logrotate files a deploy installs
"""

from pathlib import Path

#: The repository root: found here once, for the deploy tooling, the staging
#: hosts and the harness alike (`harness.run.paths` re-exports it).
PROJECT = Path(__file__).resolve().parent.parent

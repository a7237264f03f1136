"""Everything that ships superlists to a server or an image.

- `site_layout`: where a deployed site keeps its things (shared with the harness)
- `site_build`: wheels built here, and waiting for a started site
- `containers`: the container engine and the app's test instance
- `tasks`: the Fabric tasks (`fab deploy`, `fab logs`; `fabfile.py` imports them)
- `templates/`: nginx, systemd and gunicorn files a deploy installs

Plain Python besides Fabric in `tasks`; nothing here imports the harness.
"""

from pathlib import Path

#: The repository root: found here once, for the deploy tooling, the staging
#: hosts and the harness alike (`harness.paths` re-exports it).
PROJECT = Path(__file__).resolve().parent.parent

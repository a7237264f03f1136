"""Throwaway staging hosts on this machine, real Debian servers in podman:
`python -m staging_host up` (behind `make staging-host`) starts the staging
server (`web_host`: sshd, sudo for a `deploy` user, nginx; a bare server that
`fab deploy` sets up as it would a rented one) and the mail host
(`mail_host`: Postfix submission, Dovecot IMAPS) on a network of their own
with no route out (`addresses`), from one image (`image`), with certificates
from a local CA (`ca`) both trust; `lifecycle` starts and removes them,
`host_shell` acts as root inside them, `local_files` keeps `.staging/` and
its env file, and `__main__` is the command line (docs/staging.md).
"""

from staging_host.addresses import MAIL, WEB
from staging_host.image import IMAGE

# What scripts/bench/ reads of the hosts, by these names.
__all__ = ["IMAGE", "MAIL", "WEB"]

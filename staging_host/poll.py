"""`python -m staging_host.poll URL CA`: request URL every 50 ms until told to
stop (SIGINT or SIGTERM), then print how many requests failed.

What a person reloading the page sees during a redeploy: any answer but 200,
or no answer, counts as a failure. One line at the end:
`poll: 312 requests, 0 failed` (and the first failure, if any).
"""

from __future__ import annotations

import http.client
import signal
import ssl
import sys
import time
from urllib.parse import urlsplit

INTERVAL = 0.05


def main(url: str, ca_file: str) -> int:
    parts = urlsplit(url)
    context = ssl.create_default_context(cafile=ca_file)
    stopping: list[int] = []
    signal.signal(signal.SIGTERM, lambda number, frame: stopping.append(number))
    signal.signal(signal.SIGINT, lambda number, frame: stopping.append(number))
    requests = failed = 0
    first_failure = ""
    while not stopping:
        requests += 1
        try:
            connection = http.client.HTTPSConnection(
                parts.hostname or "", parts.port or 443, context=context, timeout=5
            )
            connection.request("GET", parts.path or "/")
            status = connection.getresponse().status
            connection.close()
            trouble = "" if status == 200 else f"HTTP {status}"
        except (OSError, http.client.HTTPException) as error:
            trouble = f"{type(error).__name__}: {error}"
        if trouble:
            failed += 1
            first_failure = first_failure or f"{time.strftime('%H:%M:%S')} {trouble}"
        time.sleep(INTERVAL)
    print(
        f"poll: {requests} requests, {failed} failed"
        + (f" (first: {first_failure})" if first_failure else ""),
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))

"""`python -m staging_host.poll URL CA`: request URL every 50 ms until told to
stop (SIGINT or SIGTERM), then print how many requests failed.

What a person reloading the page sees during a redeploy: any answer but 200,
or no answer, counts as a failure. One line at the end:
`poll: 312 requests, 0 failed` (and the first failure, if any, and the
longest outage: from the start of the first request of a run of failures
to the end of the next request answered 200), and how long the slowest
request answered 200 took (one held while the site restarts).
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
    outage_began: float | None = None
    longest = slowest = 0.0
    while not stopping:
        requests += 1
        began = time.monotonic()
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
            outage_began = began if outage_began is None else outage_began
        else:
            # A request held while the site restarts is answered late, not lost.
            slowest = max(slowest, time.monotonic() - began)
            if outage_began is not None:
                longest = max(longest, time.monotonic() - outage_began)
                outage_began = None
        time.sleep(INTERVAL)
    ending = ""
    if outage_began is not None:
        ending = "; still failing at the end"
    elif failed:
        ending = f"; longest outage {longest:.1f}s, then 200"
    print(
        f"poll: {requests} requests, {failed} failed"
        + (f" (first: {first_failure})" if first_failure else "")
        + ending
        + f"; slowest 200 took {slowest:.2f}s",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))

"""Django's file-based email backend, with file names in the order mail was sent.

A staging site or test container writes its mail to files, and the acceptance
fixtures read "the newest email to X" from them. Django's own names carry the
time only to the second, and file times are only as fine as the kernel's clock
tick, so two emails sent close together (a second login link, say) could be
read back in the wrong order. These names start with a nanosecond timestamp,
so sorting them by name is sorting them by when they were written.
"""

import os
import time

from django.core.mail.backends.filebased import EmailBackend


class OrderedFileBackend(EmailBackend):
    """One file per connection, named `<ns since the epoch>-<pid>.log`."""

    def _get_filename(self) -> str:
        # Overrides Django's name-picking hook; the rest of the backend is Django's.
        if self._fname is None:
            self._fname = os.path.join(self.file_path, f"{time.time_ns():020d}-{os.getpid()}.log")
        return self._fname

"""`python -m harness.parallel`: run the suite in N worker processes."""

import sys

from harness.parallel.run import main

sys.exit(main())

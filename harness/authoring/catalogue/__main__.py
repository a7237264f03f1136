"""`python -m harness.authoring.catalogue [--check]`: write or check docs/steps.md."""

import sys

from harness.authoring.catalogue.command import main

sys.exit(main())

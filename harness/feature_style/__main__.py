"""`python -m harness.feature_style`: the style check (`make lint-features`)."""

import sys

from harness.feature_style import main

sys.exit(main())

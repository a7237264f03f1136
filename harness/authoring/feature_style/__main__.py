"""`python -m harness.authoring.feature_style`: the style check (`make lint-features`)."""

import sys

from harness.authoring.feature_style import main

sys.exit(main())

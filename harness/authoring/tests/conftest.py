"""The fixtures the authoring tests share."""

import pytest

from harness.authoring import catalogue
from harness.authoring.suggestions import Suggester


@pytest.fixture(scope="module")
def suggester():
    """The project's steps loaded, and "did you mean" over their catalogue."""
    catalogue.load_steps()
    return Suggester.from_catalogue()

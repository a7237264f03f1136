"""Django settings for `python manage.py behave`: the site's own settings plus
the development tools that run the acceptance suite (behave-django, and
`harness.django_app` with its `behave` command).

The site's settings never name these: a deployed site has neither.
"""

from superlists.settings import *  # noqa: F403 - the site's settings, unchanged
from superlists.settings import INSTALLED_APPS

# Ours first: of two apps with a `behave` command, Django runs the one listed
# first, and ours (a private test database, signals kept) wraps behave-django's.
INSTALLED_APPS = [*INSTALLED_APPS, "harness.django_app", "behave_django"]

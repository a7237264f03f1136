"""`python manage.py behave`: the acceptance suite through behave-django.

A Django app of the development tooling, never of the deployed site: only
`harness.django_settings` installs it (with behave-django), and `manage.py`
uses those settings for the `behave` command alone. Nothing under
`superlists/` knows of it.
"""

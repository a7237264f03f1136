"""``manage.py create_session EMAIL``: print a pre-authenticated session key."""

from django.core.management.base import BaseCommand

from superlists.acceptance_fixtures.api import create_pre_authenticated_session


class Command(BaseCommand):
    """Create a logged-in session for an email and print only its key."""

    help = "Create a session logged in as EMAIL and print its key (acceptance-test backdoor)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, **options):
        self.stdout.write(create_pre_authenticated_session(options["email"]))

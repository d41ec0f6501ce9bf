"""python manage.py anonymise_ended [--older-than-years N]"""

from django.conf import settings
from django.core.management.base import BaseCommand

from insurance.services import volunteers_anonymise


class Command(BaseCommand):
    help = "Anonymise volunteers whose last engagement ended more than N years ago."

    def add_arguments(self, parser):
        parser.add_argument("--older-than-years", type=int,
                            default=settings.ANONYMISE_AFTER_YEARS)

    def handle(self, *args, older_than_years, **options):
        count = volunteers_anonymise(actor=None, older_than_years=older_than_years)
        self.stdout.write(f"Anonymised {count} volunteers.")

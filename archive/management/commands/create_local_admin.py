import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create the local admin account 'admin' with a generated password, printed once, "
        "unless the archive has a superuser already."
    )

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/admin/")

    def handle(self, *args, url, **options):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write(
                f"Admin: log in at {url} with your admin account "
                "(forgotten the password? python manage.py changepassword admin)."
            )
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser("admin", password=password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin: log in at {url} as 'admin' with password {password}\n"
                "This password is shown only once; change it with: python manage.py changepassword admin"
            )
        )

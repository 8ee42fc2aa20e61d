import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from concerto.core.roles import ADMINISTRATOR


class Command(BaseCommand):
    help = (
        "Development only: create the back-office account 'admin' once, with a random "
        "password kept in var/demo-admin.txt, and print the login."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("ensure_demo_admin only runs with DEBUG on (development).")
        credentials = settings.VAR_DIR / "demo-admin.txt"
        User = get_user_model()
        user = User.objects.filter(username="admin").first()
        if user is None or not credentials.exists():
            password = secrets.token_urlsafe(12)
            if user is None:
                user = User.objects.create_superuser("admin", email="", password=password)
            else:
                user.set_password(password)
                user.save(update_fields=["password"])
            user.groups.add(Group.objects.get(name=ADMINISTRATOR))
            credentials.write_text(f"admin\n{password}\n", encoding="utf-8")
            credentials.chmod(0o600)
        username, password = credentials.read_text(encoding="utf-8").split()[:2]
        self.stdout.write(f"Back office login: {username} / {password}  (from {credentials})")

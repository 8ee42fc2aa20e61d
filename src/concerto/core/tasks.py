"""Background work shared by every app. Enqueue after commit, never inside a transaction."""

from django.core.mail import send_mail
from django_tasks import task


@task()
def send_email(*, subject: str, body: str, to: list[str]) -> int:
    """Send one plain-text e-mail; retried by the operator from the task results if it fails."""
    return send_mail(subject, body, None, to, fail_silently=False)

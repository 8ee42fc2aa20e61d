import pytest


@pytest.fixture
def send_now(django_capture_on_commit_callbacks):
    """Run the work enqueued after commit (the test task backend runs it at once)."""

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run

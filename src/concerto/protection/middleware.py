"""Protection middleware: the 429 page for ``RateLimited`` raised in a view, and the
Permissions-Policy header on every response."""

from __future__ import annotations

from .headers import permissions_policy
from .ratelimit import RateLimited


class ProtectionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = permissions_policy()

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = self.policy
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, RateLimited):
            from .views import too_many_requests

            return too_many_requests(request, exception)
        return None

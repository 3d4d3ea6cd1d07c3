from auditlog.middleware import AuditlogMiddleware

from .client_ip import client_ip


class AuditMiddleware(AuditlogMiddleware):
    """django-auditlog's middleware, but trusting X-Forwarded-For only as far as our proxies go."""

    @staticmethod
    def _get_remote_addr(request):
        return client_ip(request)

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from .sessions import sessions_end_all, sessions_of_user


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers in front of several app servers: up, and the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@login_required
@require_GET
def session_list(request: HttpRequest) -> HttpResponse:
    """The person's own sessions: when they signed in, from where, and a button to end them all."""
    sessions = sessions_of_user(user=request.user, current_key=request.session.session_key)
    return render(request, "common/sessions.html", {"sessions": sessions,
                                                    "idle_minutes": settings.SESSION_IDLE_MINUTES})


@login_required
@require_POST
def session_end_all(request: HttpRequest) -> HttpResponse:
    ended = sessions_end_all(request=request)
    messages.success(request, ngettext(
        "You were logged out on %(count)d device or browser.",
        "You were logged out on %(count)d devices and browsers.", ended) % {"count": ended})
    return redirect("login")

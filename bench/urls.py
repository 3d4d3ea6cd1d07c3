from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template import engines
from django.urls import path

from config.urls import urlpatterns as app_urlpatterns

_TEMPLATE = engines["django"].from_string("<!doctype html><title>baseline</title><p>{{ user.username }}</p>")


@login_required
def baseline(request):
    """The cheapest real page: same middleware, session and login, a one-line template."""
    return HttpResponse(_TEMPLATE.render({"user": request.user}, request))


urlpatterns = [path("bench/baseline/", baseline, name="bench_baseline"), *app_urlpatterns]
handler500 = "common.middleware.server_error"  # as config/urls.py: the busy page when the database is gone

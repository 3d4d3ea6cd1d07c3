from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import TemplateView
from django.views.i18n import set_language

from common.views import health, session_end_all, session_list
from governance.forms import InvitationAwarePasswordResetForm
from governance.twofactor_views import LoginView
from governance.views import invitation_list, invitation_respond
from reporting.views import home

urlpatterns = [
    path("", home, name="home"),
    path("regions/", include("governance.urls")),
    path("", include("escalation.urls")),
    path("", include("casework.urls")),
    path("", include("reporting.urls")),
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/security/", include("governance.twofactor_urls")),
    path(
        "accounts/password_reset/",
        auth_views.PasswordResetView.as_view(form_class=InvitationAwarePasswordResetForm),
        name="password_reset",
    ),
    path("accounts/invitations/", invitation_list, name="invitations"),
    path("accounts/invitations/<int:pk>/", invitation_respond, name="invitation_respond"),
    path("accounts/sessions/", session_list, name="sessions"),
    path("accounts/sessions/end-all/", session_end_all, name="sessions_end_all"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("accessibility/", TemplateView.as_view(template_name="accessibility.html"), name="accessibility"),
    path("health/", health, name="health"),
    path("admin/", admin.site.urls),
]

# The busy page instead of a server error when the database is unreachable (common/middleware.py).
handler500 = "common.middleware.server_error"

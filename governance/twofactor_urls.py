"""The account security pages, under the namespace django-two-factor-auth's views reverse into."""
from django.urls import path
from two_factor.views import BackupTokensView, QRGeneratorView, SetupCompleteView

from . import twofactor_views as views

app_name = "two_factor"

urlpatterns = [
    path("", views.ProfileView.as_view(), name="profile"),
    path("setup/", views.SetupView.as_view(), name="setup"),
    path("setup/link-needed/", views.enrolment_needed, name="enrolment_needed"),
    path("enrol/<str:token>/", views.enrol, name="enrol"),
    path("setup/qrcode/", QRGeneratorView.as_view(), name="qr"),
    path("setup/complete/", SetupCompleteView.as_view(), name="setup_complete"),
    path("backup-codes/", BackupTokensView.as_view(), name="backup_tokens"),
    path("disable/", views.DisableView.as_view(), name="disable"),
]

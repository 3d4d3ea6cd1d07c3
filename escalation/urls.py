from django.urls import path

from . import views

app_name = "escalation"

urlpatterns = [
    path("escalations/", views.my_list, name="mine"),
    path("regions/<slug:region_slug>/escalations/", views.escalation_index, name="index"),
    path("regions/<slug:region_slug>/escalations/new/", views.escalation_create, name="create"),
    path("regions/<slug:region_slug>/escalations/time-limits/", views.settings_edit, name="settings"),
    path("regions/<slug:region_slug>/escalations/<int:pk>/", views.escalation_detail, name="detail"),
    path("regions/<slug:region_slug>/escalations/<int:pk>/edit/", views.escalation_edit, name="edit"),
    path("regions/<slug:region_slug>/escalations/<int:pk>/step/<slug:key>/", views.escalation_step_view, name="step"),
    path("regions/<slug:region_slug>/escalations/<int:pk>/meetings/new/", views.meeting_create, name="meeting_create"),
    path("regions/<slug:region_slug>/escalations/<int:pk>/print.pdf", views.escalation_pdf, name="pdf"),
]

from django.urls import path

from . import views, views_first_steps, views_pack

app_name = "reporting"

urlpatterns = [
    path("regions/<slug:region_slug>/dashboard/", views.dashboard, name="dashboard"),
    path("regions/<slug:region_slug>/dashboard/dashboard.csv", views.dashboard_csv, name="dashboard_csv"),
    path("regions/<slug:region_slug>/dashboard/dashboard.xlsx", views.dashboard_csv, {"fmt": "xlsx"},
         name="dashboard_xlsx"),
    path("regions/<slug:region_slug>/figures/", views.figures, name="figures"),
    path("regions/<slug:region_slug>/report/", views.report, name="report"),
    path("regions/<slug:region_slug>/figures/figures.csv", views.figures_csv, name="figures_csv"),
    path("regions/<slug:region_slug>/figures/figures.xlsx", views.figures_csv, {"fmt": "xlsx"}, name="figures_xlsx"),
    path("regions/<slug:region_slug>/figures/import/", views.figures_import_view, name="figures_import"),
    path("regions/<slug:region_slug>/figures/<slug:kind>/<str:period>/explain/", views.explanation_edit,
         name="explain"),
    path("regions/<slug:region_slug>/tables/<int:pk>/meeting-pack/", views_pack.meeting_pack, name="meeting_pack"),
    path("regions/<slug:region_slug>/tables/<int:pk>/meeting-pack.pdf", views_pack.meeting_pack_pdf,
         name="meeting_pack_pdf"),
    path("regions/<slug:region_slug>/first-steps/vocabulary/", views_first_steps.vocabulary_defaults,
         name="first_steps_vocabulary"),
]

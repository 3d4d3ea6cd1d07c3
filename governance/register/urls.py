"""The register's pages, part of the governance URL namespace (governance:register_list, ...)."""
from django.urls import path

from . import views as register_views

urlpatterns = [
    path("<slug:region_slug>/register/", register_views.register_home, name="register_home"),
    path("<slug:region_slug>/register/stakeholders/grid/", register_views.stakeholder_grid, name="stakeholder_grid"),
    path("<slug:region_slug>/register/stakeholders/<int:pk>/assess/", register_views.stakeholder_assess_view,
         name="stakeholder_assess"),
    path("<slug:region_slug>/register/versions/<int:pk>/checklist/", register_views.checklist_edit,
         name="checklist_edit"),
    path("<slug:region_slug>/register/<slug:entity>/", register_views.register_list, name="register_list"),
    path("<slug:region_slug>/register/<slug:entity>/export.csv", register_views.register_export,
         name="register_export"),
    path("<slug:region_slug>/register/<slug:entity>/export.xlsx", register_views.register_export, {"fmt": "xlsx"},
         name="register_export_xlsx"),
    path("<slug:region_slug>/register/<slug:entity>/import/", register_views.register_import, name="register_import"),
    path("<slug:region_slug>/register/<slug:entity>/new/", register_views.register_create, name="register_create"),
    path("<slug:region_slug>/register/<slug:entity>/<int:pk>/", register_views.register_detail,
         name="register_detail"),
    path("<slug:region_slug>/register/<slug:entity>/<int:pk>/edit/", register_views.register_edit,
         name="register_edit"),
    path("<slug:region_slug>/register/<slug:entity>/<int:pk>/remove/", register_views.register_remove,
         name="register_remove"),
    path("<slug:region_slug>/register/<slug:entity>/<int:pk>/document/", register_views.register_document,
         name="register_document"),
]

from django.urls import path

from . import views
from .map import urls as map_urls
from .register import urls as register_urls

app_name = "governance"

urlpatterns = [
    path("", views.region_list, name="region_list"),
    path("<slug:region_slug>/", views.region_detail, name="region_detail"),
    path("<slug:region_slug>/overview.pdf", views.region_pdf, name="region_pdf"),
    path("<slug:region_slug>/people/", views.member_list, name="member_list"),
    path("<slug:region_slug>/people/add/", views.member_add, name="member_add"),
    path("<slug:region_slug>/people/<int:pk>/", views.member_edit, name="member_edit"),
    path("<slug:region_slug>/people/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("<slug:region_slug>/people/<int:pk>/second-factor/reset/", views.member_second_factor_reset,
         name="member_second_factor_reset"),
    path("<slug:region_slug>/history/", views.region_history, name="region_history"),
    path("<slug:region_slug>/audit/", views.audit_search, name="audit_search"),
    path("<slug:region_slug>/audit.csv", views.audit_export, name="audit_export"),
    path("<slug:region_slug>/audit.xlsx", views.audit_export, {"fmt": "xlsx"}, name="audit_export_xlsx"),
]
urlpatterns += register_urls.urlpatterns
urlpatterns += map_urls.urlpatterns

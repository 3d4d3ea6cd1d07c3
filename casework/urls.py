from django.urls import path

from . import views

app_name = "casework"

urlpatterns = [
    path("regions/<slug:region_slug>/cases/", views.case_index, name="index"),
    path("regions/<slug:region_slug>/cases/new/", views.case_create, name="create"),
    path("regions/<slug:region_slug>/cases/learning/", views.learning_index, name="learning"),
    path("regions/<slug:region_slug>/cases/learning/new/", views.learning_create, name="learning_create"),
    path("regions/<slug:region_slug>/cases/retention/", views.settings_edit, name="settings"),
    path("regions/<slug:region_slug>/cases/lessons/<str:source>/<int:pk>/new/", views.lesson_create,
         name="lesson_create"),
    path("regions/<slug:region_slug>/cases/<str:code>/", views.case_detail, name="detail"),
    path("regions/<slug:region_slug>/cases/<str:code>/edit/", views.case_edit, name="edit"),
    path("regions/<slug:region_slug>/cases/<str:code>/<slug:kind>/new/", views.part_edit, name="part_create"),
    path("regions/<slug:region_slug>/cases/<str:code>/<slug:kind>/<int:pk>/edit/", views.part_edit,
         name="part_edit"),
]

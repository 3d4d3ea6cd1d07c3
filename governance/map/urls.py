"""The map's pages, part of the governance URL namespace (governance:network, ...)."""
from django.urls import path

from . import views

urlpatterns = [
    path("<slug:region_slug>/map/network/", views.network_view, name="network"),
]

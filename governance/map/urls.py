"""The map's pages, part of the governance URL namespace: governance:map..., governance:network."""
from django.urls import path

from . import views

urlpatterns = [
    path("<slug:region_slug>/map/", views.map_view, name="map"),
    path("<slug:region_slug>/map/matrix.csv", views.map_csv, name="map_csv"),
    path("<slug:region_slug>/map/findings.csv", views.map_findings_csv, name="map_findings_csv"),
    path("<slug:region_slug>/map/matrix.xlsx", views.map_csv, {"fmt": "xlsx"}, name="map_xlsx"),
    path("<slug:region_slug>/map/findings.xlsx", views.map_findings_csv, {"fmt": "xlsx"}, name="map_findings_xlsx"),
    path("<slug:region_slug>/map/map.pdf", views.map_pdf, name="map_pdf"),
    path("<slug:region_slug>/map/snapshots/", views.map_snapshots, name="map_snapshots"),
    path("<slug:region_slug>/map/snapshots/take/", views.map_snapshot_take, name="map_snapshot_take"),
    path("<slug:region_slug>/map/snapshots/compare/", views.map_snapshot_compare, name="map_snapshot_compare"),
    path("<slug:region_slug>/map/network/", views.network_view, name="network"),
]

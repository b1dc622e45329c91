"""Importing historical incidents with a saved column mapping."""

from django.urls import path

from zeroharm.incidents.importing import views, views_mappings

urlpatterns = [
    path("import/", views.ImportUploadView.as_view(), name="import"),
    path("import/<str:token>/columns/", views.ImportMapView.as_view(), name="import_map"),
    path("import/<str:token>/preview/", views.ImportPreviewView.as_view(), name="import_preview"),
    path("import/<str:token>/done/", views.ImportResultView.as_view(), name="import_result"),
    path("import-mappings/", views_mappings.MappingListView.as_view(), name="import_mappings"),
    path("import-mappings/<int:pk>/delete/", views_mappings.MappingDeleteView.as_view(), name="import_mapping_delete"),
]

"""Importing historical incidents with a saved column mapping."""

from django.urls import path

from zeroharm.incidents import views_import

urlpatterns = [
    path("import/", views_import.ImportUploadView.as_view(), name="import"),
    path("import/<str:token>/columns/", views_import.ImportMapView.as_view(), name="import_map"),
    path("import/<str:token>/preview/", views_import.ImportPreviewView.as_view(), name="import_preview"),
    path("import/<str:token>/done/", views_import.ImportResultView.as_view(), name="import_result"),
    path("import-mappings/", views_import.MappingListView.as_view(), name="import_mappings"),
    path("import-mappings/<int:pk>/delete/", views_import.MappingDeleteView.as_view(), name="import_mapping_delete"),
]

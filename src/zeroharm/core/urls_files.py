from django.urls import path

from zeroharm.core.views_filejobs import FileJobDownloadView, FileJobView

app_name = "files"

urlpatterns = [
    path("<uuid:key>/", FileJobView.as_view(), name="detail"),
    path("<uuid:key>/download", FileJobDownloadView.as_view(), name="download"),
]

from django.urls import path

from zeroharm.core.views_signatures import PdfVerifyView, SignatureView

app_name = "signatures"

urlpatterns = [
    path("verify/", PdfVerifyView.as_view(), name="verify"),
    path("<int:pk>/", SignatureView.as_view(), name="detail"),
]

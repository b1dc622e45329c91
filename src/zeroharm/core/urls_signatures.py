from django.urls import path

from zeroharm.core.views_signatures import DrawingView, PdfVerifyView, SignatureView

app_name = "signatures"

urlpatterns = [
    path("verify/", PdfVerifyView.as_view(), name="verify"),
    path("<int:pk>/", SignatureView.as_view(), name="detail"),
    path("<int:pk>/drawing.png", DrawingView.as_view(), name="drawing"),
]

"""Pages of the training catalogue area (included by training/urls.py under the "training" namespace)."""

urlpatterns: list = []

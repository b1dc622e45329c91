"""Pages of the training sessions area (included by training/urls.py under the "training" namespace)."""

urlpatterns: list = []

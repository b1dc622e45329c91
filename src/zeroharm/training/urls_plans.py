"""Pages of the training plans area (included by training/urls.py under the "training" namespace)."""

urlpatterns: list = []

"""Pages of the training people area (included by training/urls.py under the "training" namespace)."""

urlpatterns: list = []

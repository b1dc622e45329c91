"""Pages of the training exams area (included by training/urls.py under the "training" namespace)."""

urlpatterns: list = []

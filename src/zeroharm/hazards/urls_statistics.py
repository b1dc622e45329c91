"""Statistics pages of hidden dangers (kept apart from the workflow pages)."""

urlpatterns = []

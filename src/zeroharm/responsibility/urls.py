"""/responsibility/: responsibility lists, their drafts and approval, role holders, "My responsibilities" and the
coverage of the lists and of their acknowledgement."""

app_name = "responsibility"

urlpatterns: list = []

from django.urls import path

from zeroharm.org import views

app_name = "org"


def crud(prefix: str, name: str, list_view, detail, edit, archive, delete):
    return [
        path(f"{prefix}/", list_view.as_view(), name=f"{name}_list"),
        path(f"{prefix}/add/", edit.as_view(), name=f"{name}_add"),
        path(f"{prefix}/<int:pk>/", detail.as_view(), name=f"{name}_detail"),
        path(f"{prefix}/<int:pk>/edit/", edit.as_view(), name=f"{name}_edit"),
        path(f"{prefix}/<int:pk>/archive/", archive.as_view(), name=f"{name}_archive"),
        path(f"{prefix}/<int:pk>/delete/", delete.as_view(), name=f"{name}_delete"),
    ]


urlpatterns = [
    path("", views.TreeView.as_view(), name="tree"),
    path("tree/<int:pk>/children/", views.TreeChildrenView.as_view(), name="tree_children"),
    path("import/<slug:key>/", views.OrgImportView.as_view(), name="import"),
    path("levels/", views.KindLabelsView.as_view(), name="kind_labels"),
    *crud(
        "units",
        "orgunit",
        views.OrgUnitListView,
        views.OrgUnitDetailView,
        views.OrgUnitEditView,
        views.OrgUnitArchiveView,
        views.OrgUnitDeleteView,
    ),
    *crud(
        "positions",
        "position",
        views.PositionListView,
        views.PositionDetailView,
        views.PositionEditView,
        views.PositionArchiveView,
        views.PositionDeleteView,
    ),
    *crud(
        "people",
        "person",
        views.PersonListView,
        views.PersonDetailView,
        views.PersonEditView,
        views.PersonArchiveView,
        views.PersonDeleteView,
    ),
    *crud(
        "man-hours",
        "manhours",
        views.ManHoursListView,
        views.ManHoursDetailView,
        views.ManHoursEditView,
        views.ManHoursArchiveView,
        views.ManHoursDeleteView,
    ),
]

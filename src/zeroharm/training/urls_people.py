"""Pages of the training people area (included by training/urls.py under the "training" namespace)."""

from django.urls import path

from zeroharm.training import views_archive, views_certificates, views_inductions, views_people

urlpatterns: list = [
    path("roster/", views_people.RosterView.as_view(), name="roster_home"),
    path("roster/<int:unit>/", views_people.RosterView.as_view(), name="roster"),
    path("import/people/<slug:key>/", views_certificates.PeopleImportView.as_view(), name="people_import"),
    path("certificates/", views_certificates.CertificateListView.as_view(), name="certificate_list"),
    path("certificates/add/", views_certificates.CertificateEditView.as_view(), name="certificate_add"),
    path("certificates/<int:pk>/", views_certificates.CertificateDetailView.as_view(), name="certificate_detail"),
    path("certificates/<int:pk>/edit/", views_certificates.CertificateEditView.as_view(), name="certificate_edit"),
    path(
        "certificates/<int:pk>/step/<slug:step>/",
        views_certificates.CertificateStepView.as_view(),
        name="certificate_step",
    ),
    path(
        "certificates/<int:pk>/archive/",
        views_certificates.CertificateArchiveView.as_view(),
        name="certificate_archive",
    ),
    path("inductions/", views_inductions.InductionListView.as_view(), name="induction_list"),
    path("inductions/<int:pk>/", views_inductions.InductionDetailView.as_view(), name="induction_detail"),
    path("absences/", views_inductions.AbsenceListView.as_view(), name="absence_list"),
    path("absences/add/", views_inductions.AbsenceEditView.as_view(), name="absence_add"),
    path("absences/<int:pk>/", views_inductions.AbsenceDetailView.as_view(), name="absence_detail"),
    path("archive/", views_archive.PersonArchiveView.as_view(), name="my_archive"),
    path("archive/<int:pk>/", views_archive.PersonArchiveView.as_view(), name="archive"),
    path("archive/<int:pk>/sign/", views_archive.ArchiveSignView.as_view(), name="archive_sign"),
    path("archive/unit/<int:unit>/", views_archive.UnitArchiveView.as_view(), name="unit_archive"),
    path("absences/<int:pk>/edit/", views_inductions.AbsenceEditView.as_view(), name="absence_edit"),
    path("absences/<int:pk>/archive/", views_inductions.AbsenceArchiveView.as_view(), name="absence_archive"),
]

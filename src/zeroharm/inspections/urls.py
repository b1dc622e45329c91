from django.urls import path

from zeroharm.inspections import views, views_compliance, views_do, views_labels

app_name = "inspections"

urlpatterns = [
    path("", views.InspectionListView.as_view(), name="inspection_list"),
    path("start/", views.InspectionStartView.as_view(), name="inspection_start"),
    path("compliance/", views_compliance.ComplianceView.as_view(), name="compliance"),
    path("<int:pk>/", views.InspectionDetailView.as_view(), name="inspection_detail"),
    path("<int:pk>/do/", views_do.InspectionDoView.as_view(), name="inspection_do"),
    path("<int:pk>/signature.png", views_do.SignatureView.as_view(), name="inspection_signature"),
    path("photos/<int:pk>/", views.ResultPhotoView.as_view(), name="result_photo"),
    path("checklists/", views.ChecklistListView.as_view(), name="checklist_list"),
    path("checklists/add/", views.ChecklistEditView.as_view(), name="checklist_add"),
    path("checklists/<int:pk>/", views.ChecklistDetailView.as_view(), name="checklist_detail"),
    path("checklists/<int:pk>/edit/", views.ChecklistEditView.as_view(), name="checklist_edit"),
    path("checklists/<int:pk>/archive/", views.ChecklistArchiveView.as_view(), name="checklist_archive"),
    path("points/", views.PointListView.as_view(), name="point_list"),
    path("points/add/", views.PointEditView.as_view(), name="point_add"),
    path("points/labels.pdf", views_labels.LabelsView.as_view(), name="point_labels"),
    path("points/<int:pk>/", views.PointDetailView.as_view(), name="point_detail"),
    path("points/<int:pk>/edit/", views.PointEditView.as_view(), name="point_edit"),
    path("points/<int:pk>/archive/", views.PointArchiveView.as_view(), name="point_archive"),
    path("p/<str:code>/", views.ScanView.as_view(), name="scan"),
    path("schedules/", views.ScheduleListView.as_view(), name="schedule_list"),
    path("schedules/add/", views.ScheduleEditView.as_view(), name="schedule_add"),
    path("schedules/<int:pk>/", views.ScheduleDetailView.as_view(), name="schedule_detail"),
    path("schedules/<int:pk>/edit/", views.ScheduleEditView.as_view(), name="schedule_edit"),
    path("schedules/<int:pk>/archive/", views.ScheduleArchiveView.as_view(), name="schedule_archive"),
]

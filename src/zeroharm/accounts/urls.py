from django.urls import path

from zeroharm.accounts import views

app_name = "accounts"

urlpatterns = [
    path("me/", views.ProfileView.as_view(), name="profile"),
    path("roles/", views.RoleTableView.as_view(), name="role_table"),
    path("users/", views.UserListView.as_view(), name="user_list"),
    path("users/add/", views.UserCreateView.as_view(), name="user_add"),
    path("users/<int:pk>/", views.UserDetailView.as_view(), name="user_detail"),
    path("users/<int:pk>/edit/", views.UserEditView.as_view(), name="user_edit"),
    path("users/<int:pk>/unlock/", views.UserUnlockView.as_view(), name="user_unlock"),
    path("assignments/", views.RoleAssignmentListView.as_view(), name="roleassignment_list"),
    path("assignments/add/", views.RoleAssignmentEditView.as_view(), name="roleassignment_add"),
    path("assignments/<int:pk>/", views.RoleAssignmentDetailView.as_view(), name="roleassignment_detail"),
    path("assignments/<int:pk>/edit/", views.RoleAssignmentEditView.as_view(), name="roleassignment_edit"),
    path("assignments/<int:pk>/archive/", views.RoleAssignmentArchiveView.as_view(), name="roleassignment_archive"),
    path("assignments/<int:pk>/delete/", views.RoleAssignmentDeleteView.as_view(), name="roleassignment_delete"),
]

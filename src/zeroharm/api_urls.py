"""/api/v1/: one router for the platform's resources; each later app adds its viewsets here."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import DefaultRouter

from zeroharm.accounts.api import RoleAssignmentViewSet, UserViewSet
from zeroharm.notifications.api import DeliveryViewSet, InboxViewSet
from zeroharm.org.api import ManHoursViewSet, OrgUnitViewSet, PersonViewSet, PositionViewSet

router = DefaultRouter()
router.include_root_view = False
router.register("units", OrgUnitViewSet)
router.register("positions", PositionViewSet)
router.register("people", PersonViewSet)
router.register("man-hours", ManHoursViewSet)
router.register("users", UserViewSet)
router.register("role-assignments", RoleAssignmentViewSet)
router.register("inbox", InboxViewSet)
router.register("deliveries", DeliveryViewSet)

urlpatterns = [
    path("", include((router.urls, "api"))),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("auth/token/", obtain_auth_token, name="api-token"),
]

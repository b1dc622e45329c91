"""/api/v1/: one router for the platform's resources; each later app adds its viewsets here."""

from django.urls import include, path, re_path
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.decorators import api_view, permission_classes
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.routers import DefaultRouter

from zeroharm.accounts.api import RoleAssignmentViewSet, TokenObtainView, UserViewSet
from zeroharm.actions.api import ActionViewSet
from zeroharm.core.api import grouped_routes
from zeroharm.hazards.api import HiddenDangerViewSet
from zeroharm.incidents.api import CaseStudyViewSet, IncidentViewSet
from zeroharm.inspections.api import (
    ChecklistViewSet,
    InspectionPointViewSet,
    InspectionViewSet,
    ScheduleViewSet,
)
from zeroharm.notifications.api import DeliveryViewSet, InboxViewSet
from zeroharm.org.api import ManHoursViewSet, OrgUnitViewSet, PersonViewSet, PositionViewSet
from zeroharm.risks.api import AssessmentViewSet, ControlViewSet, HazardSourceViewSet, RiskPointViewSet
from zeroharm.teams.api import BriefingViewSet
from zeroharm.teams.api_procedures import ProcedureViewSet
from zeroharm.training.api_catalogue import CourseViewSet, PlanLineViewSet, RequirementViewSet, TrainingPlanViewSet
from zeroharm.training.api_exams import BankViewSet, ExamViewSet, QuestionViewSet
from zeroharm.training.api_exams_papers import MyPaperViewSet
from zeroharm.training.api_people import ClearanceViewSet
from zeroharm.training.api_sessions import SessionViewSet

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
router.register("risk-points", RiskPointViewSet)
router.register("risk-assessments", AssessmentViewSet)
router.register("hazard-sources", HazardSourceViewSet)
router.register("risk-controls", ControlViewSet)
router.register("checklists", ChecklistViewSet)
router.register("inspection-points", InspectionPointViewSet)
router.register("inspection-schedules", ScheduleViewSet)
router.register("inspections", InspectionViewSet)
router.register("actions", ActionViewSet)
router.register("hidden-dangers", HiddenDangerViewSet)
router.register("incidents", IncidentViewSet)
router.register("accident-cases", CaseStudyViewSet)
router.register("training/clearance", ClearanceViewSet, basename="training-clearance")
router.register("training/courses", CourseViewSet)
router.register("training/requirements", RequirementViewSet)
router.register("training/plans", TrainingPlanViewSet)
router.register("training/plan-lines", PlanLineViewSet)
router.register("training/sessions", SessionViewSet, basename="training-session")
router.register("training/question-banks", BankViewSet, basename="training-question-bank")
router.register("training/questions", QuestionViewSet, basename="training-question")
router.register("training/exams", ExamViewSet, basename="training-exam")
router.register("training/my-papers", MyPaperViewSet, basename="training-my-paper")
router.register("teams/procedures", ProcedureViewSet, basename="teams-procedure")
router.register("teams/briefings", BriefingViewSet, basename="teams-briefing")


@extend_schema(exclude=True)
@api_view(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])
@permission_classes([AllowAny])
def api_not_found(request, path=""):
    """Anything else under /api/v1/ answers in the API's error format, not with an HTML page."""
    raise NotFound


urlpatterns = [
    path("", include((grouped_routes(router), "api"))),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("auth/token/", TokenObtainView.as_view(), name="api-token"),
    re_path(r"^(?P<path>.*)$", api_not_found, name="api-not-found"),
]

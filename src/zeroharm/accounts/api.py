from django.conf import settings
from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from drf_spectacular.utils import extend_schema
from drf_standardized_errors.openapi_serializers import (
    ErrorResponse401Serializer,
    ErrorResponse403Serializer,
    ErrorResponse429Serializer,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.decorators import action
from rest_framework.exceptions import AuthenticationFailed, PermissionDenied
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from zeroharm.accounts import services
from zeroharm.accounts.filtersets import RoleAssignmentFilterSet, UserFilterSet
from zeroharm.accounts.models import RoleAssignment, User
from zeroharm.core.api import DomainSerializer, DomainViewSet, ScopedRelatedField, ScopedUnitField, call_service
from zeroharm.core.drf import AnonAddressThrottle
from zeroharm.core.roles import Action


class UserSerializer(serializers.ModelSerializer):
    person = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    language = serializers.ChoiceField(
        choices=settings.LANGUAGES,
        allow_blank=True,
        read_only=True,
        help_text="The user's chosen language; empty follows the browser.",
    )

    class Meta:
        model = User
        fields = ["id", "username", "first_name", "email", "language", "is_active", "person", "last_login"]
        read_only_fields = fields


class GrantSerializer(serializers.Serializer):
    role = serializers.CharField(read_only=True)
    unit = serializers.IntegerField(source="unit_id", read_only=True)


class MeSerializer(UserSerializer):
    roles = serializers.SerializerMethodField()

    class Meta(UserSerializer.Meta):
        fields = [*UserSerializer.Meta.fields, "roles"]
        read_only_fields = fields

    @extend_schema(responses=GrantSerializer(many=True))
    def get_roles(self, obj) -> list[dict]:
        return [{"role": r.role, "unit": r.unit_id} for r in obj.role_assignments.filter(is_archived=False)]


class UserViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Logins in the caller's scope (read-only here; logins are created on the Logins page)."""

    queryset = User.objects.all()
    serializer_class = UserSerializer
    filterset_class = UserFilterSet
    ordering_fields = ["username"]
    ordering = ["username"]
    skip_scope = False  # set True on `me` only
    scope_action: str | None = None  # set per @action (core.drf.ScopedPermission)

    def get_queryset(self):
        return User.objects.visible_to(self.request.user, Action.VIEW).select_related("person")

    @extend_schema(responses=MeSerializer)
    @action(detail=False, methods=["get"], skip_scope=True)
    def me(self, request):
        """The caller's own login and role assignments."""
        return Response(MeSerializer(request.user).data)

    @extend_schema(request=None, responses=UserSerializer)
    @action(detail=True, methods=["post"], scope_action=Action.CHANGE)
    def unlock(self, request, pk=None):
        """Lift the login's sign-in lockout (its failed sign-ins from every address are forgotten); administrators
        only. The login's history records who did it."""
        user = self.get_object()
        call_service(services.user_unlock, user=user, acting_user=request.user)
        return Response(self.get_serializer(user).data)


class RoleAssignmentSerializer(DomainSerializer):
    unit = ScopedUnitField(area="accounts")
    user = ScopedRelatedField(model=User)

    class Meta:
        model = RoleAssignment
        fields = ["id", "user", "role", "unit", "is_archived", "version", "created_at", "updated_at"]
        read_only_fields = ["is_archived", "created_at", "updated_at"]
        validators = []


class RoleAssignmentViewSet(DomainViewSet):
    queryset = RoleAssignment.objects.all()
    serializer_class = RoleAssignmentSerializer
    filterset_class = RoleAssignmentFilterSet
    ordering_fields = ["role"]
    ordering = ["id"]
    select_related = ("user", "unit")


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, trim_whitespace=False, style={"input_type": "password"})


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField()


class TokenObtainView(APIView):
    """Exchange a username and password for the user's API token (same throttling as the sign-in page)."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [AnonAddressThrottle]

    def get_authenticate_header(self, request):
        return "Token"  # so that wrong credentials answer 401, not 403

    @extend_schema(
        request=TokenRequestSerializer,
        responses={
            200: TokenResponseSerializer,
            401: ErrorResponse401Serializer,
            403: ErrorResponse403Serializer,
            429: ErrorResponse429Serializer,
        },
    )
    def post(self, request):
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            user = authenticate(
                request._request, username=data.validated_data["username"], password=data.validated_data["password"]
            )
        except DjangoPermissionDenied as exc:  # django-axes: locked after repeated failures
            raise PermissionDenied("Too many failed sign-ins; try again later.") from exc
        if user is None or not user.is_active:
            raise AuthenticationFailed("Unable to sign in with these credentials.")
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})

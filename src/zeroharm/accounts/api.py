from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from zeroharm.accounts.filtersets import RoleAssignmentFilterSet, UserFilterSet
from zeroharm.accounts.models import RoleAssignment, User
from zeroharm.core.api import DomainSerializer, DomainViewSet, ScopedUnitField
from zeroharm.core.roles import Action


class UserSerializer(serializers.ModelSerializer):
    person = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = User
        fields = ["id", "username", "first_name", "email", "language", "is_active", "person", "last_login"]
        read_only_fields = fields


class GrantSerializer(serializers.Serializer):
    role = serializers.CharField()
    unit = serializers.IntegerField(source="unit_id")


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

    def get_queryset(self):
        return User.objects.visible_to(self.request.user, Action.VIEW).select_related("person")

    @extend_schema(responses=MeSerializer)
    @action(detail=False, methods=["get"], skip_scope=True)
    def me(self, request):
        """The caller's own login and role assignments."""
        return Response(MeSerializer(request.user).data)


class RoleAssignmentSerializer(DomainSerializer):
    unit = ScopedUnitField(area="accounts")
    user = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True))

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

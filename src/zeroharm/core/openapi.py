"""OpenAPI: the standardized error bodies, with 409 documented where optimistic locking can refuse."""

from drf_standardized_errors.openapi import AutoSchema as StandardizedAutoSchema
from rest_framework import serializers


class ConflictErrorSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=[("conflict", "conflict")])
    detail = serializers.CharField()
    attr = serializers.CharField(allow_null=True)


class ConflictErrorResponseSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=[("client_error", "client_error")])
    errors = ConflictErrorSerializer(many=True)


# The codes Django's model validation (full_clean, run by every service) gives a field.
MODEL_CODES = {
    "invalid",
    "unique",
    "blank",
    "null",
    "invalid_choice",
    "max_length",
    "min_value",
    "max_value",
    "required",
}


class AutoSchema(StandardizedAutoSchema):
    def _should_add_error_response(self, responses, status_code):
        if status_code == "409":
            # An edit (PUT/PATCH) or a step on a record (POST …/{id}/<step>/) carries the version it read.
            on_a_record = self.method == "POST" and "{id}" in self.path
            return (self.method in ("PUT", "PATCH") or on_a_record) and status_code not in responses
        return super()._should_add_error_response(responses, status_code)

    def _get_validation_error_codes_by_field(self, data_fields):
        """Writes also pass the model's and the service's own rules (full_clean), which answer with the model
        field's codes on any field or on non_field_errors: document them so clients can rely on it."""
        codes = super()._get_validation_error_codes_by_field(data_fields)
        if self.method in ("POST", "PUT", "PATCH"):
            for name in [*codes.keys(), "non_field_errors"]:
                codes[name] = set(codes.get(name, set())) | MODEL_CODES
        return codes

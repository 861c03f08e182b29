"""Roles are given and taken through participation.operations, so the admin's changes
are checked and audited like any other."""

from django.contrib import admin, messages

from gcmreview.participation import operations
from gcmreview.participation.models import Invitation, ProcessRole, Profile, Registration


@admin.register(ProcessRole)
class ProcessRoleAdmin(admin.ModelAdmin):
    list_display = ["user", "process", "role", "organization", "workstream"]
    list_filter = ["process", "role"]
    search_fields = ["user__username", "user__email"]
    autocomplete_fields = ["organization"]

    def save_model(self, request, obj, form, change):
        try:
            saved = operations.assign_role(
                request.user, obj.user, obj.process, obj.role,
                organization=obj.organization, workstream=obj.workstream,
            )  # fmt: skip
        except operations.Refused as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        operations.remove_role(request.user, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            operations.remove_role(request.user, obj)


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "preferred_language"]
    autocomplete_fields = ["organization"]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["user", "event", "status", "attended", "registered_at"]
    list_filter = ["status", "event__process"]
    # Decisions go through the participants page, where they are checked and audited.
    readonly_fields = [f.name for f in Registration._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "event", "created_at", "accepted_at", "revoked_at"]
    readonly_fields = [f.name for f in Invitation._meta.fields]

    def has_add_permission(self, request):
        return False

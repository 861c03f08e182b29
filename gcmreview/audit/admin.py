from django.contrib import admin

from gcmreview.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "action", "target_type", "target_repr"]
    list_filter = ["action", "target_type", "process"]
    search_fields = ["target_repr", "actor__username", "actor__email"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    # The log is read, never edited.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

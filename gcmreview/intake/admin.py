from django.contrib import admin

from gcmreview.intake.models import Document


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "event", "visibility", "uploaded_at"]
    list_filter = ["process", "kind", "visibility"]
    search_fields = ["title"]
    # Visibility changes go through intake.operations so that they are audited.
    readonly_fields = ["visibility", "uploaded_by", "uploaded_at"]

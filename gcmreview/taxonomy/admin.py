from django.contrib import admin

from gcmreview.taxonomy.models import (
    GuidingPrinciple,
    LabelledExample,
    Objective,
    RecommendedAction,
    StakeholderConstituency,
    StatementType,
    TaxonomyVersion,
)


@admin.register(Objective)
class ObjectiveAdmin(admin.ModelAdmin):
    list_display = ["number", "label_en", "label_ar", "label_fr", "paragraph"]


@admin.register(GuidingPrinciple)
class GuidingPrincipleAdmin(admin.ModelAdmin):
    list_display = ["key", "label_en", "label_ar", "label_fr", "paragraph"]


admin.site.register(StatementType)
admin.site.register(StakeholderConstituency)
admin.site.register(RecommendedAction)


@admin.register(TaxonomyVersion)
class TaxonomyVersionAdmin(admin.ModelAdmin):
    list_display = ["version", "checksum", "loaded_at"]
    readonly_fields = ["version", "checksum", "loaded_at"]


@admin.register(LabelledExample)
class LabelledExampleAdmin(admin.ModelAdmin):
    list_display = ["text", "lang", "objectives", "statement_type", "confirmed_by", "confirmed_at"]
    list_filter = ["lang", "statement_type"]
    # Examples are confirmed through taxonomy.operations.confirm_tags, which teaches the
    # classifier; the admin only reads them.
    readonly_fields = [f.name for f in LabelledExample._meta.fields]

    def has_add_permission(self, request):
        return False

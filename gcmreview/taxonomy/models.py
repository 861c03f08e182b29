"""The Compact's 23 objectives and 10 guiding principles, the statement types and
stakeholder constituencies a key message is tagged with, in three languages; and the
examples people confirmed, from which the classifier learns.

The data comes from `gcmreview/textengine/data/taxonomy.yaml` (the text engine reads the
same file without Django); `gcmreview load_taxonomy` and the app's data migration copy it
here and record its version."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gcmreview.process.models import Localized, translated_fields


class TaxonomyVersion(models.Model):
    version = models.PositiveIntegerField(_("version"))
    checksum = models.CharField(_("checksum of the data file"), max_length=64, unique=True)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)

    class Meta:
        ordering = ["-loaded_at", "-id"]
        verbose_name = _("taxonomy version")
        verbose_name_plural = _("taxonomy versions")

    def __str__(self) -> str:
        return f"{self.version} ({self.checksum[:10]})"


class Objective(models.Model):
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    paragraph = models.PositiveSmallIntegerField(_("paragraph of the Compact"))
    locals().update(translated_fields("title", _("official title")))
    title = Localized()
    locals().update(translated_fields("label", _("short label")))
    label = Localized()
    locals().update(translated_fields("scope", _("scope"), blank_en=True, text=True))
    scope = Localized()
    # Languages whose title or label is our working translation, not the official text.
    title_working_translation = models.JSONField(default=list, blank=True)
    label_working_translation = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("GCM objective")
        verbose_name_plural = _("GCM objectives")

    def __str__(self) -> str:
        return f"{self.number}. {self.label}"


class GuidingPrinciple(models.Model):
    key = models.SlugField(_("key"), unique=True)
    paragraph = models.CharField(_("paragraph of the Compact"), max_length=10)
    position = models.PositiveSmallIntegerField()
    locals().update(translated_fields("label", _("label")))
    label = Localized()
    locals().update(translated_fields("scope", _("scope"), blank_en=True, text=True))
    scope = Localized()
    label_working_translation = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["position"]
        verbose_name = _("guiding principle")
        verbose_name_plural = _("guiding principles")

    def __str__(self) -> str:
        return str(self.label)


class StatementType(models.Model):
    key = models.SlugField(_("key"), unique=True)
    position = models.PositiveSmallIntegerField()
    locals().update(translated_fields("label", _("label")))
    label = Localized()
    locals().update(translated_fields("description", _("description"), blank_en=True, text=True))
    description = Localized()

    class Meta:
        ordering = ["position"]
        verbose_name = _("statement type")
        verbose_name_plural = _("statement types")

    def __str__(self) -> str:
        return str(self.label)


class StakeholderConstituency(models.Model):
    key = models.SlugField(_("key"), unique=True)
    position = models.PositiveSmallIntegerField()
    locals().update(translated_fields("label", _("label")))
    label = Localized()

    class Meta:
        ordering = ["position"]
        verbose_name = _("stakeholder constituency")
        verbose_name_plural = _("stakeholder constituencies")

    def __str__(self) -> str:
        return str(self.label)


class RecommendedAction(models.Model):
    """A recommended action of the IMRF Progress Declaration, kept as a reference (its
    paragraph) and our own short description, never the Declaration's wording."""

    paragraph = models.CharField(_("paragraph"), max_length=20, unique=True)
    objectives = models.ManyToManyField(Objective, blank=True, related_name="recommended_actions")
    locals().update(translated_fields("summary", _("our summary"), blank_en=True, text=True))
    summary = Localized()

    class Meta:
        ordering = ["paragraph"]
        verbose_name = _("recommended action (Progress Declaration)")
        verbose_name_plural = _("recommended actions (Progress Declaration)")

    def __str__(self) -> str:
        return self.paragraph


class LabelledExample(models.Model):
    """A key message whose tags a person confirmed or corrected. Each one is taught to the
    running classifier at once and reloaded into it at start-up."""

    text = models.TextField(_("text"))
    lang = models.CharField(_("language"), max_length=8, blank=True)
    objectives = models.JSONField(_("objectives that apply"), default=list)
    rejected = models.JSONField(_("objectives removed by the person"), default=list, blank=True)
    statement_type = models.CharField(_("statement type"), max_length=20, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    confirmed_at = models.DateTimeField(_("confirmed at"), auto_now_add=True)

    class Meta:
        ordering = ["confirmed_at", "id"]
        verbose_name = _("confirmed example")
        verbose_name_plural = _("confirmed examples")

    def __str__(self) -> str:
        return self.text[:80]

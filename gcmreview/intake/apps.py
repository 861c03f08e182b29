from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "gcmreview.intake"
    label = "intake"
    verbose_name = _("Reports and contributions")

    def ready(self):
        from django.db.models.signals import post_migrate

        from gcmreview.intake import search

        # On SQLite, a migration that rebuilds the key message table drops the triggers
        # that keep the full-text index in step; this puts them back after every migrate.
        post_migrate.connect(search.ensure_search_index_after_migrate, sender=self)

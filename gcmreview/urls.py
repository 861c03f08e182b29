from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

urlpatterns = i18n_patterns(
    path("admin/", admin.site.urls),
    path("", include("gcmreview.accounts.urls")),
    path("", include("gcmreview.participation.urls")),
    path("", include("gcmreview.intake.urls")),
    path("", include("gcmreview.taxonomy.urls")),
    path("", include("gcmreview.portal.urls")),
)

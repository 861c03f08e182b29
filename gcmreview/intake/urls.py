from django.urls import path

from gcmreview.intake import search_views, views

urlpatterns = [
    path("p/<slug:slug>/documents/", views.document_list, name="documents"),
    path("p/<slug:slug>/documents/upload/", views.upload, name="upload"),
    path("p/<slug:slug>/documents/<int:pk>/", views.document_page, name="document"),
    path(
        "p/<slug:slug>/documents/<int:pk>/progress/",
        views.document_progress,
        name="document-progress",
    ),
    path("p/<slug:slug>/search/", search_views.search_page, name="search"),
]

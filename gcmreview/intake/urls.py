from django.urls import path

from gcmreview.intake import review_views, search_views, views

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
    path("p/<slug:slug>/review/", review_views.review_queue, name="review-queue"),
    path(
        "p/<slug:slug>/review/<int:pk>/",
        review_views.review_key_message,
        name="review-key-message",
    ),
]

from django.urls import path

from gcmreview.intake import views

urlpatterns = [
    path("p/<slug:slug>/documents/", views.document_list, name="documents"),
    path("p/<slug:slug>/documents/<int:pk>/", views.document_page, name="document"),
]

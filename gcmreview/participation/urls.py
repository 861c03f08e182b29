from django.urls import path

from gcmreview.participation import views

urlpatterns = [
    path("accounts/registrations/", views.my_registrations, name="my-registrations"),
    path("invitations/<str:token>/", views.accept_invitation, name="accept-invitation"),
    path("p/<slug:slug>/events/<slug:key>/register/", views.register, name="register"),
    path("p/<slug:slug>/events/<slug:key>/participants/", views.participants, name="participants"),
    path(
        "p/<slug:slug>/events/<slug:key>/participants.<str:fmt>",
        views.participants_export,
        name="participants-export",
    ),
    path("p/<slug:slug>/events/<slug:key>/invite/", views.invite, name="invite"),
    path("p/<slug:slug>/registrations/<int:pk>/cancel/", views.cancel, name="cancel-registration"),
    path("p/<slug:slug>/registrations/<int:pk>/decide/", views.decide, name="decide-registration"),
    path(
        "p/<slug:slug>/registrations/<int:pk>/attendance/",
        views.attendance,
        name="record-attendance",
    ),
    path(
        "p/<slug:slug>/registrations/<int:pk>/certificate.pdf",
        views.certificate,
        name="certificate",
    ),
    path("p/<slug:slug>/delegations/", views.delegations, name="delegations"),
    path("p/<slug:slug>/audit/", views.audit_log, name="audit-log"),
]

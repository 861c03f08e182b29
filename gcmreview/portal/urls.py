from django.urls import path

from gcmreview.portal import views

urlpatterns = [
    path("", views.process_list, name="process-list"),
    path("p/<slug:slug>/", views.process_home, name="process-home"),
    path("p/<slug:slug>/calendar/", views.calendar_page, name="calendar"),
    path("p/<slug:slug>/calendar.ics", views.process_feed, name="feed-process"),
    path(
        "p/<slug:slug>/workstreams/<slug:code>/calendar.ics",
        views.workstream_feed,
        name="feed-workstream",
    ),
    path(
        "p/<slug:slug>/organizers/<slug:code>/calendar.ics",
        views.organizer_feed,
        name="feed-organizer",
    ),
    path("p/<slug:slug>/calendar/revisions/", views.revisions_page, name="calendar-revisions"),
    path("p/<slug:slug>/timeline/", views.timeline_page, name="timeline"),
    path("p/<slug:slug>/events/<slug:key>/", views.event_page, name="event"),
]

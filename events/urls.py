from django.urls import path

from events import views

urlpatterns = [
    path("events/", views.event_list, name="event_list"),
    path("events/new/", views.event_create, name="event_create"),
    path("events/mine/", views.my_events, name="my_events"),
    path("events/mine/calendar/renew/", views.renew_feed, name="event_feed_renew"),
    path("events/calendar/<str:token>.ics", views.calendar_feed, name="event_feed"),
    path("events/<int:pk>/", views.event_detail, name="event_detail"),
    path("events/<int:pk>/edit/", views.event_edit, name="event_edit"),
    path("events/<int:pk>/cancel/", views.event_cancel, name="event_cancel"),
    path("events/<int:pk>/register/", views.register, name="event_register"),
    path("events/<int:pk>/unregister/", views.unregister, name="event_unregister"),
    path("events/<int:pk>/event.ics", views.event_ics, name="event_ics"),
    path("events/<int:pk>/registrations/", views.registrations, name="event_registrations"),
    path("events/<int:pk>/registrations.csv", views.registrations_csv, name="event_registrations_csv"),
    path("events/<int:pk>/report/", views.report, name="event_report"),
    path("events/<int:pk>/idea/", views.idea_from_event, name="event_idea"),
]

from django.urls import path

from notifications import views

urlpatterns = [
    path("notifications/", views.inbox, name="notifications"),
    path("notifications/read/", views.mark_read, name="notifications_mark_read"),
    path("notifications/<int:pk>/open/", views.open_notification, name="notification_open"),
    path("notifications/settings/", views.settings_page, name="notification_settings"),
    path("notifications/unsubscribe/<str:token>/", views.unsubscribe_page, name="notification_unsubscribe"),
]

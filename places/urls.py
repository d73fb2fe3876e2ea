from django.urls import path

from places import views

urlpatterns = [
    path("places/", views.place_list, name="place_list"),
    path("places/requests/", views.my_site_requests, name="my_site_requests"),
    path("places/requests/<int:pk>/", views.site_request_detail, name="site_request_detail"),
    path("places/requests/<int:pk>/<slug:action>/", views.site_request_action, name="site_request_action"),
    path("places/<slug:slug>/", views.place_detail, name="place_detail"),
    path("places/<slug:slug>/edit/", views.place_edit, name="place_edit"),
    path("places/<slug:slug>/photos/", views.place_photos, name="place_photos"),
    path("places/<slug:slug>/photos/<int:pk>/remove/", views.place_photo_remove, name="place_photo_remove"),
    path("places/<slug:slug>/requests/", views.place_requests, name="place_requests"),
    path("places/<slug:slug>/poster/", views.place_poster, name="place_poster"),
    path("pilots/<int:pk>/poster/", views.pilot_poster, name="pilot_poster"),
    path("pilots/<int:pk>/site-requests/new/", views.site_request_new, name="site_request_new"),
    path("pilots/<int:pk>/test-site/", views.test_site_pick, name="test_site_pick"),
    path("challenges/<slug:slug>/places/", views.challenge_places, name="challenge_places"),
    path("ideas/<int:pk>/location/", views.idea_location, name="idea_location"),
]

from django.urls import path

from privacy import views

urlpatterns = [
    path("accounts/data/", views.my_data, name="my_data"),
    path("accounts/data/<int:pk>/download/", views.data_export_download, name="data_export_download"),
]

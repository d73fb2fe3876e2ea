from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as portal_urlpatterns


def baseline(request):
    """The ceiling: a page that does nothing, behind the same server and middleware."""
    return HttpResponse("<!doctype html><title>baseline</title><p>ok</p>")


urlpatterns = [path("bench/baseline/", baseline), *portal_urlpatterns]

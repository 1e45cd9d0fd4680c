from django.urls import path

from entries import views

urlpatterns = [
    path("", views.index),
    path("add", views.add),
    path("health", views.health),
    path("enqueue", views.enqueue),
]

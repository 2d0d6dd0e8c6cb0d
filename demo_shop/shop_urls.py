from django.urls import path

from demo_shop import views

app_name = "demo_shop"

urlpatterns = [
    path("", views.home, name="home"),
]

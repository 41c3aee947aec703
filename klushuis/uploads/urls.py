from django.urls import path

from klushuis.uploads import views

app_name = "uploads"

urlpatterns = [
    path("bestanden/vastgehouden/<str:token>/", views.held, name="held"),
]

from django.urls import path

from klushuis.privacy import views

app_name = "privacy"

urlpatterns = [
    path("mijn-gegevens/", views.my_data, name="my_data"),
    path("mijn-gegevens/download.zip", views.my_data_download, name="my_data_download"),
    path("mijn-gegevens/verwijderen/", views.my_data_delete, name="my_data_delete"),
]

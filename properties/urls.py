from django.urls import path

from properties import views

app_name = "properties"

urlpatterns = [
    path("aanbod/", views.property_list, name="property_list"),
    path("aanbod/<str:reference>/", views.property_detail, name="property_detail"),
    path(
        "aanbod/<str:reference>/foto/<int:pk>/",
        views.property_photo,
        name="property_photo",
    ),
    path(
        "aanbod/<str:reference>/foto/<int:pk>/klein/",
        views.property_photo,
        {"size": "thumb"},
        name="property_photo_thumb",
    ),
    path(
        "aanbod/<str:reference>/documenten/<int:pk>/",
        views.property_document,
        name="property_document",
    ),
    path("verkooprondes/", views.round_list, name="round_list"),
    path("verkooprondes/<str:slug>/", views.round_detail, name="round_detail"),
    path("attendering/", views.alert_subscribe, name="alert_subscribe"),
    path("attendering/verstuurd/", views.alert_subscribe_done, name="alert_subscribe_done"),
    path("attendering/bevestigen/<str:token>/", views.alert_confirm, name="alert_confirm"),
    path("attendering/afmelden/<str:token>/", views.alert_unsubscribe, name="alert_unsubscribe"),
]

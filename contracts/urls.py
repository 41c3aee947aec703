from django.urls import path

from contracts import views

app_name = "contracts"

urlpatterns = [
    path("inschrijvingen/<str:reference>/aanbieding/<int:pk>/", views.offer, name="offer"),
    path(
        "inschrijvingen/<str:reference>/koopovereenkomst/intrekken/",
        views.withdraw,
        name="withdraw",
    ),
    path(
        "inschrijvingen/<str:reference>/koopovereenkomst/v<int:number>.pdf",
        views.contract_pdf,
        name="pdf",
    ),
    path(
        "inschrijvingen/<str:reference>/koopovereenkomst/ontbinden/",
        views.dissolve,
        name="dissolve",
    ),
    path("inschrijvingen/<str:reference>/brieven/<str:kind>.pdf", views.letter, name="letter"),
]

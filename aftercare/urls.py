from django.urls import path

from aftercare import views

app_name = "aftercare"

urlpatterns = [
    path("mijn-woning/", views.mine, name="mine"),
    path("mijn-woning/<int:pk>/", views.home, name="home"),
    path("mijn-woning/<int:pk>/voortgang/", views.progress, name="progress"),
    path("mijn-woning/<int:pk>/gereedmelding/", views.notice, name="notice"),
    path("mijn-woning/<int:pk>/fotos-delen/", views.consent, name="consent"),
    path("mijn-woning/<int:pk>/inschrijving/", views.registration, name="registration"),
    path("mijn-woning/<int:pk>/ontheffing/", views.exemption, name="exemption"),
    path("mijn-woning/<int:pk>/verkoop/", views.resale_report, name="resale_report"),
    path("mijn-woning/<int:pk>/verklaring-van-vrijstelling.pdf", views.statement, name="statement"),
    path("mijn-woning/bewijs/<int:pk>/", views.evidence, name="evidence"),
    path(
        "mijn-woning/ontheffing/document/<int:pk>/",
        views.exemption_document,
        name="exemption_document",
    ),
    path("mijn-woning/brief/<int:pk>/", views.letter, name="letter"),
    path("notaris/woningen/", views.notary_homes, name="notary_homes"),
    path("notaris/woningen/<int:pk>/verkoop/", views.notary_report, name="notary_report"),
    path("woningen/<str:reference>/na/<int:pk>.jpg", views.public_photo, name="public_photo"),
]

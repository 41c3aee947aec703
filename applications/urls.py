from django.urls import path

from applications import views

app_name = "applications"

urlpatterns = [
    path("mijn-inschrijvingen/", views.dashboard, name="dashboard"),
    path("verkooprondes/<str:slug>/inschrijven/", views.start, name="start"),
    path("inschrijvingen/<str:reference>/", views.detail, name="detail"),
    path("inschrijvingen/<str:reference>/stap/<int:step>/", views.step, name="step"),
    path("inschrijvingen/<str:reference>/indienen/", views.submit, name="submit"),
    path("inschrijvingen/<str:reference>/intrekken/", views.withdraw, name="withdraw"),
    path("inschrijvingen/<str:reference>/heropenen/", views.reopen, name="reopen"),
    path(
        "inschrijvingen/<str:reference>/documenten/financiering/",
        views.document,
        {"kind": "financing"},
        name="financing_statement",
    ),
    path(
        "inschrijvingen/<str:reference>/documenten/tekeningen/<int:pk>/",
        views.document,
        {"kind": "drawings"},
        name="drawings",
    ),
]

from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("rapportage/", views.dashboard, name="dashboard"),
    path("rapportage/raadsrapportage.pdf", views.council_report, name="council_report"),
    path("rapportage/tabellen.xlsx", views.export, name="export"),
    path("resultaten/<slug:municipality>/<slug:neighbourhood>/", views.results, name="results"),
]

from django.urls import path

from applications import views
from applications.assessment import views as assessment
from applications.lottery import views as lottery
from applications.offers import views as offers

app_name = "applications"

urlpatterns = [
    path("verkooprondes/<str:slug>/loting.json", lottery.record, name="lottery_record"),
    path(
        "verkooprondes/<str:slug>/loting/<int:pk>.json",
        lottery.record,
        name="lottery_record_by_id",
    ),
    path(
        "verkooprondes/<str:slug>/loting/<int:pk>/proces-verbaal.pdf",
        lottery.report,
        name="lottery_report",
    ),
    path("verkooprondes/<str:slug>/deelnemers.json", lottery.snapshot, name="lottery_snapshot"),
    path(
        "verkooprondes/<str:slug>/deelnemers/<int:pk>.json",
        lottery.snapshot,
        name="lottery_snapshot_by_id",
    ),
    path("verkooprondes/<str:slug>/aanbiedingen.json", offers.offer_log_json, name="offer_log"),
    path(
        "verkooprondes/<str:slug>/beoordeling.json",
        assessment.outcome_json,
        name="assessment_outcome",
    ),
    path("jury/", assessment.jury_rounds, name="jury_rounds"),
    path("jury/<str:slug>/", assessment.jury_round, name="jury_round"),
    path("jury/<str:slug>/<str:reference>/<str:home>/", assessment.jury_plan, name="jury_plan"),
    path(
        "jury/<str:slug>/<str:reference>/<str:home>/tekeningen.pdf",
        assessment.jury_drawings,
        name="jury_drawings",
    ),
    path("loting-controleren/", lottery.how_to_verify, name="lottery_verify"),
    path("loting-controleren/verify_record.py", lottery.verifier_script, name="lottery_verifier"),
    path("loting/", lottery.draw_list, name="lottery_draw_list"),
    path("loting/<str:slug>/trekken/", lottery.draw, name="lottery_draw"),
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

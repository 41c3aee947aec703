from django.contrib.auth import views as auth_views
from django.urls import path

from klushuis.accounts import second_factor_views, views

app_name = "accounts"

urlpatterns = [
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("registreren/", views.register, name="register"),
    path("registreren/verstuurd/", views.register_done, name="register_done"),
    path("bevestigen/opnieuw/", views.verify_resend, name="verify_resend"),
    path("bevestigen/<str:token>/", views.verify, name="verify"),
    path("wachtwoord/vergeten/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "wachtwoord/vergeten/verstuurd/",
        views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "wachtwoord/nieuw/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord/nieuw/klaar/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("wachtwoord/wijzigen/", views.PasswordChangeView.as_view(), name="password_change"),
    path("tweede-stap/", second_factor_views.verify, name="second_factor"),
    path("tweede-stap/instellen/", second_factor_views.setup, name="second_factor_setup"),
    path("tweede-stap/instellen/qr.svg", second_factor_views.qr_code, name="second_factor_qr"),
    path(
        "tweede-stap/herstelcodes/",
        second_factor_views.recovery_codes,
        name="second_factor_recovery_codes",
    ),
    path(
        "tweede-stap/herstelcodes/nieuw/",
        second_factor_views.new_recovery_codes,
        name="second_factor_new_recovery_codes",
    ),
    path("", views.account, name="account"),
]

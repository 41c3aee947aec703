from django.contrib.auth import views as auth_views
from django.urls import path

from klushuis.accounts import views

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
    path("", views.account, name="account"),
]

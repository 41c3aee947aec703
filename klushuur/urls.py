from django.urls import path

from klushuur import views

app_name = "klushuur"

urlpatterns = [
    path("klushuur/", views.offer_list, name="offer_list"),
    path("klushuur/interesse/", views.interest, name="interest"),
    path("klushuur/mijn/", views.mine, name="mine"),
    path("klushuur/mijn/woning/<int:pk>/", views.home, name="home"),
    path("klushuur/mijn/<int:pk>/", views.agreement, name="agreement"),
    path("klushuur/mijn/<int:pk>/ondertekenen/", views.sign, name="sign"),
    path("klushuur/mijn/<int:pk>/addendum-v<int:number>.pdf", views.addendum_pdf, name="addendum"),
    path("klushuur/mijn/<int:pk>/huurschema.<str:fmt>", views.schedule, name="schedule"),
    path("klushuur/mijn/<int:pk>/klus/<int:job>/gereed/", views.report, name="report"),
    path("klushuur/mijn/<int:pk>/foto/<int:photo>/", views.photo, name="photo"),
    path("klushuur/<slug:slug>/", views.offer_detail, name="offer_detail"),
    path("klushuur/<slug:slug>/aanmelden/", views.apply, name="apply"),
]

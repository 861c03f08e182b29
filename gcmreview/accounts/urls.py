from django.urls import path

from gcmreview.accounts import views

urlpatterns = [
    path("accounts/sign-in/", views.login, name="login"),
    path("accounts/sign-in/code/", views.login_verify, name="login-verify"),
    path("accounts/sign-out/", views.logout, name="logout"),
    path("accounts/sign-up/", views.signup, name="signup"),
    path("accounts/two-factor/", views.two_factor, name="two-factor"),
]

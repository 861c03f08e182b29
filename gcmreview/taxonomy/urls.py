from django.urls import path

from gcmreview.taxonomy import views

urlpatterns = [path("objectives/", views.objectives_page, name="objectives")]

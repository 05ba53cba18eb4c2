from django.urls import path

from thaogo.notifications import views

app_name = "notifications"
urlpatterns = [
    path("notifications/", views.notification_list, name="list"),
    path("notifications/<int:pk>/", views.notification_open, name="open"),
    path("notifications/settings/", views.notification_preferences, name="preferences"),
    path("calendar/", views.calendar_settings, name="calendar"),
]

# The feed answers without a login (its token is the credential), so it lives outside /app/.
feed_urlpatterns = [
    path("calendar/<str:token>.ics", views.calendar_feed, name="feed"),
]

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from zeroharm.accounts.views import switch_language
from zeroharm.dashboards.views import HomeView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("i18n/setlang/", switch_language, name="set_language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("org/", include("zeroharm.org.urls")),
    path("accounts/", include("zeroharm.accounts.urls")),
    path("inbox/", include("zeroharm.notifications.urls")),
    path("risks/", include("zeroharm.risks.urls")),
    path("actions/", include("zeroharm.actions.urls")),
    path("inspections/", include("zeroharm.inspections.urls")),
    path("hazards/", include("zeroharm.hazards.urls")),
    path("incidents/", include("zeroharm.incidents.urls")),
    path("training/", include("zeroharm.training.urls")),
    path("teams/", include("zeroharm.teams.urls")),
    path("responsibility/", include("zeroharm.responsibility.urls")),
    path("rewards/", include("zeroharm.rewards.urls")),
    path("campaigns/", include("zeroharm.campaigns.urls")),
    path("reviews/", include("zeroharm.reports.urls")),
    path("analytics/", include("zeroharm.analytics.urls")),
    path("glance/", include("zeroharm.dashboards.urls")),
    path("signatures/", include("zeroharm.core.urls_signatures")),
    path("files/", include("zeroharm.core.urls_files")),
    path("api/v1/", include("zeroharm.api_urls")),
]

if settings.DEBUG:
    from django.contrib import admin

    urlpatterns.append(path("django-admin/", admin.site.urls))

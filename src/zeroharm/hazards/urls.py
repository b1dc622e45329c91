
from zeroharm.hazards import urls_statistics, views  # noqa: F401

app_name = "hazards"

urlpatterns = [
    *urls_statistics.urlpatterns,
]

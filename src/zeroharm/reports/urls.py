"""/reviews/: the summary reviews, drafting one, a review and its steps, its files, a plan item ticked done."""

from django.urls import path

from zeroharm.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.ReviewListView.as_view(), name="review_list"),
    path("add/", views.ReviewDraftView.as_view(), name="review_add"),
    path("<int:pk>/", views.ReviewDetailView.as_view(), name="review_detail"),
    path("<int:pk>/step/<slug:step>/", views.ReviewStepView.as_view(), name="review_step"),
    path("<int:pk>/file.<slug:fmt>", views.ReviewFileView.as_view(), name="review_file"),
    path("plan/<int:pk>/done/", views.PlanDoneView.as_view(), name="plan_done"),
]

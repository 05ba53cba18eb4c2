from django.urls import path

from thaogo.evaluation import views

app_name = "evaluation"

urlpatterns = [
    path("rules/", views.rule_list, name="rule_list"),
    path("rules/new/", views.rule_create, name="rule_create"),
    path("rules/<int:pk>/", views.rule_edit, name="rule_edit"),
    path("rounds/", views.round_list, name="round_list"),
    path("rounds/new/", views.round_create, name="round_create"),
    path("rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("rounds/<int:pk>/recompute/", views.round_recompute, name="round_recompute"),
    path("rounds/<int:pk>/approve/", views.round_approve, name="round_approve"),
    path("rounds/<int:pk>/reopen/", views.round_reopen, name="round_reopen"),
    path("rounds/<int:pk>/table.xlsx", views.round_export, name="round_export"),
    path("<int:pk>/", views.evaluation_detail, name="detail"),
    path("<int:pk>/self-assessment/", views.self_assessment, name="self_assessment"),
    path("<int:pk>/proposal/", views.propose, name="propose"),
    path("<int:pk>/sheet.docx", views.evaluation_sheet, name="sheet"),
    path("cadre-source/", views.cadre_source, name="cadre_source"),
    path("cadre-source/export/", views.cadre_source_export, name="cadre_source_export"),
]

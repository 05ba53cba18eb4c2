from django.urls import URLPattern, path

from thaogo.registry import views


def rule_register(prefix: str, register: str) -> list[URLPattern]:
    """The list, creation and edit pages of one of views.RULE_REGISTERS: registry:<register>_list,
    registry:<register>_create and registry:<register>_edit."""
    kwargs = {"register": register}
    return [
        path(f"{prefix}/", views.rule_list, kwargs, name=f"{register}_list"),
        path(f"{prefix}/new/", views.rule_create, kwargs, name=f"{register}_create"),
        path(f"{prefix}/<int:pk>/", views.rule_edit, kwargs, name=f"{register}_edit"),
    ]


app_name = "registry"
urlpatterns = [
    path("", views.index, name="index"),
    path("cadres/", views.cadre_list, name="cadre_list"),
    path("cadres/new/", views.cadre_create, name="cadre_create"),
    path("cadres/<int:pk>/", views.cadre_edit, name="cadre_edit"),
    path("cadres/<int:pk>/positions/", views.position_add, name="position_add"),
    path("positions/<int:pk>/end/", views.position_end, name="position_end"),
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:pk>/", views.user_edit, name="user_edit"),
    path("users/<int:pk>/password-link/", views.user_send_link, name="user_send_link"),
    path("units/", views.unit_list, name="unit_list"),
    path("units/new/", views.unit_create, name="unit_create"),
    path("units/<int:pk>/", views.unit_edit, name="unit_edit"),
    path("targets/", views.target_list, name="target_list"),
    path("targets/<int:pk>/", views.target_edit, name="target_edit"),
    path("targets/<int:pk>/years/", views.target_year_add, name="target_year_add"),
    path("target-years/<int:pk>/", views.target_year_edit, name="target_year_edit"),
    path("holidays/", views.holiday_list, name="holiday_list"),
    path("holidays/new/", views.holiday_create, name="holiday_create"),
    path("holidays/<int:pk>/", views.holiday_edit, name="holiday_edit"),
    path("document-types/", views.document_type_list, name="document_type_list"),
    path("document-types/new/", views.document_type_create, name="document_type_create"),
    path("document-types/<int:pk>/", views.document_type_edit, name="document_type_edit"),
    path("reporting-kinds/", views.reporting_kind_list, name="reporting_kind_list"),
    path("reporting-kinds/new/", views.reporting_kind_create, name="reporting_kind_create"),
    path("reporting-kinds/<int:pk>/", views.reporting_kind_edit, name="reporting_kind_edit"),
    *rule_register("deadline-rules", "deadline_rule"),
    *rule_register("units-of-measure", "unit_of_measure"),
    *rule_register("make-up-days", "swapped_day"),
    *rule_register("committee-terms", "committee_term"),
    path("import/<slug:kind>/", views.import_start, name="import_start"),
    path("import/<slug:kind>/template/", views.import_template, name="import_template"),
    path("import/batch/<slug:token>/", views.import_preview, name="import_preview"),
    path("export/<slug:kind>/", views.export_list, name="export"),
]

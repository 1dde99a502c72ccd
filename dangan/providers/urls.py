from django.urls import path

from . import import_views, views

p = "<int:provider_pk>/"

urlpatterns = [
    path("", views.ProviderListView.as_view(), name="provider_list"),
    path("mine/", views.MyProviderView.as_view(), name="provider_mine"),
    path("<int:pk>/", views.ProviderDetailView.as_view(), name="provider_detail"),
    path(f"{p}profile/", views.ProfileEditView.as_view(), name="provider_profile_edit"),
    path(f"{p}shareholders/add/", views.ShareholderEditView.as_view(), name="provider_shareholder_add"),
    path(f"{p}shareholders/<int:pk>/", views.ShareholderEditView.as_view(), name="provider_shareholder_edit"),
    path(f"{p}staff/add/", views.StaffEditView.as_view(), name="provider_staff_add"),
    path(f"{p}staff/<int:pk>/", views.StaffEditView.as_view(), name="provider_staff_edit"),
    path(
        f"{p}staff/<int:staff_pk>/training/add/",
        views.TrainingEditView.as_view(),
        name="provider_training_add",
    ),
    path(
        f"{p}staff/<int:staff_pk>/training/<int:pk>/",
        views.TrainingEditView.as_view(),
        name="provider_training_edit",
    ),
    path(f"{p}qualifications/add/", views.QualificationEditView.as_view(), name="provider_qualification_add"),
    path(
        f"{p}qualifications/<int:pk>/",
        views.QualificationEditView.as_view(),
        name="provider_qualification_edit",
    ),
    path(f"{p}equipment/add/", views.EquipmentEditView.as_view(), name="provider_equipment_add"),
    path(f"{p}equipment/<int:pk>/", views.EquipmentEditView.as_view(), name="provider_equipment_edit"),
    path(f"{p}software/add/", views.SoftwareEditView.as_view(), name="provider_software_add"),
    path(f"{p}software/<int:pk>/", views.SoftwareEditView.as_view(), name="provider_software_edit"),
    path(f"{p}<str:kind>/<int:pk>/delete/", views.RegistryDeleteView.as_view(), name="provider_row_delete"),
    path(f"{p}bad-records/add/", views.BadRecordCreateView.as_view(), name="provider_bad_record_add"),
    path(f"{p}import/<str:kind>/", import_views.ImportUploadView.as_view(), name="provider_import"),
    path(
        f"{p}import/<str:kind>/commit/",
        import_views.ImportCommitView.as_view(),
        name="provider_import_commit",
    ),
    path("import/<str:kind>/template.xlsx", import_views.template_download, name="provider_import_template"),
]

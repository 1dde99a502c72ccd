from dangan.core.api import api_router

from . import views

api_router.register("providers", views.ProviderViewSet, basename="provider")
api_router.register("provider-profiles", views.ProviderProfileViewSet, basename="provider-profile")
api_router.register("provider-shareholders", views.ShareholderViewSet, basename="provider-shareholder")
api_router.register("provider-staff", views.StaffMemberViewSet, basename="provider-staff")
api_router.register("provider-training", views.TrainingRecordViewSet, basename="provider-training")
api_router.register("provider-qualifications", views.QualificationViewSet, basename="provider-qualification")
api_router.register("provider-equipment", views.EquipmentViewSet, basename="provider-equipment")
api_router.register("provider-software", views.SoftwareViewSet, basename="provider-software")
api_router.register("provider-bad-records", views.BadRecordViewSet, basename="provider-bad-record")

urlpatterns: list = []

"""The transfer routes of the portals (parent space and school administration), added to massar/portals/urls.py."""

from django.urls import path

from ..parent import transfers as parent_transfers
from . import transfers

urlpatterns = [
    path("children/transfers/", parent_transfers.children_transfers, name="transfers_children"),
    path("children/transfers/<str:massar_code>/", parent_transfers.child_transfers, name="transfers_child"),
    path("children/transfers/<str:massar_code>/<int:request_id>/cancel/", parent_transfers.child_transfer_cancel,
         name="transfers_child_cancel"),
    path("staff/transfers/", transfers.staff_transfers, name="transfers_staff"),
    path("staff/transfers/<int:request_id>/", transfers.staff_transfer_detail, name="transfers_staff_detail"),
    path("staff/transfers/<int:request_id>/certificate/", transfers.staff_transfer_certificate,
         name="transfers_staff_certificate"),
    path("staff/transfers/<int:request_id>/accept/", transfers.staff_transfer_accept, name="transfers_staff_accept"),
    path("staff/transfers/<int:request_id>/refuse/", transfers.staff_transfer_refuse, name="transfers_staff_refuse"),
    path("staff/transfers/<int:request_id>/cancel/", transfers.staff_transfer_cancel, name="transfers_staff_cancel"),
    path("staff/students/<str:massar_code>/transfer/", transfers.staff_transfer_start, name="transfers_staff_start"),
]

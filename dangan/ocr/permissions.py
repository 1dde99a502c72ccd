"""Capabilities of the OCR app. Searching needs no capability: scoping alone decides what is found."""

from dangan.accounts import roles
from dangan.core.permissions import register

START_ROLES = {roles.CLIENT_MANAGER, roles.CLIENT_STAFF, roles.PROVIDER_MANAGER}

register("ocr.start_job", "发起全文识别任务", START_ROLES, {roles.CLIENT, roles.PROVIDER})

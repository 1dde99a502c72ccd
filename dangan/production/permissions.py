"""Capabilities of the production app."""

from dangan.accounts import roles
from dangan.core.permissions import register

register(
    "production.record",
    "报送加工进度",
    {roles.PROVIDER_MANAGER, roles.PROVIDER_OPERATOR},
    {roles.PROVIDER},
)
register(
    "production.configure",
    "设置项目生产环节",
    {roles.PROVIDER_MANAGER, roles.CLIENT_MANAGER},
    {roles.PROVIDER, roles.CLIENT},
)

from .organization import Organization
from .role import Role
from .user import User

__all__ = ["Organization", "Role", "User"]

"""Services of the supervision app; import the submodules (inspections, incidents, regulator, …)."""

from .common import SupervisionError

__all__ = ["SupervisionError"]

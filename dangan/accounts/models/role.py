from django.db import models
from django.utils.translation import gettext_lazy as _

from .. import roles


class Role(models.Model):
    code = models.CharField(_("代码"), max_length=40, unique=True, choices=roles.ROLE_CHOICES)
    name = models.CharField(_("名称"), max_length=50)
    description = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("角色")
        verbose_name_plural = _("角色")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

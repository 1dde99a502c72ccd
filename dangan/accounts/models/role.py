from django.db import models

from .. import roles


class Role(models.Model):
    code = models.CharField("代码", max_length=40, unique=True, choices=roles.ROLE_CHOICES)
    name = models.CharField("名称", max_length=50)
    description = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "角色"
        verbose_name_plural = "角色"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

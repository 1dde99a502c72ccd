from django.db import migrations


def create_roles(apps, schema_editor):
    from dangan.accounts.roles import ROLE_DEFS

    Role = apps.get_model("accounts", "Role")
    for role in ROLE_DEFS:
        Role.objects.update_or_create(code=role.code, defaults={"name": role.name, "description": role.description})


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]

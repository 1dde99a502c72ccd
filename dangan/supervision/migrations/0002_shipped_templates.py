from django.db import migrations


def load(apps, schema_editor):
    from dangan.supervision.checklists import load_shipped_templates

    load_shipped_templates(apps.get_model("supervision", "InspectionTemplate"), apps.get_model("supervision", "TemplateItem"))


class Migration(migrations.Migration):
    dependencies = [("supervision", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

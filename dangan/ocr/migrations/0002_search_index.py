"""The full-text index table, created only on the database it belongs to (see dangan.ocr.backends)."""

from django.db import migrations


def create_index(apps, schema_editor):
    from dangan.ocr.backends import BACKENDS

    backend = BACKENDS.get(schema_editor.connection.vendor)
    if backend is not None:
        for sql in backend.create_sql:
            schema_editor.execute(sql)


def drop_index(apps, schema_editor):
    from dangan.ocr.backends import BACKENDS

    backend = BACKENDS.get(schema_editor.connection.vendor)
    if backend is not None:
        for sql in backend.drop_sql:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("ocr", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]

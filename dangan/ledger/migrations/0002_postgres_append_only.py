"""On PostgreSQL the database itself refuses UPDATE and DELETE on the ledger table."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION dangan_ledger_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'dangan audit ledger is append-only: % refused on entry %', TG_OP, OLD.seq
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS dangan_ledger_no_update_delete ON ledger_ledgerentry;
CREATE TRIGGER dangan_ledger_no_update_delete
    BEFORE UPDATE OR DELETE ON ledger_ledgerentry
    FOR EACH ROW EXECUTE FUNCTION dangan_ledger_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS dangan_ledger_no_update_delete ON ledger_ledgerentry;
DROP FUNCTION IF EXISTS dangan_ledger_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]

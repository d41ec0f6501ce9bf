"""On PostgreSQL the database itself refuses UPDATE and DELETE of audit events."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION beleid_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER beleid_auditevent_append_only
    BEFORE UPDATE OR DELETE ON beleid_auditevent
    FOR EACH ROW EXECUTE FUNCTION beleid_auditevent_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS beleid_auditevent_append_only ON beleid_auditevent;
DROP FUNCTION IF EXISTS beleid_auditevent_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("beleid", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]

"""Every document gets a verification code (printed in its footer, looked up on the
verification page); documents made on the command line have no requester. Existing documents
get a code each: added without the unique constraint, filled one by one, then made unique."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import beleid.models.documents


def fill_codes(apps, schema_editor):
    from beleid.models.documents import new_verification_code

    Document = apps.get_model("beleid", "Document")
    taken = set()
    for document in Document.objects.only("pk").iterator():
        code = new_verification_code()
        while code in taken:
            code = new_verification_code()
        taken.add(code)
        Document.objects.filter(pk=document.pk).update(verification_code=code)


class Migration(migrations.Migration):

    dependencies = [
        ('beleid', '0005_documents'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='document',
            name='verification_code',
            field=models.CharField(default='', editable=False, max_length=14, verbose_name='verification code'),
            preserve_default=False,
        ),
        migrations.RunPython(fill_codes, migrations.RunPython.noop, elidable=False),
        migrations.AlterField(
            model_name='document',
            name='verification_code',
            field=models.CharField(default=beleid.models.documents.new_verification_code, editable=False, max_length=14, unique=True, verbose_name='verification code'),
        ),
        migrations.AlterField(
            model_name='document',
            name='requested_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='requested by'),
        ),
        migrations.AddIndex(
            model_name='document',
            index=models.Index(fields=['sha256'], name='beleid_document_sha256'),
        ),
    ]

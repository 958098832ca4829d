"""The candidate's Party membership, stored when the candidate is nominated and vetted (the dashboards read it
without the resident table). Existing candidates take their resident's membership as the register holds it now."""

from django.db import migrations, models
from django.db.models import Exists, OuterRef


def backfill(apps, schema_editor):
    Candidate = apps.get_model("candidates", "Candidate")
    Resident = apps.get_model("residents", "Resident")
    members = Resident.objects.filter(pk=OuterRef("resident_id"), is_party_member=True)
    Candidate.objects.filter(Exists(members)).update(party_member_at_vetting=True)


class Migration(migrations.Migration):
    dependencies = [
        ("candidates", "0001_initial"),
        ("residents", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="candidate",
            name="party_member_at_vetting",
            field=models.BooleanField(default=False, verbose_name="Party member when vetted"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]

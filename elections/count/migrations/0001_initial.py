"""The count's models move here from the `conference` app, keeping their tables (state only).

`conference/migrations/0003_count_moved_out.py` drops them from the conference app's state after this
one; no table, column or row changes. Paper fingerprints name their record by its model label, so the
moved records' labels are renamed with them (the append-only audit log keeps its old labels; see
`elections.audit_display`).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

#: Model labels before and after the move.
MOVED = ["count", "countvote", "corrigendum", "recognitiondecision", "tallyentry", "tallyentryvote"]


def _relabel(apps, schema_editor, old: str, new: str) -> None:
    PaperFingerprint = apps.get_model("verification", "PaperFingerprint")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        PaperFingerprint.objects.filter(object_type=f"{old}.{model}").update(object_type=f"{new}.{model}")
        if not ContentType.objects.filter(app_label=new, model=model).exists():
            ContentType.objects.filter(app_label=old, model=model).update(app_label=new)


def relabel_forward(apps, schema_editor) -> None:
    _relabel(apps, schema_editor, "conference", "count")


def relabel_backward(apps, schema_editor) -> None:
    _relabel(apps, schema_editor, "count", "conference")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('candidates', '0001_initial'),
        ('conference', '0002_count'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('elections', '0003_legal_profiles'),
        ('residents', '0001_initial'),
        ('verification', '0001_paper_fingerprints'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Count',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('issued', models.PositiveIntegerField(default=0, verbose_name='ballots issued')),
                        ('returned', models.PositiveIntegerField(default=0, verbose_name='ballots returned')),
                        ('valid', models.PositiveIntegerField(default=0, verbose_name='valid ballots')),
                        ('invalid_not_official_form', models.PositiveIntegerField(default=0, verbose_name='Not the official ballot form')),
                        ('invalid_no_stamp', models.PositiveIntegerField(default=0, verbose_name="Without the election team's stamp")),
                        ('invalid_too_many_names', models.PositiveIntegerField(default=0, verbose_name='More names kept than seats')),
                        ('invalid_all_crossed_out', models.PositiveIntegerField(default=0, verbose_name='All names crossed out')),
                        ('invalid_added_content', models.PositiveIntegerField(default=0, verbose_name='Other names or content added')),
                        ('invalid_other', models.PositiveIntegerField(default=0, verbose_name='Other reason')),
                        ('voting_method', models.CharField(max_length=10, verbose_name='voting method')),
                        ('electorate', models.PositiveIntegerField(verbose_name='electorate')),
                        ('present', models.PositiveIntegerField(verbose_name='voters present')),
                        ('method', models.CharField(choices=[('agreed', 'Both entries agreed'), ('resolved', 'Differences resolved by the head of the count board')], max_length=10, verbose_name='accepted because')),
                        ('accepted_at', models.DateTimeField(auto_now_add=True, verbose_name='accepted at')),
                        ('resolution_note', models.TextField(blank=True, verbose_name='resolution note')),
                        ('resolution', models.JSONField(blank=True, default=list, verbose_name='resolved differences')),
                        ('outcome', models.CharField(choices=[('elected', 'Elected'), ('tie', 'Tie: nobody elected'), ('below_threshold', 'Nobody reached more than half of the electorate'), ('no_candidates', 'No candidates')], max_length=20, verbose_name='result')),
                        ('complaints', models.TextField(blank=True, verbose_name='complaints raised during the count')),
                        ('count_started_at', models.DateTimeField(blank=True, null=True, verbose_name='count began at')),
                        ('count_ended_at', models.DateTimeField(blank=True, null=True, verbose_name='count ended at')),
                        ('sealed_at', models.DateTimeField(blank=True, null=True, verbose_name='sealed at')),
                        ('conference', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='count', to='conference.conference', verbose_name='conference')),
                        ('elected', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='candidates.candidate', verbose_name='elected')),
                        ('resolved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='resolved by')),
                        ('sealed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='sealed by')),
                        ('witness_1', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='conference.elector', verbose_name='first witness')),
                        ('witness_2', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='conference.elector', verbose_name='second witness')),
                    ],
                    options={
                        'db_table': 'conference_count',
                        'verbose_name': 'count',
                        'verbose_name_plural': 'counts',
                        'ordering': ['conference'],
                    },
                ),
                migrations.CreateModel(
                    name='Corrigendum',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('number', models.PositiveSmallIntegerField(verbose_name='number')),
                        ('reason', models.TextField(verbose_name='reason')),
                        ('corrected_at', models.DateTimeField(auto_now_add=True, verbose_name='corrected at')),
                        ('original', models.JSONField(verbose_name='original figures')),
                        ('corrected', models.JSONField(verbose_name='corrected figures')),
                        ('outcome_before', models.CharField(choices=[('elected', 'Elected'), ('tie', 'Tie: nobody elected'), ('below_threshold', 'Nobody reached more than half of the electorate'), ('no_candidates', 'No candidates')], max_length=20, verbose_name='result before')),
                        ('outcome_after', models.CharField(choices=[('elected', 'Elected'), ('tie', 'Tie: nobody elected'), ('below_threshold', 'Nobody reached more than half of the electorate'), ('no_candidates', 'No candidates')], max_length=20, verbose_name='result after')),
                        ('corrected_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='corrected by')),
                        ('count', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='corrigenda', to='count.count', verbose_name='count')),
                    ],
                    options={
                        'db_table': 'conference_corrigendum',
                        'verbose_name': 'corrigendum',
                        'verbose_name_plural': 'corrigenda',
                        'ordering': ['count', 'number'],
                    },
                ),
                migrations.CreateModel(
                    name='CountVote',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('votes', models.PositiveIntegerField(default=0, verbose_name='votes')),
                        ('candidate', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='candidates.candidate', verbose_name='candidate')),
                        ('count', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='votes', to='count.count')),
                    ],
                    options={
                        'db_table': 'conference_countvote',
                        'verbose_name': 'votes for a candidate',
                        'verbose_name_plural': 'votes for candidates',
                        'ordering': ['count', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='RecognitionDecision',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('number', models.PositiveIntegerField(verbose_name='decision number')),
                        ('decision_date', models.DateField(verbose_name='decision date')),
                        ('proposer', models.CharField(max_length=255, verbose_name='on the proposal of')),
                        ('recipients', models.TextField(help_text='One per line; “Lưu: VT.” is added at the end.', verbose_name='recipients')),
                        ('authority', models.CharField(max_length=20, verbose_name='decision authority')),
                        ('signer_name', models.CharField(max_length=150, verbose_name='signed by')),
                        ('issued_at', models.DateTimeField(auto_now_add=True, verbose_name='issued at')),
                        ('campaign', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='elections.campaign', verbose_name='campaign')),
                        ('candidate', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='candidates.candidate', verbose_name='recognised leader')),
                        ('conference', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='conference.conference', verbose_name='conference')),
                        ('group_election', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='recognition_decision', to='elections.groupelection', verbose_name='group election')),
                        ('issued_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='issued by')),
                        ('leader_term', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='residents.leaderterm')),
                    ],
                    options={
                        'db_table': 'conference_recognitiondecision',
                        'verbose_name': 'recognition decision',
                        'verbose_name_plural': 'recognition decisions',
                        'ordering': ['campaign', 'number'],
                    },
                ),
                migrations.CreateModel(
                    name='TallyEntry',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('issued', models.PositiveIntegerField(default=0, verbose_name='ballots issued')),
                        ('returned', models.PositiveIntegerField(default=0, verbose_name='ballots returned')),
                        ('valid', models.PositiveIntegerField(default=0, verbose_name='valid ballots')),
                        ('invalid_not_official_form', models.PositiveIntegerField(default=0, verbose_name='Not the official ballot form')),
                        ('invalid_no_stamp', models.PositiveIntegerField(default=0, verbose_name="Without the election team's stamp")),
                        ('invalid_too_many_names', models.PositiveIntegerField(default=0, verbose_name='More names kept than seats')),
                        ('invalid_all_crossed_out', models.PositiveIntegerField(default=0, verbose_name='All names crossed out')),
                        ('invalid_added_content', models.PositiveIntegerField(default=0, verbose_name='Other names or content added')),
                        ('invalid_other', models.PositiveIntegerField(default=0, verbose_name='Other reason')),
                        ('slot', models.PositiveSmallIntegerField(choices=[(1, 'First entry'), (2, 'Second entry')], verbose_name='entry')),
                        ('entered_at', models.DateTimeField(auto_now_add=True, verbose_name='entered at')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='last changed')),
                        ('conference', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='tally_entries', to='conference.conference', verbose_name='conference')),
                        ('entered_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='entered by')),
                    ],
                    options={
                        'db_table': 'conference_tallyentry',
                        'verbose_name': 'count entry',
                        'verbose_name_plural': 'count entries',
                        'ordering': ['conference', 'slot'],
                    },
                ),
                migrations.CreateModel(
                    name='TallyEntryVote',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('votes', models.PositiveIntegerField(default=0, verbose_name='votes')),
                        ('candidate', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='candidates.candidate', verbose_name='candidate')),
                        ('entry', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='votes', to='count.tallyentry')),
                    ],
                    options={
                        'db_table': 'conference_tallyentryvote',
                        'verbose_name': 'votes in an entry',
                        'verbose_name_plural': 'votes in an entry',
                        'ordering': ['entry', 'id'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='count',
                    constraint=models.CheckConstraint(condition=models.Q(('present__lte', models.F('electorate'))), name='count_present_le_electorate'),
                ),
                migrations.AddConstraint(
                    model_name='count',
                    constraint=models.CheckConstraint(condition=models.Q(('issued__lte', models.F('present'))), name='count_issued_le_present'),
                ),
                migrations.AddConstraint(
                    model_name='count',
                    constraint=models.CheckConstraint(condition=models.Q(('returned__lte', models.F('issued'))), name='count_returned_le_issued'),
                ),
                migrations.AddConstraint(
                    model_name='count',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('elected__isnull', False), ('outcome', 'elected')), models.Q(models.Q(('outcome', 'elected'), _negated=True), ('elected__isnull', True)), _connector='OR'), name='count_elected_iff_outcome_elected'),
                ),
                migrations.AddConstraint(
                    model_name='count',
                    constraint=models.CheckConstraint(condition=models.Q(('witness_1__isnull', True), models.Q(('witness_1', models.F('witness_2')), _negated=True), _connector='OR'), name='count_two_different_witnesses'),
                ),
                migrations.AddConstraint(
                    model_name='corrigendum',
                    constraint=models.UniqueConstraint(fields=('count', 'number'), name='corrigendum_unique_number'),
                ),
                migrations.AddConstraint(
                    model_name='countvote',
                    constraint=models.UniqueConstraint(fields=('count', 'candidate'), name='countvote_unique_candidate'),
                ),
                migrations.AddConstraint(
                    model_name='recognitiondecision',
                    constraint=models.UniqueConstraint(fields=('campaign', 'number'), name='recognitiondecision_unique_number'),
                ),
                migrations.AddConstraint(
                    model_name='recognitiondecision',
                    constraint=models.CheckConstraint(condition=models.Q(('number__gte', 1)), name='recognitiondecision_number_positive'),
                ),
                migrations.AddConstraint(
                    model_name='tallyentry',
                    constraint=models.UniqueConstraint(fields=('conference', 'slot'), name='tallyentry_unique_slot'),
                ),
                migrations.AddConstraint(
                    model_name='tallyentry',
                    constraint=models.UniqueConstraint(fields=('conference', 'entered_by'), name='tallyentry_unique_member'),
                ),
                migrations.AddConstraint(
                    model_name='tallyentry',
                    constraint=models.CheckConstraint(condition=models.Q(('slot__in', [1, 2])), name='tallyentry_slot_1_or_2'),
                ),
                migrations.AddConstraint(
                    model_name='tallyentryvote',
                    constraint=models.UniqueConstraint(fields=('entry', 'candidate'), name='tallyentryvote_unique_candidate'),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(relabel_forward, relabel_backward),
    ]

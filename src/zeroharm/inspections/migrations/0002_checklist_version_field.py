# The inspection's link to its checklist version was named `version`, which hid the optimistic-lock
# counter every domain record inherits. Renamed, and the counter restored.
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("inspections", "0001_initial")]

    operations = [
        migrations.RenameField("inspection", "version", "checklist_version"),
        migrations.RenameField("historicalinspection", "version", "checklist_version"),
        migrations.AddField("inspection", "version", models.PositiveIntegerField(
            default=1, editable=False, verbose_name="version")),
        migrations.AddField("historicalinspection", "version", models.PositiveIntegerField(
            default=1, editable=False, verbose_name="version")),
    ]

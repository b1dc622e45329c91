"""Saved import mappings belong to a unit (scoped like every record); the name is unique per unit.

Mappings saved before were shared by the whole group, so they go to the group's root unit (the root of the unit
they import into, else the first root): still usable everywhere, changed and deleted by a group role only.
"""

import django.db.models.deletion
from django.db import migrations, models

STEPLEN = 4  # django-treebeard's materialized path: a root unit's path has this length


def give_existing_mappings_the_groups_root(apps, schema_editor):
    mapping_model = apps.get_model("incidents", "ImportMapping")
    unit_model = apps.get_model("org", "OrgUnit")
    first_root = unit_model.objects.filter(depth=1).order_by("path").first()
    for mapping in mapping_model.objects.all():
        unit = unit_model.objects.filter(code=(mapping.fixed or {}).get("unit", "")).first()
        root = unit_model.objects.filter(path=unit.path[:STEPLEN]).first() if unit else first_root
        if root is None:  # no unit at all: nothing was ever imported with it
            mapping.delete()
            continue
        mapping.owner_unit = root
        mapping.save(update_fields=["owner_unit"])


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0006_import_mapping_value_tables"),
        ("org", "0002_person_unit_status_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="importmapping",
            name="owner_unit",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="org.orgunit",
                verbose_name="shared with",
                help_text="The unit whose subtree uses the mapping; the group's top unit shares it with everyone.",
            ),
        ),
        migrations.RunPython(give_existing_mappings_the_groups_root, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="importmapping",
            name="owner_unit",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="org.orgunit",
                verbose_name="shared with",
                help_text="The unit whose subtree uses the mapping; the group's top unit shares it with everyone.",
            ),
        ),
        migrations.AlterField(
            model_name="importmapping",
            name="name",
            field=models.CharField(max_length=100, verbose_name="name"),
        ),
        migrations.AlterModelOptions(
            name="importmapping",
            options={"ordering": ["name", "id"], "verbose_name": "import mapping", "verbose_name_plural": "import mappings"},
        ),
        migrations.AddConstraint(
            model_name="importmapping",
            constraint=models.UniqueConstraint(fields=("owner_unit", "name"), name="inc_mapping_unique_name"),
        ),
    ]

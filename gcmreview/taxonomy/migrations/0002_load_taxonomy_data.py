from django.db import migrations


def load(apps, schema_editor):
    from gcmreview.taxonomy.operations import load_taxonomy_data

    names = [
        "TaxonomyVersion", "Objective", "GuidingPrinciple", "StatementType",
        "StakeholderConstituency",
    ]  # fmt: skip
    load_taxonomy_data(models={name: apps.get_model("taxonomy", name) for name in names})


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

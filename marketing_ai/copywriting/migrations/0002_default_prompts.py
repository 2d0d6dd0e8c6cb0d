from django.db import migrations


def seed_prompts(apps, schema_editor):
    """One prompt per kind and language; rows a person already created are left alone."""
    from marketing_ai.copywriting.prompts import default_prompts

    PromptTemplate = apps.get_model("marketing_ai_copywriting", "PromptTemplate")
    for kind, language, system, body in default_prompts():
        PromptTemplate.objects.get_or_create(kind=kind, language=language, defaults={"system": system, "body": body})


class Migration(migrations.Migration):

    dependencies = [
        ("marketing_ai_copywriting", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(seed_prompts, migrations.RunPython.noop),
    ]

"""Lists get unguessable addresses, and items a length cap.

Existing lists keep every item, owner and sharee; each gets its own random
`uid` (the new URL). A unique column cannot be added to rows that already
exist in one step (every row would get the same default), so: add it
nullable, fill it row by row, then make it unique and required.
"""

import uuid

from django.db import migrations, models


def give_each_list_a_uid(apps, schema_editor):
    List = apps.get_model("lists", "List")
    for list_ in List.objects.filter(uid__isnull=True).only("id"):
        list_.uid = uuid.uuid4()
        list_.save(update_fields=["uid"])


class Migration(migrations.Migration):
    dependencies = [
        ("lists", "0001_initial"),
        ("accounts", "0002_longer_emails"),
    ]

    operations = [
        migrations.AddField(
            model_name="list",
            name="uid",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(give_each_list_a_uid, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="list",
            name="uid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.AlterField(
            model_name="item",
            name="text",
            field=models.TextField(default="", max_length=1000),
        ),
    ]

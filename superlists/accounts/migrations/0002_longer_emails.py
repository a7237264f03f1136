"""Room for every address Django's email validator accepts (up to 320 characters)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="user",
            name="email",
            field=models.EmailField(max_length=320, primary_key=True, serialize=False),
        ),
        migrations.AlterField(
            model_name="token",
            name="email",
            field=models.EmailField(max_length=320),
        ),
    ]

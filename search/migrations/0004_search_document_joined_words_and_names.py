"""The PostgreSQL backend's documents gain their records' own names (ranked first when searched exactly) and the
joined forms of joined words. Documents indexed before this migration have neither until `manage.py rebuild_index`
(or `check_index --fix`, which sees their changed digests) indexes them again; the Whoosh index needs the same."""

import django.contrib.postgres.fields
import django.contrib.postgres.indexes
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_search_document_head_and_sample"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="names_exact",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.CharField(max_length=250),
                default=list,
                help_text="The record's own name and aliases, folded (search.text.folded_name): a query that is one of them ranks the record first.",
                size=None,
            ),
        ),
        migrations.AlterField(
            model_name="searchdocument",
            name="grams",
            field=models.TextField(
                blank=True,
                help_text="For the vector: characters and character pairs of CJK text, and the joined forms of joined words (groundbreaking, nodejs node js).",
            ),
        ),
        migrations.AddIndex(
            model_name="searchdocument",
            index=django.contrib.postgres.indexes.GinIndex(fields=["names_exact"], name="search_document_names_exact"),
        ),
    ]

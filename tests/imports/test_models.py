"""ImportRun's constraints refuse values outside its vocabularies."""

import pytest
from django.db import IntegrityError, transaction

from imports.models import ImportRun

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("field", "name"),
    [
        ("status", "imports_importrun_status_valid"),
        ("source", "imports_importrun_source_valid"),
        ("kind", "imports_importrun_kind_valid"),
    ],
)
def test_vocabulary_constraints(field, name):
    with pytest.raises(IntegrityError, match=name), transaction.atomic():
        ImportRun.objects.create(filename="x.csv", **{field: "bogus"})
    run = ImportRun.objects.create(filename="x.csv")
    assert (str(run), run.change_reason) == (f"Import #{run.pk}: x.csv", f"Import #{run.pk}")

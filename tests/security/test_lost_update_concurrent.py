"""Two saves of the same commitment at the same moment (PostgreSQL): the second waits for the
first's row lock, then sees the new version and is refused. Without SELECT … FOR UPDATE it
would read the old version (the first has not committed yet) and overwrite it."""

import threading
import time
import unittest

from django import forms
from django.db import connection, transaction
from django.test import TransactionTestCase

from commitments.models import Commitment
from ogp.optimistic_lock import OptimisticLockForm
from tests import factories


class TitleForm(OptimisticLockForm):
    class Meta:
        model = Commitment
        fields = ["title"]


@unittest.skipUnless(connection.vendor == "postgresql", "row locks need PostgreSQL")
class ConcurrentSaveTests(TransactionTestCase):
    serialized_rollback = True  # keep the regions and policy areas of the data migrations

    def test_the_second_of_two_simultaneous_saves_waits_and_is_refused(self):
        commitment = factories.make_commitment(title="Open contracts")
        token = commitment.updated_at.isoformat()
        first_holds_lock = threading.Event()
        results = {}

        def save(name, title, before=None, hold=0.0):
            try:
                if before:
                    before.wait(10)
                with transaction.atomic():
                    obj = Commitment.objects.get(pk=commitment.pk)
                    form = TitleForm({"title": title, "lock_version": token}, instance=obj)
                    valid = form.is_valid()
                    results[name] = (valid, form.non_field_errors())
                    if name == "first":
                        first_holds_lock.set()
                        time.sleep(hold)
                    if valid:
                        form.save()
            finally:
                connection.close()

        first = threading.Thread(target=save, args=("first", "First"), kwargs={"hold": 0.5})
        second = threading.Thread(
            target=save, args=("second", "Second"), kwargs={"before": first_holds_lock}
        )
        first.start()
        second.start()
        first.join(20)
        second.join(20)

        self.assertTrue(results["first"][0])
        valid, errors = results["second"]
        self.assertFalse(valid)
        self.assertIn("was changed by", errors[0])
        commitment.refresh_from_db()
        self.assertEqual(commitment.title, "First")


def test_the_form_declares_the_version_field():
    assert isinstance(TitleForm.base_fields["lock_version"].widget, forms.HiddenInput)

"""A token that changes whenever any record of the knowledge base does."""

import uuid

from django.db import models


class DataVersion(models.Model):
    """One row whose token is replaced, in the writing transaction, by every change to a record.

    A fresh random token rather than a counter: a rolled-back transaction puts
    the old token back, and work made from the old data is still right for it,
    while work made inside the rolled-back transaction is never seen again.
    """

    token = models.UUIDField(default=uuid.uuid4)

    def __str__(self):
        return str(self.token)

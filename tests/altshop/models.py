"""Other field names, a string primary key, no category, specs as a list of pairs."""

from django.db import models


class Article(models.Model):
    sku = models.CharField(primary_key=True, max_length=32)
    label = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    cost_cents = models.PositiveIntegerField()
    in_stock = models.BooleanField(default=True)
    specs = models.JSONField(default=list, blank=True)  # [["material", "oak"], ...]

    def __str__(self):
        return self.label

    def get_absolute_url(self):
        return f"/articles/{self.sku}/"

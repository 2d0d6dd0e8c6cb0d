"""The interaction log: shopper events."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Interaction(models.Model):
    """One shopper event (a view, an add to cart, a purchase or a custom type).

    Products are referenced by their id as a string: the host's product model is not ours, and
    its primary key may be an integer, a UUID or a SKU.
    """

    class Source(models.TextChoices):
        PAGE = "page", _("product page")
        API = "api", _("REST API")
        ORDER = "order", _("order")
        IMPORT = "import", _("import")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("customer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="marketing_ai_interactions",
    )
    session_key = models.CharField(_("session"), max_length=64, blank=True, default="")
    product_id = models.CharField(_("product id"), max_length=64)
    event_type = models.CharField(_("event type"), max_length=32)
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    occurred_at = models.DateTimeField(_("occurred at"), default=timezone.now)
    source = models.CharField(_("source"), max_length=16, choices=Source.choices, default=Source.PAGE)
    # Set for events that must not be recorded twice (order lines, imported rows).
    dedupe_key = models.CharField(_("deduplication key"), max_length=64, null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        ordering = ["-occurred_at", "-pk"]
        indexes = [
            models.Index(fields=["product_id", "event_type"], name="mai_inter_product_type"),
            models.Index(fields=["user", "occurred_at"], name="mai_inter_user_time"),
            models.Index(fields=["session_key", "occurred_at"], name="mai_inter_session_time"),
            models.Index(fields=["occurred_at"], name="mai_inter_time"),
        ]
        permissions = [
            ("import_interaction", _("Can import historical interactions")),
        ]

    def __str__(self):
        who = self.user_id or self.session_key[:8] or "?"
        return f"{self.event_type} {self.product_id} by {who}"

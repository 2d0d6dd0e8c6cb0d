"""Throttling with rates from MARKETING_AI["THROTTLE_RATES"], keyed by a view's throttle_scope."""

from rest_framework.throttling import ScopedRateThrottle

from marketing_ai.conf import app_settings


class MarketingAIScopedThrottle(ScopedRateThrottle):
    """Like DRF's ScopedRateThrottle, but the rates live in the app's one settings object."""

    def get_rate(self):
        return app_settings.THROTTLE_RATES.get(self.scope)


class MarketingAIIPThrottle(MarketingAIScopedThrottle):
    """The same rate per client address, whoever is signed in (for scopes named "<scope>_ip")."""

    def allow_request(self, request, view):
        scope = getattr(view, "throttle_scope", None)
        if not scope or f"{scope}_ip" not in app_settings.THROTTLE_RATES:
            return True
        self.scope = f"{scope}_ip"
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        # SimpleRateThrottle's own counting, skipping ScopedRateThrottle's scope lookup.
        return super(ScopedRateThrottle, self).allow_request(request, view)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

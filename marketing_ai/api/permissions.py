"""Permissions per capability: each view names the Django permission an action needs."""

from rest_framework.permissions import BasePermission


class HasActionPermission(BasePermission):
    """Checks ``view.action_permissions[action]`` (a permission name, or None for anyone).

    Actions not listed are refused, so a new action is closed until someone opens it.
    """

    def has_permission(self, request, view):
        action = getattr(view, "action", None) or request.method.lower()
        permissions = getattr(view, "action_permissions", {})
        if action not in permissions:
            return False
        required = permissions[action]
        if required is None:
            return True
        user = request.user
        return bool(user and user.is_authenticated and user.is_active and user.has_perm(required))

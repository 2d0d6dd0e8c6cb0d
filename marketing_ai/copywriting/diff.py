"""A side-by-side, word-level diff of the shop's current text and a draft, for the admin."""

import difflib
import re

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

TOKEN_RE = re.compile(r"\s+|[\u3400-\u9fff]|[^\s\u3400-\u9fff]+")


def _tokens(text):
    return TOKEN_RE.findall(text or "")


def side_by_side(current, draft):
    """An HTML table: the current text with removed words marked, the draft with added words marked.

    Every token is escaped: product names and copy may contain HTML.
    """
    old, new = _tokens(current), _tokens(draft)
    left, right = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        old_part = conditional_escape("".join(old[i1:i2]))
        new_part = conditional_escape("".join(new[j1:j2]))
        if op == "equal":
            left.append(old_part)
            right.append(new_part)
            continue
        if i2 > i1:
            left.append(format_html('<del class="marketing-ai-del">{}</del>', old_part))
        if j2 > j1:
            right.append(format_html('<ins class="marketing-ai-ins">{}</ins>', new_part))
    empty = format_html("<em>{}</em>", _("(empty)"))
    return format_html(
        '<table class="marketing-ai-diff"><thead><tr><th>{}</th><th>{}</th></tr></thead>'
        '<tbody><tr><td>{}</td><td>{}</td></tr></tbody></table>',
        _("Current text"), _("This draft"),
        mark_safe("".join(left)) if current else empty, mark_safe("".join(right)) if draft else empty,
    )

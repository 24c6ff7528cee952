"""Fill ``{name}`` fields of a SQL template with Python values rendered as SQL
literals (never as raw text), for the ``%%heavysql`` magic.

Template syntax:

* ``{name}``        the value of ``name`` as a literal: ``'text'`` (quotes doubled),
  numbers, ``NULL`` for ``None``, ``TRUE``/``FALSE``, ``DATE '...'``,
  ``TIME '...'``, ``TIMESTAMP '...'``; a list, tuple or set becomes
  ``(a, b, c)`` for ``IN``;
* ``{name:ident}``  the value (a ``str``) as a double-quoted identifier, for a
  table or column name (inner ``"`` doubled);
* ``{{`` and ``}}`` a literal ``{`` or ``}``.

Only plain names are looked up; nothing in the template is evaluated.
Pure: no I/O, no imports beyond the standard library.
"""

import datetime
import decimal
import math
import numbers

from .exceptions import InterfaceError

IDENT_SPEC = "ident"


class TemplateError(InterfaceError):
    """The SQL template or one of its values cannot be rendered."""


def _iso_time(value):
    text = value.strftime("%H:%M:%S")
    return text + (".%06d" % value.microsecond if value.microsecond else "")


def _timestamp(value):
    if value.tzinfo is not None and value.utcoffset() is not None:
        # HeavyDB's TIMESTAMP has no zone: aware values are sent as UTC.
        value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return "TIMESTAMP '%s %s'" % (value.strftime("%Y-%m-%d"), _iso_time(value))


def _string(value):
    if "\x00" in value:
        raise TemplateError("a string with a NUL character cannot be a SQL literal")
    return "'" + value.replace("'", "''") + "'"


def _is_missing(value):
    """pandas.NA / NaT and numpy NaT: missing values that are not None."""
    kind = type(value).__name__
    return kind in ("NAType", "NaTType") or (kind == "datetime64" and str(value) == "NaT")


def literal(value):
    """The SQL literal for one Python value."""
    if value is None or _is_missing(value):
        return "NULL"
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return "TRUE" if value else "FALSE"
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, decimal.Decimal):
        if not value.is_finite():
            raise TemplateError("%r has no SQL literal" % (value,))
        return str(value)
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        number = float(value)
        if not math.isfinite(number):
            raise TemplateError("%r has no SQL literal; pass None for NULL" % (value,))
        return repr(number)
    if isinstance(value, datetime.datetime):
        return _timestamp(value)
    if isinstance(value, datetime.date):
        return "DATE '%s'" % value.isoformat()
    if isinstance(value, datetime.time):
        return "TIME '%s'" % _iso_time(value)
    if isinstance(value, (list, tuple, set, frozenset)) or hasattr(value, "tolist"):
        return _value_list(value)
    raise TemplateError("a %s cannot be a SQL literal (use str, int, float, Decimal, bool, "
                        "None, date, time, datetime, or a list of these)" % type(value).__name__)


def _value_list(values):
    items = values.tolist() if hasattr(values, "tolist") else values
    if isinstance(values, (set, frozenset)):
        items = sorted(items, key=repr)  # a set has no order; make the SQL repeatable
    if not isinstance(items, (list, tuple)):  # a numpy scalar's tolist() is the scalar
        return literal(items)
    if not items:
        raise TemplateError("an empty list has no SQL form: IN () is not valid SQL")
    rendered = []
    for item in items:
        if isinstance(item, (list, tuple, set, frozenset)):
            raise TemplateError("a list inside a list cannot be a SQL literal")
        rendered.append(literal(item))
    return "(" + ", ".join(rendered) + ")"


def identifier(value):
    """``value`` as a double-quoted SQL identifier."""
    if not isinstance(value, str) or not value:
        raise TemplateError("{name:ident} needs a non-empty str, not %r" % (value,))
    if "\x00" in value:
        raise TemplateError("an identifier cannot hold a NUL character")
    return '"' + value.replace('"', '""') + '"'


def _field(body, lookup, template, start):
    name, _, spec = body.partition(":")
    name = name.strip()
    if not name.isidentifier():
        raise TemplateError("{%s} at position %d is not a name: put a variable's name in braces, "
                            "or write {{ and }} for literal braces" % (body, start))
    if spec and spec.strip() != IDENT_SPEC:
        raise TemplateError("{%s}: the only format is {%s:%s}" % (body, name, IDENT_SPEC))
    quoted = template[start - 1:start] == "'" and template[start + len(body) + 2:][:1] == "'"
    if quoted and not spec:
        raise TemplateError("'{%s}' is inside quotes: write {%s} without them, the value is "
                            "quoted as a SQL literal for you" % (name, name))
    try:
        value = lookup(name)
    except KeyError:
        raise TemplateError("name %r is not defined" % name) from None
    return identifier(value) if spec else literal(value)


def render(template, lookup):
    """``template`` with each field replaced; ``lookup(name)`` returns a value
    or raises ``KeyError``."""
    out = []
    i, n = 0, len(template)
    while i < n:
        ch = template[i]
        if ch == "{":
            if template.startswith("{{", i):
                out.append("{")
                i += 2
                continue
            end = template.find("}", i + 1)
            if end < 0:
                raise TemplateError("unclosed { at position %d: write {{ for a literal brace" % i)
            out.append(_field(template[i + 1:end], lookup, template, i))
            i = end + 1
        elif ch == "}":
            if template.startswith("}}", i):
                out.append("}")
                i += 2
                continue
            raise TemplateError("single } at position %d: write }} for a literal brace" % i)
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def render_from(template, namespace):
    """:func:`render` with values from a dict (e.g. the notebook's namespace)."""
    return render(template, namespace.__getitem__)

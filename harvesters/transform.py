"""Map a source table to the published schema: headers, values, constants, coordinates.

A ``transform:`` block in a dataset definition (or a layout file in ``harvesters/layouts``)::

    rename: {Source header: PublishedField}   # matched ignoring case, spaces and line breaks
    template: {StreetAddress: "{Building Number} {Street}"}
    constants: {ExtractDate: "{today}", OrganisationURI: "http://..."}
    values: {Category: {"Public loo": "Public toilet"}}   # applied before convert
    convert: {ChargeAmount: money, BabyChange: yes_no, Postcode: postcode, ExtractDate: date_dmy}
      # postcode: the value is a postcode (or empty), else the run stops naming file, row and
      # field; postcode_in_text: the postcode found in an address line, empty when there is none
    coordinates: {from: EPSG:27700, x: Easting, y: Northing, to: EPSG:4326, out_x: GeoX, out_y: GeoY}
    drop_if_empty: [LocationText]
    keep: {oslaua: [S12000050]}   # only rows whose published value is listed (a national file)
    redact:                       # personal data out, row kept (conditions on source columns)
      - {fields: [SupplierName], when: {Supplier Type: [Individual]}, text: "Redacted: personal data"}
    aggregate: {by: [Street, Month], count: Notices, sum: [Amount]}   # one row per group

``coordinates`` may also take ``grid: 100``: the source point is moved to the centre of its
100 m grid square before it is projected (a location to 100 m, never to a house).

Output columns are the Table Schema's fields in order; a schema field no rule fills is
left empty (validation then reports it if it is required).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import compress, repeat
from operator import itemgetter
from typing import Any

import numpy as np

from harvesters import postcode
from harvesters.errors import TransformError
from harvesters.table import Table, all_strings

FORMULA_START = ("=", "+", "@", "\t", "\r")


def norm_header(h: str) -> str:
    """Header key for matching: lower case, whitespace and punctuation runs collapsed."""
    return re.sub(r"[^0-9a-z]+", " ", str(h).lower()).strip()


def neutralise_formula(value: Any) -> Any:
    """Prefix a spreadsheet formula (``=HYPERLINK(...)``, ``+``, ``@``, ``-`` followed by text)
    with an apostrophe so a spreadsheet shows it as text instead of running it."""
    if not isinstance(value, str) or not value:
        return value
    if value.startswith(FORMULA_START) or (
        value.startswith("-") and len(value) > 1 and not (value[1].isdigit() or value[1] in " .")
    ):
        return "'" + value
    return value


# -- value converters ----------------------------------------------------------------------
def _yes_no(v: Any) -> Any:
    s = str(v).strip().lower()
    if s in ("y", "yes", "true", "t", "1"):
        return "True"
    if s in ("n", "no", "false", "f", "0"):
        return "False"
    if re.match(r"(yes|y)\b", s):
        return "True"
    if re.match(r"(no|n)\b", s):
        return "False"
    return "" if s in ("", "n/a", "na", "unknown", "no information held") else v


def _money(v: Any) -> Any:
    s = str(v).strip().lower()
    if s in ("", "n/a"):
        return ""
    if s.startswith("free") or s in ("no", "none", "nil"):
        return "0.00"
    m = re.fullmatch(r"£?\s*(\d+(?:\.\d+)?)\s*(p)?", s)
    if not m:
        return v
    amount = float(m.group(1)) / (100 if m.group(2) else 1)
    return f"{amount:.2f}"


class RefusedValue(ValueError):
    """A converter cannot make sense of a value (the transform names its file, row and field)."""

    def __init__(self, value: Any, reason: str) -> None:
        self.value, self.reason = value, reason
        super().__init__(f"{value!r} {reason}")


def _postcode(v: Any) -> Any:
    """A postcode column: the value normalised by :mod:`harvesters.postcode` (``ml11ab`` ->
    ``ML1 1AB``); an empty value stays empty, anything else is refused."""
    if v is None or not str(v).strip():
        return ""
    found = postcode.normalise(v)
    if found is None:
        raise RefusedValue(v, "is not a UK postcode (Royal Mail format, e.g. 'ML1 1AB')")
    return found


def _postcode_in_text(v: Any) -> Any:
    """The one postcode inside free text (an address line), normalised; "" when the text
    has none (or several different ones)."""
    return postcode.extract(v) or ""


def _date_dmy(v: Any) -> Any:
    s = str(v).strip()
    for fmt in ("%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(s, fmt).date().isoformat()
        except ValueError:
            continue
    return v


def _date_mdy(v: Any) -> Any:
    s = str(v).strip()
    for fmt in ("%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(s, fmt).date().isoformat()
        except ValueError:
            continue
    return v


def _year_month(v: Any) -> Any:
    iso = _date_dmy(v)
    return iso[:7] if isinstance(iso, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", iso) else v


def _strip(v: Any) -> Any:
    return re.sub(r"\s+", " ", v).strip() if isinstance(v, str) else v


def _upper(v: Any) -> Any:
    return v.upper() if isinstance(v, str) else v


WHOLE_FLOAT_RE = re.compile(r"-?\d+\.0+")


def _integer(v: Any) -> Any:
    s = v.strip() if isinstance(v, str) else str(v).strip()
    if s.isascii() and s.isdigit():
        return s
    s = s.replace(",", "")
    return s.split(".")[0] if WHOLE_FLOAT_RE.fullmatch(s) else s


def _integer_column(values: list[Any]) -> list[Any]:
    """``_integer`` over a column; a column of plain ASCII digit strings (or empty ones), as
    most exports are, is returned as it is without a call per value."""
    try:
        ascii_only = "".join(values).isascii()
    except TypeError:  # not all strings
        return list(map(_integer, values))
    if ascii_only and all(map(str.isdigit, filter(None, values))):
        return values
    return list(map(_integer, values))


CONVERTERS: dict[str, Callable[[Any], Any]] = {
    "yes_no": _yes_no,
    "money": _money,
    "postcode": _postcode,
    "postcode_in_text": _postcode_in_text,
    "date_dmy": _date_dmy,
    "date_mdy": _date_mdy,
    "year_month": _year_month,
    "strip": _strip,
    "upper": _upper,
    "integer": _integer,
}
COLUMN_CONVERTERS: dict[str, Callable[[list[Any]], list[Any]]] = {"integer": _integer_column}


def _per_distinct(convert: Callable[[Any], Any]) -> Callable[[list[Any]], list[Any]]:
    """A column converter calling ``convert`` once per distinct value (exports repeat
    postcodes, yes/no answers and dates); converters are pure functions of the value."""

    def column(values: list[Any]) -> list[Any]:
        if not all_strings(values):  # 1, 1.0 and True would share one dictionary key
            return list(map(convert, values))
        done = {v: convert(v) for v in set(values)}
        return list(map(done.__getitem__, values))

    return column


def _num(v: Any) -> float:
    """A source coordinate as a float; NaN when it is empty or not a number."""
    try:
        s = str(v).strip()
        return float(s) if s else math.nan
    except ValueError:
        return math.nan


def _floats(values: list[Any]) -> np.ndarray:
    """A column of coordinates as floats (NaN where empty or not a number): numpy parses a
    column of numbers in one call; any other column goes value by value."""
    try:
        return np.array(values, dtype=float)
    except (TypeError, ValueError):
        return np.fromiter(map(_num, values), dtype=float, count=len(values))


class _SourceColumns:
    """The source table's headers, looked up ignoring case, spaces and punctuation."""

    def __init__(self, table: Table, origin: str) -> None:
        self.table, self.origin = table, origin
        self.by_norm: dict[str, int] = {}
        self.clashes: dict[str, list[int]] = {}  # normalised key -> every source column with it
        for i, h in enumerate(table.fields):
            key = norm_header(h)
            if key in self.by_norm:
                self.clashes.setdefault(key, [self.by_norm[key]]).append(i)
            else:
                self.by_norm[key] = i

    def unique(self, key: str, name: str) -> None:
        """Refuse a look-up that two or more source headers answer alike."""
        if key in self.clashes:
            fields = self.table.fields
            headers = " and ".join(f"{fields[i]!r} (column {i + 1})" for i in self.clashes[key])
            raise TransformError(
                f"{self.origin}: {self.table.source} has headers {headers} that match {name!r} alike "
                "(headers are matched ignoring case, spaces and punctuation); rename one in the export"
            )

    def index(self, name: str, key: str) -> int:
        """The column of source header ``name`` (``key``: the rule naming it, for the error)."""
        i = self.by_norm.get(norm_header(name))
        if i is None:
            raise TransformError(
                f"{self.origin}: {key} names source column {name!r} but {self.table.source} has "
                f"columns {', '.join(repr(f) for f in self.table.fields)}"
            )
        self.unique(norm_header(name), name)
        return i

    def plain(self, name: str) -> int | None:
        """The column with the published field's own name, if the source has one."""
        key = norm_header(name)
        if key not in self.by_norm:
            return None
        self.unique(key, name)
        return self.by_norm[key]


def _template(tmpl: str, idx: dict[str, int]) -> Callable[[list[Any]], str]:
    def fill(r: list[Any]) -> str:
        text = tmpl
        for n, i in idx.items():
            text = text.replace("{" + n + "}", str(r[i] if r[i] is not None else "").strip())
        return re.sub(r"\s+", " ", text).strip(" ,")

    return fill


def _fill_plan(
    spec: dict[str, Any], out_fields: list[str], cols: _SourceColumns, today: dt.date, origin: str
) -> tuple[dict[str, Callable[[list[Any]], Any]], dict[str, int]]:
    """Where each output column comes from: plain copies of a source column (``direct``:
    output column -> source index), and templates and constants (``plan``)."""
    direct: dict[str, int] = {}
    for s_name, d_name in (spec.get("rename") or {}).items():
        direct[d_name] = cols.index(s_name, f"rename.{s_name}")
    for f in out_fields:
        if f not in direct and (i := cols.plain(f)) is not None:
            direct[f] = i
    plan: dict[str, Callable[[list[Any]], Any]] = {}
    for d_name, tmpl in (spec.get("template") or {}).items():
        names = re.findall(r"\{([^}]+)\}", tmpl)
        plan[d_name] = _template(tmpl, {n: cols.index(n, f"template.{d_name}") for n in names})
        direct.pop(d_name, None)
    for d_name, value in (spec.get("constants") or {}).items():
        const = str(value).replace("{today}", today.isoformat()) if isinstance(value, str) else value
        plan[d_name] = lambda r, c=const: c
        direct.pop(d_name, None)
    unknown = [k for k in [*direct, *plan] if k not in out_fields]
    if unknown:
        raise TransformError(
            f"{origin}: rules fill {', '.join(map(repr, unknown))} which the Table Schema does not have"
        )
    return plan, direct


def _converters(spec: dict[str, Any], origin: str) -> dict[str, Callable[[list[Any]], list[Any]]]:
    converters: dict[str, Callable[[list[Any]], list[Any]]] = {}
    for d_name, conv in (spec.get("convert") or {}).items():
        if conv not in CONVERTERS:
            raise TransformError(
                f"{origin}: convert.{d_name}: unknown converter {conv!r}; "
                f"choose one of {', '.join(sorted(CONVERTERS))}"
            )
        converters[d_name] = COLUMN_CONVERTERS.get(conv) or _per_distinct(CONVERTERS[conv])
    return converters


def _fill(
    out_fields: list[str], plan: dict[str, Callable[[list[Any]], Any]], direct: dict[str, int], src: list[Any]
) -> list[list[Any]]:
    columns: list[list[Any]] = []
    for f in out_fields:
        if f in direct:
            col = list(map(itemgetter(direct[f]), src))
            if None in col:
                col = ["" if v is None else v for v in col]
        elif (g := plan.get(f)) is not None:
            col = [("" if (v := g(r)) is None else v) for r in src]
        else:
            col = [""] * len(src)
        columns.append(col)
    return columns


def project(
    xs: np.ndarray, ys: np.ndarray, src: str, dst: str, grid: float = 0.0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Source coordinates projected in one pyproj call over the arrays (``grid``: each point
    first moved to the centre of its grid square). Returns the projected x and y of the
    points that have both coordinates and are not (0, 0), and the mask of those points."""
    from gis.crs import transform_xy  # pyproj, vectorised

    ok = ~(np.isnan(xs) | np.isnan(ys)) & ~((xs == 0) & (ys == 0))
    x, y = xs[ok], ys[ok]
    if grid:
        x, y = (x // grid) * grid + grid / 2, (y // grid) * grid + grid / 2
    tx, ty = transform_xy(x, y, src, dst)
    return tx, ty, ok


def _coordinates(
    coords: dict[str, Any],
    src: list[Any],
    cols: _SourceColumns,
    columns: list[list[Any]],
    positions: dict[str, int],
    origin: str,
) -> None:
    """``coordinates:``: fill ``out_x``/``out_y`` with the projected source point (empty
    where the source has none), rounded to ``digits`` decimals."""
    xi, yi = cols.index(coords["x"], "coordinates.x"), cols.index(coords["y"], "coordinates.y")
    digits = int(coords.get("digits", 6))
    grid = _grid(coords.get("grid"), origin)
    xs, ys = _floats(list(map(itemgetter(xi), src))), _floats(list(map(itemgetter(yi), src)))
    tx, ty, ok = project(xs, ys, coords.get("from", "EPSG:27700"), coords.get("to", "EPSG:4326"), grid)
    # Python's round (correctly rounded, as the per-row code had it), not numpy's
    rx, ry = (list(map(round, t.tolist(), repeat(digits, len(t)))) for t in (tx, ty))
    out_x: list[Any] = rx if ok.all() else [""] * len(src)
    out_y: list[Any] = ry if ok.all() else [""] * len(src)
    if not ok.all():
        for n, x, y in zip(np.flatnonzero(ok).tolist(), rx, ry, strict=True):
            out_x[n], out_y[n] = x, y
    columns[positions[coords.get("out_x", "GeoX")]] = out_x
    columns[positions[coords.get("out_y", "GeoY")]] = out_y


def _filter(
    rows: list[Sequence[Any]],
    numbers: list[int],
    columns: list[list[Any]],
    drop_if_empty: list[int],
    keep: list[tuple[int, set[str]]],
) -> tuple[list[Sequence[Any]], list[int], list[list[Any]]]:
    """``drop_if_empty`` and ``keep``: the rows, row numbers and columns kept."""
    wanted = [
        not (drop_if_empty and all(row[p] in ("", None) for p in drop_if_empty))
        and not (keep and any(str(row[p]) not in allowed for p, allowed in keep))
        for row in rows
    ]
    return (
        list(compress(rows, wanted)),
        list(compress(numbers, wanted)),
        [list(compress(col, wanted)) for col in columns],
    )


def apply(
    table: Table,
    spec: dict[str, Any] | None,
    schema: dict[str, Any],
    *,
    today: dt.date | None = None,
    origin: str = "transform",
) -> Table:
    """Return a new table with the schema's columns, built from ``table`` by ``spec``."""
    spec = spec or {}
    today = today or dt.date.today()
    out_fields = [f["name"] for f in schema.get("fields", [])]
    if not out_fields:
        raise TransformError(f"{origin}: the Table Schema has no fields")
    cols = _SourceColumns(table, origin)
    plan, direct = _fill_plan(spec, out_fields, cols, today, origin)
    converters = _converters(spec, origin)
    positions = {f: n for n, f in enumerate(out_fields)}
    drop_if_empty = [positions[f] for f in spec.get("drop_if_empty", []) if f in positions]
    keep = [(positions[f], {str(v) for v in allowed}) for f, allowed in (spec.get("keep") or {}).items()]
    missing = [f for f in (spec.get("keep") or {}) if f not in positions]
    if missing:
        raise TransformError(f"{origin}: keep names {', '.join(map(repr, missing))}, not in the Table Schema")
    # Column by column (each step a list comprehension), in the per-row order of the rules:
    # fill, values, convert, coordinates, then drop_if_empty and keep.
    src = table.rows
    numbers = list(table.row_numbers) if table.row_numbers is not None else list(range(2, len(src) + 2))
    columns = _fill(out_fields, plan, direct, src)
    for f, mapping in (spec.get("values") or {}).items():
        col = columns[positions[f]]
        columns[positions[f]] = [mapping[k] if (k := str(v).strip()) in mapping else v for v in col]
    for f, convert in converters.items():
        try:
            columns[positions[f]] = convert(columns[positions[f]])
        except RefusedValue as e:
            where = f"{origin}: {table.source}"
            raise _refused(e, CONVERTERS[spec["convert"][f]], columns[positions[f]], numbers, f, where) from e
    if spec.get("coordinates"):
        _coordinates(spec["coordinates"], src, cols, columns, positions, origin)
    for rule in _redactions(spec.get("redact"), cols.index, positions, origin):
        for p in rule.fields:
            columns[p] = [rule.text if rule.applies(r) else v for r, v in zip(src, columns[p], strict=True)]
    rows: list[Sequence[Any]] = list(zip(*columns, strict=True))
    if drop_if_empty or keep:
        rows, numbers, columns = _filter(rows, numbers, columns, drop_if_empty, keep)
    if spec.get("aggregate"):
        rows, numbers, columns = _aggregate(
            spec["aggregate"], out_fields, rows, numbers, table.source, origin
        )
    return Table(
        fields=out_fields,
        rows=rows,
        source=table.source,
        row_numbers=numbers,
        files=dict(table.files),
        spatial=table.spatial,
        notes=list(table.notes),
        schema=table.schema,
        columns=columns,
    )


def _refused(
    first: RefusedValue,
    convert: Callable[[Any], Any],
    col: list[Any],
    numbers: list[int],
    field: str,
    where: str,
) -> TransformError:
    """The error for a column with refused values: file, first row and field, and the other rows."""
    bad = []
    for n, v in enumerate(col):
        try:
            convert(v)
        except RefusedValue:
            bad.append(n)
    n = bad[0] if bad else 0
    others = [str(numbers[m]) for m in bad[1:6]] + (["..."] if len(bad) > 6 else [])
    more = f" ({len(bad)} rows in all; also rows {', '.join(others)})" if others else ""
    return TransformError(f"{where}, row {numbers[n]}, field {field!r}: {col[n]!r} {first.reason}{more}")


REDACTED = "Redacted: personal data"


def _grid(value: Any, origin: str) -> float:
    """``coordinates.grid``: the grid square size in source units (0: no snapping)."""
    if value in (None, 0):
        return 0.0
    if not isinstance(value, int | float) or isinstance(value, bool) or value <= 0:
        raise TransformError(f"{origin}: coordinates.grid must be a positive number of metres, not {value!r}")
    return float(value)


@dataclass(frozen=True)
class _Redaction:
    """Replace ``fields`` by ``text`` in rows whose source columns match (``when``) or do not
    match (``unless``) the listed values (compared stripped, ignoring case)."""

    fields: tuple[int, ...]
    tests: tuple[tuple[int, frozenset[str]], ...]
    negate: bool
    text: str

    def applies(self, row: Sequence[Any]) -> bool:
        hit = all(
            str(row[i] if row[i] is not None else "").strip().lower() in allowed for i, allowed in self.tests
        )
        return hit != self.negate


def _redactions(
    rules: Any, src_index: Callable[[str, str], int], positions: dict[str, int], origin: str
) -> list[_Redaction]:
    """The ``redact:`` rules, checked: each names published ``fields`` and one of ``when``/``unless``."""
    if not rules:
        return []
    if not isinstance(rules, list):
        raise TransformError(f"{origin}: redact must be a list of rules")
    out = []
    for n, rule in enumerate(rules):
        key = f"redact[{n}]"
        if not isinstance(rule, dict) or not rule.get("fields") or ("when" in rule) == ("unless" in rule):
            raise TransformError(f"{origin}: {key} needs `fields` and exactly one of `when` or `unless`")
        unknown = [f for f in rule["fields"] if f not in positions]
        if unknown:
            raise TransformError(f"{origin}: {key}.fields names {unknown}, not in the Table Schema")
        cond = rule.get("when") or rule.get("unless")
        if not isinstance(cond, dict) or not cond:
            raise TransformError(f"{origin}: {key}: `when`/`unless` maps source columns to lists of values")
        tests = tuple(
            (src_index(col, f"{key}.{'when' if 'when' in rule else 'unless'}.{col}"),
             frozenset(str(v).strip().lower() for v in (vals if isinstance(vals, list) else [vals])))
            for col, vals in cond.items()
        )
        out.append(_Redaction(tuple(positions[f] for f in rule["fields"]), tests, "unless" in rule,
                              str(rule.get("text", REDACTED))))
    return out


def _aggregate(
    spec: Any, out_fields: list[str], rows: list[Sequence[Any]], numbers: list[int], source: str, origin: str
) -> tuple[list[Sequence[Any]], list[int], list[list[Any]]]:
    """One row per distinct ``by`` key (sorted), ``count`` holding its number of rows and each
    ``sum`` field the total of its values; any other field must be the same in every row of a
    group (a constant, or a label of the key) and is kept, else the step is refused."""
    if not isinstance(spec, dict) or not spec.get("by") or not spec.get("count"):
        raise TransformError(f"{origin}: aggregate needs `by` (published fields) and `count` (a field)")
    by, count, sums = list(spec["by"]), spec["count"], list(spec.get("sum") or [])
    unknown = [f for f in [*by, count, *sums] if f not in out_fields]
    if unknown:
        raise TransformError(f"{origin}: aggregate names {unknown}, not in the Table Schema")
    key_idx = [out_fields.index(f) for f in by]
    groups: dict[tuple[str, ...], list[int]] = {}
    for n, row in enumerate(rows):
        groups.setdefault(tuple(str(row[i]) for i in key_idx), []).append(n)
    out_rows: list[Sequence[Any]] = []
    out_numbers: list[int] = []
    for key in sorted(groups):
        members = groups[key]
        first = rows[members[0]]
        row = list(first)
        for i, f in enumerate(out_fields):
            if f == count:
                row[i] = str(len(members))
            elif f in sums:
                try:
                    total = sum(float(rows[m][i] or 0) for m in members)
                except ValueError as e:
                    raise TransformError(f"{origin}: aggregate.sum {f!r}: {e} in {source}") from e
                row[i] = f"{total:.2f}"
            elif i not in key_idx and any(rows[m][i] != first[i] for m in members):
                other = next(rows[m][i] for m in members if rows[m][i] != first[i])
                raise TransformError(
                    f"{origin}: aggregate: field {f!r} is neither in `by`, `count` nor `sum` and differs "
                    f"within the group {dict(zip(by, key, strict=True))} ({first[i]!r} and {other!r}, "
                    f"source rows {numbers[members[0]]} and following); add it to `by` or leave it unfilled"
                )
        out_rows.append(tuple(row))
        out_numbers.append(numbers[members[0]])
    columns = [list(col) for col in zip(*out_rows, strict=True)] if out_rows else [[] for _ in out_fields]
    return out_rows, out_numbers, columns

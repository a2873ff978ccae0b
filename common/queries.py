"""Query helpers shared by the apps' selectors."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.db.models import BooleanField, Count, F, Func, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce


def count_of(rows: QuerySet, *, outer: str) -> Coalesce:
    """How many of `rows` point at the outer row through their field `outer`, as a scalar subquery.
    Unlike a JOIN with GROUP BY, the database computes it only for the rows a page actually shows."""
    counted = (
        rows.filter(**{outer: OuterRef("pk")}).order_by().values(outer).annotate(n=Count("pk")).values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


class AnyOf(Func):
    """`column IN (ids)` for a long list of ids, as `column = ANY(%s)` with the list as one parameter on
    PostgreSQL: Django's `__in` prepares, checks and quotes each of the values in Python (0.7 ms for the
    400 statement ids a chart reads, more than running the query). Elsewhere a plain IN of placeholders.
    Use as a filter: `Statement.objects.filter(AnyOf("pk", ids))`."""

    output_field = BooleanField()

    def __init__(self, column: str, ids: Iterable[int]):
        super().__init__(F(column))
        self.ids = [int(i) for i in ids]

    def as_sql(self, compiler, connection, **extra):  # type: ignore[override]
        column, params = compiler.compile(self.source_expressions[0])
        if not self.ids:
            return "1 = 0", []
        if connection.vendor == "postgresql":
            return f"{column} = ANY(%s)", [*params, self.ids]
        return f"{column} IN ({', '.join(['%s'] * len(self.ids))})", [*params, *self.ids]


class CompiledQuery:
    """A `.values()` query of a fixed shape, built with the ORM and compiled to SQL once per process and
    database, then run again with other values in its placeholders. For the small queries every API
    request runs: building and compiling a token's lookup with its roles took 2.1 ms of CPU and running
    it 0.2 ms.

    `build(**stand_ins)` makes the query; each stand-in is a distinctive value (one no real query
    holds) that must come out exactly once among the compiled SQL's parameters, where `rows(**values)`
    puts the real value, given as the database takes it (as the ORM would have prepared it: a str for a
    text column, a list of ints for `AnyOf`). `rows` gives dicts as `.values()` does, with the fields'
    converters (JSON, decimals) applied, and runs through Django's cursor (query logging, assertNumQueries
    and execute wrappers all see it)."""

    def __init__(
        self,
        build: Callable[..., QuerySet],
        *,
        repeats: bool = False,
        rewrite: Callable[[str], str] | None = None,
        **stand_ins: Any,
    ):
        """`repeats`: a stand-in may come out more than once (a value the query uses in two places);
        each place gets the real value. `rewrite`: given the compiled SQL, the SQL to run instead, with
        the same placeholders in the same order and the same columns (a form the ORM cannot write)."""
        self._build, self._stand_ins, self._repeats, self._rewrite = build, stand_ins, repeats, rewrite
        self._compiled: dict[str, tuple] = {}
        self._lock = threading.Lock()

    def _compile(self, using: str) -> tuple:
        queryset = self._build(**self._stand_ins)
        query = queryset.query
        if getattr(queryset, "_fields", None) is None or query.extra_select:  # `.values()` sets _fields
            raise ImproperlyConfigured("CompiledQuery takes a .values() query without extra().")
        compiler = query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        if self._rewrite is not None:
            rewritten = self._rewrite(sql)
            if rewritten.count("%s") != sql.count("%s"):
                raise ImproperlyConfigured("A rewrite must keep the SQL's placeholders.")
            sql = rewritten
        slots = {}
        for name, stand_in in self._stand_ins.items():
            found = [i for i, p in enumerate(params) if type(p) is type(stand_in) and p == stand_in]
            if not found or (len(found) > 1 and not self._repeats):
                raise ImproperlyConfigured(f"The stand-in for {name!r} is {len(found)} of the parameters.")
            slots[name] = tuple(found)
        # the names `.values()` gives its columns (ValuesIterable's, Django 5.2 and before)
        names = tuple(query.selected) if query.selected else (*query.values_select, *query.annotation_select)
        if compiler.col_count != len(names):
            raise ImproperlyConfigured("CompiledQuery's query selects columns it does not name.")
        converters = compiler.get_converters(
            [column for column, _, _ in compiler.select[: compiler.col_count]]
        )
        return sql, tuple(params), slots, names, converters

    def rows(self, using: str = "default", **values: Any) -> list[dict[str, Any]]:
        compiled = self._compiled.get(using)
        if compiled is None:
            with self._lock:
                compiled = self._compiled.get(using) or self._compile(using)
                self._compiled[using] = compiled
        sql, template, slots, names, converters = compiled
        if values.keys() != slots.keys():
            raise TypeError(f"Values for {sorted(slots)} expected, got {sorted(values)}.")
        params = list(template)
        for name, value in values.items():
            for at in slots[name]:
                params[at] = value
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            fetched = cursor.fetchall()
        found = []
        for row in fetched:
            if converters:
                row = list(row)
                for at, (functions, expression) in converters.items():
                    value = row[at]
                    for convert in functions:
                        value = convert(value, expression, connection)
                    row[at] = value
            found.append(dict(zip(names, row, strict=True)))
        return found

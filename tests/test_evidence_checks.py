"""The readers' value and row rules give the cells pandera's lazy validation gives.

``evidence.load._check_problems`` evaluates the rules of ``evidence.schemas`` as masks over
the typed columns; pandera (``schemas.pandera_schema``, ``lazy=True``) is the independent
implementation here: on generated typed tables of every kind, both name the same
(row, field, code, message) problems.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from dinhmuc.core.errors import Location, Problem
from dinhmuc.core.i18n import tr
from dinhmuc.evidence.load import _check_problems, _show
from dinhmuc.evidence.schemas import CHECKS, FIRST_YEAR, ROW_CHECKS, TABLES, pandera_schema


def _pandera_problems(frame, table, present, loc, skip):
    """The problems pandera's failure cases give (the readers' former implementation)."""
    import pandera.pandas as pa

    try:
        pandera_schema(table, present).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        problems, seen = [], set()
        for rec in exc.failure_cases.itertuples(index=False):
            check, column, row = str(rec.check), rec.column, rec.index
            if row is None or (isinstance(row, float) and math.isnan(row)):
                continue
            row = int(row)
            if check in ROW_CHECKS:
                code, fld, message_key, accepted_key = ROW_CHECKS[check]
                message, accepted = tr(message_key), tr(accepted_key)
                key = (check, row)
            elif check == "not_nullable":
                fld, code, message, accepted = str(column), "missing", tr("evidence.empty"), tr("load.required")
                key = (check, row, fld)
            else:
                fld = str(column)
                code, accepted_key, message_key = CHECKS[check]
                accepted = tr(accepted_key, first_year=FIRST_YEAR)
                message = tr(message_key, v=_show(rec.failure_case))
                key = (check, row, fld)
            if key in seen or (row, fld) in skip:
                continue
            seen.add(key)
            problems.append(Problem(message, loc(row, fld), code, accepted))
        return problems
    return []


_NUMBERS = st.one_of(
    st.none(), st.sampled_from([-3.0, 0.0, 0.5, 1.0, 49.0, 50.0, 100.0, 151.0, 1989.0, 2020.0, 3000.0])
)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(sorted(TABLES)), st.data())
def test_checks_equal_pandera(kind, data):
    table = TABLES[kind]
    n = data.draw(st.integers(1, 8))
    frame = pd.DataFrame(index=np.arange(2, n + 2))
    for c in table.columns:
        if c.kind == "text":
            frame[c.field] = pd.Series(
                data.draw(st.lists(st.sampled_from([None, "KC01", "x"]), min_size=n, max_size=n)),
                index=frame.index,
                dtype=object,
            )
        else:
            frame[c.field] = pd.Series(
                [np.nan if v is None else v for v in data.draw(st.lists(_NUMBERS, min_size=n, max_size=n))],
                index=frame.index,
                dtype="float64",
            )
    present = [c.field for c in table.columns if data.draw(st.booleans()) or c.required]
    # The readers drop rows with no filled cell before checking; pandera loses a row rule's failure on such a row
    # (its failure cases list only the non-null cells), so every generated row has a filled cell, as read tables do.
    last = table.column(present[-1])
    empty = frame[present].isna().all(axis=1)
    frame.loc[empty, last.field] = "x" if last.kind == "text" else 1.0
    skip = {(2, table.columns[0].field)} if data.draw(st.booleans()) else set()

    def loc(row, fld):
        return Location("t.csv", None, row, fld, None)

    def key(p):
        return (p.location.row, p.location.field, p.code, p.message, p.accepted)

    mine = sorted(map(key, _check_problems(frame, table, present, loc, skip)))
    theirs = sorted(map(key, _pandera_problems(frame, table, present, loc, skip)))
    assert mine == theirs


def test_known_bad_cells():
    table = TABLES["settlements"]
    frame = pd.DataFrame({c.field: [np.nan, np.nan] for c in table.columns}, index=[2, 3], dtype=object).astype(
        {c.field: "float64" for c in table.columns if c.kind != "text"}
    )
    frame["service"] = ["KC01", None]
    frame["quantity"] = [-1.0, 2.0]
    frame["year"] = [2024.0, 1900.0]
    probs = _check_problems(
        frame, table, [c.field for c in table.columns], lambda r, f: Location("t", None, r, f), set()
    )
    got = {(p.location.row, p.location.field, p.code) for p in probs}
    assert (
        (2, "quantity", "negative") in got and (3, "year", "out_of_range") in got and (3, "service", "missing") in got
    )

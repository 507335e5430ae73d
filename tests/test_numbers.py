"""The one number reader (dinhmuc.core.numbers): numbers read as written, one writing per column.

Known answers worked by hand: "1.500" is 1500 in Vietnamese writing and 1.5 in
international writing, so it is only read once the column (or a declaration)
decides; "1.234,5" and "1.700.000" can only be Vietnamese.
"""

from __future__ import annotations

from decimal import Decimal as D

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dinhmuc as dm
from dinhmuc.core.numbers import NumberError, exact, read_column, read_number


def _col(*texts, decimal=None):
    return read_column(list(enumerate(texts, start=2)), decimal)


def test_known_cells():
    assert read_number("1.234,5") == D("1234.5")
    assert read_number("1,234.5") == D("1234.5")
    assert read_number("1.700.000") == D(1700000)
    assert read_number("12,5") == D("12.5") and read_number("12.5") == D("12.5")
    assert read_number("1.500", decimal=",") == D(1500)
    assert read_number("1.500", decimal=".") == D("1.5")
    assert read_number(" -3,25 ") == D("-3.25") and read_number("1 234,5") == D("1234.5")
    with pytest.raises(NumberError) as exc:
        read_number("1.500")
    assert "1500" in exc.value.message and "1.5" in exc.value.message and exc.value.code == "ambiguous_number"
    for bad in ("12,5,3", "1.23.4", "abc", "1.5,3.2", "", "--3"):
        with pytest.raises(NumberError):
            read_number(bad)


def test_column_decides_ambiguous_cells():
    r = _col("1.500", "2.000", "1.234,5")  # the last can only be Vietnamese: the column is
    assert r.writing == "vi" and r.values == {2: D(1500), 3: D(2000), 4: D("1234.5")} and not r.problems
    r = _col("1.500", "2.5")  # 2.5 is international only (Vietnamese groups are three digits)
    assert r.writing == "en" and r.values == {2: D("1.5"), 3: D("2.5")}
    r = _col("1.000", "1.200", "1.500")  # expert estimates: ambiguous, no declaration
    assert sorted(p[0] for p in r.problems) == [2, 3, 4] and not r.values
    assert all(p[3] == "ambiguous_number" for p in r.problems)
    r = _col("1.000", "1.200", "1.500", decimal=",")
    assert r.values == {2: D(1000), 3: D(1200), 4: D(1500)}


def test_never_two_readings_in_one_column():
    r = _col("1.234,5", "12,5", "3.5")
    assert [(p[0], p[3]) for p in r.problems] == [(4, "mixed_writing")]
    assert "12,5" in r.problems[0][1] or "1.234,5" in r.problems[0][1]
    r = _col("12.5", "3", decimal=",")  # declared Vietnamese: 12.5 is refused, not read as 12.5
    assert [p[0] for p in r.problems] == [2] and r.values == {3: D(3)}


def test_number_cells_exact_and_limits():
    assert exact(0.1) == D("0.1") and exact(1e15) == D(10) ** 15 and exact(0.1 + 0.2) == D("0.3")
    r = read_column([(1, 1e15), (2, "1234567890123456"), (3, float("inf")), (4, True)], max_abs=10**12)
    assert {p[0]: p[3] for p in r.problems} == {1: "too_large", 2: "too_precise", 3: "not_a_number", 4: "not_a_number"}


@settings(max_examples=300, deadline=None)
@given(st.decimals(min_value=D("-1e9"), max_value=D("1e9"), places=3, allow_nan=False, allow_infinity=False))
def test_both_writings_read_back_exactly(value):
    whole, _, frac = f"{abs(value):f}".partition(".")
    groups = f"{int(whole):,}"
    sign = "-" if value < 0 else ""
    vi = sign + groups.replace(",", ".") + ("," + frac if frac else "")
    en = sign + groups + ("." + frac if frac else "")
    assert read_number(vi, decimal=",") == value
    assert read_number(en, decimal=".") == value
    # a column with an unambiguous cell of the same writing reads it without a declaration
    assert _col(vi, "0,5").values[2] == value and _col(en, "0.5").values[2] == value


# ---------------------------------------------------------------------------- evidence readers


def _rows(quantities, learners, years=(2023, 2024, 2025)):
    return pd.DataFrame(
        [
            {
                "service": "KC01",
                "year": y,
                "project": f"DA{y}{i}",
                "line": "VT2",
                "unit": "bộ",
                "quantity": q,
                "learners": n,
            }
            for y in years
            for i, (q, n) in enumerate(zip(quantities, learners, strict=True))
        ]
    )


def test_settlement_3000_publishes_30_not_3():
    # "3.000" bộ for 3000 learners, reference 30 learners: 3000 x 30/3000 = 30 bộ per class
    df = _rows(["3.000"] * 2, ["3000"] * 2)
    with pytest.raises(dm.InputError) as exc:
        dm.read_settlements(df)
    assert {(p.code, p.location.field) for p in exc.value.problems} == {("ambiguous_number", "quantity")}
    assert sorted(p.location.row for p in exc.value.problems) == [2, 3, 4, 5, 6, 7]
    ev = dm.read_settlements(df, decimal=",")
    assert ev.frame["quantity"].tolist() == [3000.0] * 6
    res = dm.build_norm("KC01", evidence=ev, options={"lines": ["VT2"], "as_of": "2026-03-01"})
    assert res.norm.line("VT2").quantity == D(30)
    # a column that shows its writing elsewhere needs no declaration
    mixed = _rows(["3.000", "3.000,0"], ["3000", "3000"])
    assert dm.read_settlements(mixed).frame["quantity"].tolist() == [3000.0] * 6


def test_expert_estimates_read_by_declaration():
    df = pd.DataFrame(
        [
            {
                "service": "KC01",
                "line": "VT2",
                "expert": "A",
                "function": "GV",
                "unit": "bộ",
                "low": "1.000",
                "likely": "1.200",
                "high": "1.500",
            }
        ]
    )
    with pytest.raises(dm.InputError) as exc:
        dm.read_expert_estimates(df)
    assert {p.location.field for p in exc.value.problems} == {"low", "likely", "high"}
    ev = dm.read_expert_estimates(df, decimal=",")
    assert ev.frame.loc[2, ["low", "likely", "high"]].tolist() == [1000, 1200, 1500]
    ev = dm.read_expert_estimates(df, decimal=".")
    assert ev.frame.loc[2, ["low", "likely", "high"]].tolist() == [1.0, 1.2, 1.5]


def test_price_and_norm_readers_use_the_same_rule():
    from dinhmuc.costing import load_prices

    mats = pd.DataFrame(
        [
            {
                "name": "Giấy",
                "unit": "ram",
                "price": "75.000",
                "vat": "đã gồm",
                "source": "Báo giá",
                "date": "2026-01-05",
            },
            {
                "name": "Bút",
                "unit": "cái",
                "price": "1.234,5",
                "vat": "đã gồm",
                "source": "Báo giá",
                "date": "2026-01-05",
            },
        ]
    )
    prices = load_prices(materials=mats)
    assert [p.price for p, _ in prices.materials] == [D(75000), D("1234.5")]
    with pytest.raises(dm.InputError) as exc:
        load_prices(materials=mats.iloc[:1])
    assert exc.value.problems[0].code == "ambiguous_number"
    assert [p.price for p, _ in load_prices(materials=mats.iloc[:1], decimal=",").materials] == [D(75000)]


def test_appraisal_reads_vietnamese_figures():
    from dinhmuc.appraisal.checks import as_number as _num

    assert _num("1.234,5") == D("1234.5") and _num("12,5") == D("12.5") and _num(D(3)) == D(3)


# ----------------------------------------------------------------------------
# the column read at once (read_cells) is the per-cell reader (read_column), value for value, problem for problem
# ----------------------------------------------------------------------------


def _same(cells, decimal=None, max_abs=None):
    from dinhmuc.core.numbers import read_cells

    ref = read_column(list(enumerate(cells)), decimal, max_abs=max_abs)
    got = read_cells(cells, decimal, max_abs=max_abs)
    values = got.decimals()
    assert values == ref.values
    assert {k: str(v) for k, v in values.items()} == {k: str(v) for k, v in ref.values.items()}  # exponents too
    assert got.problems == ref.problems
    assert got.writing == ref.writing
    for k, v in ref.values.items():  # the float64 of the typed table is the nearest to the exact value
        assert got.floats[k] == float(v)
    assert all(got.floats[k] != got.floats[k] for k in range(len(cells)) if k not in ref.values)  # NaN elsewhere
    return got


def test_every_short_text_reads_as_babel_reads_it():
    """Every text of up to 5 characters over digits, separators, signs and a space: both writings as Babel."""
    import itertools

    from dinhmuc.core.numbers import EN, VI, _scan, _to_decimal, readings

    texts = ["".join(p) for n in range(1, 6) for p in itertools.product("01.,-+ ", repeat=n)]
    texts += ["1.234.567,5", "-1,234,567.5", "12.345.678.901.234,5", "1.2345,6", "0.500", "01,234"]
    fast, ok, m, k, neg = _scan(texts)
    assert fast.all()
    for i, t in enumerate(texts):
        found = dict(readings(t.strip()))
        for w in (VI, EN):
            got = _to_decimal(int(m[i]), int(k[w][i]), bool(neg[i])) if ok[w][i] else None
            assert (got is None) == (w not in found), (t, w)
            assert got is None or str(got) == str(found[w]), (t, w)


def _writing(value: D, vi: bool, group: bool, plus: bool) -> str:
    whole, _, frac = f"{abs(value):f}".partition(".")
    g = f"{int(whole):,}" if group else whole
    sign = "-" if value < 0 else ("+" if plus else "")
    if vi:
        return sign + g.replace(",", ".") + ("," + frac if frac else "")
    return sign + g + ("." + frac if frac else "")


_number_text = st.builds(
    _writing,
    st.decimals(min_value=D("-1e13"), max_value=D("1e13"), places=3),
    st.booleans(),
    st.booleans(),
    st.booleans(),
)
_odd_cell = st.sampled_from(
    [
        "x",
        "1e5",
        "1\u00a0234,5",
        " 12,5 ",
        "\u22125",
        "1" * 20,
        "0.000",
        "12.5.3",
        "--3",
        "+1.234,5",
        "1 234",
        "\t7",
        "١٢",
        "1_000",
        "NaN",
        "12,",
        ",5",
        "99999999999999999999999999999",
        "1" + "0" * 40,
        "-0",
    ]
)
_number_cell = st.one_of(
    st.integers(-(10**16), 10**16),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=False, allow_infinity=False, places=4, min_value=-(10**9), max_value=10**9),
    st.booleans(),
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(_number_text, _number_text, _number_text, _odd_cell, st.text(min_size=1, max_size=6), _number_cell),
        min_size=1,
        max_size=25,
    ),
    st.sampled_from([None, None, ",", "."]),
    st.sampled_from([None, 10**6, 10**12]),
)
def test_column_at_once_equals_cell_by_cell(cells, decimal, max_abs):
    """Generated columns in both writings, with group separators, signs, bad cells and number cells."""
    _same(cells, decimal, max_abs)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.decimals(min_value=D("-1e9"), max_value=D("1e9"), places=3), min_size=1, max_size=40),
    st.booleans(),
    st.booleans(),
)
def test_clean_columns_in_one_writing(values, vi, group):
    """A clean column in one writing (the common case): every cell read, the same values as cell by cell."""
    cells = [_writing(v, vi, group, False) for v in values]
    _same(cells, None, 10**12)
    got_declared = _same(cells, "," if vi else ".", 10**12)
    assert got_declared.decimals() == dict(enumerate(values))


def test_read_cells_known_answers():
    from dinhmuc.core.numbers import read_cells

    r = read_cells(["1.500", "2.000", "1.234,5", "x", " 3 "])
    assert r.writing == "vi" and r.decimals() == {0: D(1500), 1: D(2000), 2: D("1234.5"), 4: D(3)}
    assert [(p[0], p[3]) for p in r.problems] == [(3, "not_a_number")]
    r = read_cells(["1.500", "2.000"])
    assert [(p[0], p[3]) for p in r.problems] == [(0, "ambiguous_number"), (1, "ambiguous_number")]
    r = read_cells(["0,1", "-0", "12345678901234,5"], max_abs=10**12)
    assert r.floats[0] == 0.1 and str(r.decimal(1)) == "-0" and r.problems[0][3] == "too_large"


# ----------------------------------------------------------------------------
# cells held as bytes (a CSV read on its bytes): the same answers as the same cells held as text
# ----------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(_number_text, _odd_cell, st.sampled_from(["2023", "2024", "1.500", "12,5", "−5", "٣"])),
        min_size=1,
        max_size=40,
    ),
    st.sampled_from([None, ",", "."]),
    st.sampled_from([1, 3, 2**17]),
)
def test_byte_cells_read_as_text_cells(cells, decimal, block):
    """read_cells on Utf8Cells (scanned on the bytes, column order, block by block) gives what it gives on the
    texts."""
    from dinhmuc.core import numbers
    from dinhmuc.core.numbers import Utf8Cells, read_cells

    want = _same(cells, decimal, 10**12)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(numbers, "_BLOCK_CELLS", block)
        got = read_cells(Utf8Cells.of(cells), decimal, max_abs=10**12)
    assert got.decimals() == want.decimals() and got.problems == want.problems and got.writing == want.writing
    assert np.array_equal(got.floats, want.floats, equal_nan=True)


def test_byte_cells_of_a_long_column_read_once_per_distinct_text():
    """Years and drivers: few distinct texts in many cells (read once each), answers as for the texts."""
    from dinhmuc.core.numbers import Utf8Cells, read_cells

    for cells in (["2023", "2024", "2.025", "x", "1.500"] * 1000, ["2023", "2024", "12,5", "-0"] * 1000):
        for decimal in (None, ",", "."):
            got, want = read_cells(Utf8Cells.of(cells), decimal), read_cells(cells, decimal)
            assert got.decimals() == want.decimals() and got.problems == want.problems
            assert np.array_equal(got.floats, want.floats, equal_nan=True) and got.writing == want.writing
            ref = read_column(list(enumerate(cells)), decimal)
            assert got.decimals() == ref.values and got.problems == ref.problems


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["", "KC01", "KC02", "Số học viên", "a", "ab", "KC01-12345", "KC01-12346", "x" * 80])))
def test_byte_cells_factorise_as_pandas(texts):
    """Codes and distinct texts of cells told apart by their bytes = pandas.factorize of the texts."""
    import pandas as pd

    from dinhmuc.core.numbers import Utf8Cells

    codes, uniques = Utf8Cells.of(texts).factorize()
    want_codes, want_uniques = pd.factorize(np.array([t or None for t in texts], dtype=object))
    assert codes.tolist() == want_codes.tolist() and uniques == list(want_uniques)
    assert Utf8Cells.of(texts).texts() == texts

"""The grading scheme of a norm set on its date (hạng chức danh nghề nghiệp -> bậc nghề nghiệp).

From 01/07/2026 (Luật Viên chức 129/2025/QH15, NĐ 232/2026/NĐ-CP) public employees are
graded by professional level (bậc nghề nghiệp 1-5) instead of job-title grade (hạng).
A norm set issued on or after that date names the levels: :func:`regrade` rewrites
each labour line's grade to the level it maps to (``data/grades.yaml``, which says
how sure the mapping is), so every paper, workbook and JSON file prints the level,
and costing pays the same salary group. Before the date nothing changes.

>>> import datetime as dt, dinhmuc as dm
>>> norm = dm.Norm(code="X", name="Thử", unit="lớp",
...                labour=[{"role": "Giáo viên", "grade": "III", "step": 3, "quantity": 1}])
>>> ns = dm.NormSet(title="T", issuing_body="UBND", province="P", norms=[norm])
>>> regrade(ns, dt.date(2026, 9, 5)).norms[0].labour[0].grade_text()
'Bậc nghề nghiệp 3, bậc lương 3/9'
>>> regrade(ns, dt.date(2026, 6, 30)).norms[0].labour[0].grade_text()
'Hạng III bậc 3/9'
"""

from __future__ import annotations

import datetime as _dt

from ..core.registry import Registry, active_registry


def regrade(norm_set, on: _dt.date, registry: Registry | None = None):
    """The norm set with each labour line's grade as the scheme in force on ``on`` names it."""
    reg = registry or active_registry()
    scheme = reg.scheme_on(on)
    if scheme is None or not scheme.from_grades:
        return norm_set
    norms = []
    changed = False
    for norm in norm_set.norms:
        labour = []
        for line in norm.labour:
            level = scheme.from_grades.get(line.grade)
            if level is not None:
                line = line.model_copy(update={"grade": level})
                changed = True
            labour.append(line)
        norms.append(norm.model_copy(update={"labour": labour}))
    if not changed:
        return norm_set
    note = (
        f"Hao phí lao động ghi theo {scheme.label.lower()} có hiệu lực từ {scheme.start.strftime('%d/%m/%Y')} "
        f"({scheme.citation}); tương ứng với hạng chức danh nghề nghiệp theo nhóm hệ số lương."
    )
    return norm_set.model_copy(update={"norms": norms, "notes": [*norm_set.notes, note]})

"""The components of a unit price, in printed order, and their Vietnamese labels (khoản mục chi phí).

NĐ 60/2021/NĐ-CP Art. 5: labour, materials, equipment (direct costs) and management.
"""

from __future__ import annotations

from ..core.labels import COMPONENT_LABELS

__all__ = ["COST_COMPONENTS", "COST_LABELS"]

COST_COMPONENTS = ("labour", "materials", "equipment", "management")
COST_LABELS = {**COMPONENT_LABELS, "management": "Quản lý"}

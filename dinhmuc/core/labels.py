"""Vietnamese labels (nhãn tiếng Việt) for the English identifiers of the model.

One table serves Excel headers, error messages and documents, so a field is
always called the same thing. Readers accept the Vietnamese label or the
English identifier as a column header.
"""

from __future__ import annotations

FIELD_LABELS: dict[str, str] = {
    # norm set (bộ định mức)
    "title": "Tên bộ định mức",
    "issuing_body": "Cơ quan ban hành",
    "province": "Tỉnh",
    "decision_number": "Số quyết định",
    "signed_on": "Ngày ký",
    "effective_from": "Ngày hiệu lực",
    "legal_bases": "Căn cứ pháp lý",
    "version": "Phiên bản",
    "replaces": "Thay thế bộ định mức",
    # norm (định mức)
    "norm": "Mã định mức",
    "code": "Mã hiệu",
    "name": "Tên",
    "unit": "Đơn vị tính",
    "drivers": "Quy mô tham chiếu",
    "driver": "Đại lượng quy mô",
    "reference": "Giá trị tham chiếu",
    "scope": "Phạm vi áp dụng",
    "conditions": "Điều kiện áp dụng",
    "work_steps": "Thành phần công việc",
    "legal_basis": "Căn cứ pháp lý",
    "notes": "Ghi chú",
    "note": "Ghi chú",
    "method": "Phương pháp xây dựng",
    "indirect_labour_pct": "Lao động gián tiếp (% lao động trực tiếp)",
    "other_materials_pct": "Vật tư khác (% vật tư chính)",
    "rounding_decimals": "Số chữ số thập phân công bố",
    "labour": "Hao phí lao động",
    "materials": "Hao phí vật tư",
    "equipment": "Hao phí máy móc, thiết bị",
    "adjustments": "Hệ số điều chỉnh",
    # lines
    "id": "Mã dòng",
    "order": "Thứ tự",
    "role": "Chức danh",
    "grade": "Hạng",
    "step": "Bậc",
    "kind": "Loại lao động",
    "heavy": "Nặng nhọc, độc hại",
    "quantity": "Số lượng",
    "scales_with": "Tính theo",
    "steps": "Bước công việc",
    "spec": "Quy cách, thông số kỹ thuật",
    "loss_rate": "Tỷ lệ hao hụt (%)",
    "recovery_rate": "Tỷ lệ thu hồi (%)",
    "power_kw": "Công suất (kW)",
    "loaded": "Thời gian có tải",
    "idle": "Thời gian không tải",
    "description": "Mô tả",
    # adjustments
    "table": "Mã bảng hệ số",
    "table_name": "Tên bảng hệ số",
    "basis": "Căn cứ điều chỉnh",
    "applies_to": "Áp dụng cho",
    "class": "Mã mức",
    "label": "Mức",
    "factor": "Hệ số",
    "min": "Từ (≥)",
    "max": "Đến (<)",
    "default": "Mức mặc định",
    "citation": "Trích dẫn",
    # provenance
    "line": "Dòng",
    "field": "Trường",
    "evidence": "Số liệu sử dụng",
    "excluded": "Số liệu loại bỏ",
    "statistics": "Thống kê",
    "parameters": "Tham số",
    "calculation": "Cách tính",
    "legal_method": "Phương pháp pháp lý",
    "position": "Vị trí",
    "text": "Nội dung",
    "list": "Danh mục",
}

COMPONENT_LABELS: dict[str, str] = {
    "labour": "Lao động",
    "materials": "Vật tư",
    "equipment": "Máy móc, thiết bị",
}

#: Groups of a published norm table (nhóm dòng của bảng định mức), in print order.
TABLE_GROUP_LABELS: dict[str, str] = {
    "materials": "Vật liệu",
    "labour": "Nhân công",
    "equipment": "Máy thi công",
    "tools": "Dụng cụ",
    "energy": "Điện năng",
    "percent_rows": "Tỷ lệ",
}

LABOUR_KIND_LABELS: dict[str, str] = {"direct": "Trực tiếp", "indirect": "Gián tiếp"}

METHOD_LABELS: dict[str, str] = {
    "statistical": "Thống kê tổng hợp",
    "standard": "Tiêu chuẩn",
    "experimental": "Phân tích thực nghiệm",
    "comparison": "So sánh (hỗ trợ)",
    "expert": "Chuyên gia (hỗ trợ)",
    "manual": "Nhập trực tiếp",
}

BASIS_LABELS: dict[str, str] = {
    "scale": "Theo quy mô",
    "difficulty": "Theo độ khó",
    "area": "Theo địa bàn",
    "other": "Khác",
}


#: keys inside table-valued legal parameters (data/params), as a reader sees them
VALUE_KEY_LABELS: dict[str, str] = {
    "field": "thiết bị hiện trường",
    "indoor": "thiết bị trong nhà",
    "office": "thiết bị văn phòng",
    "min_cost": "nguyên giá tối thiểu",
    "min_years": "thời gian sử dụng tối thiểu (năm)",
    "pct": "tỷ lệ (%)",
    "agency": "cơ quan quản lý",
    "project": "đề án",
    "daily_wage": "đơn giá ngày công",
    "line": "thành tiền từng dòng",
    "management": "chi phí quản lý",
    "asset": "giá trị tài sản",
    "design": "theo thiết kế",
    "statistics": "theo số liệu thống kê",
    "survey": "theo khảo sát",
    "step": "bước làm tròn",
    "mode": "cách làm tròn",
    "half_up": "làm tròn nửa lên",
    # financing class of a unit for the trade-union fee (Luật 97/2025/QH15)
    "budget_full": "đơn vị được ngân sách nhà nước bảo đảm toàn bộ quỹ tiền lương",
    "other": "đơn vị khác",
}


def value_key_label(key: str) -> str:
    """The reader's name of a key of a table-valued parameter (``indoor`` -> "thiết bị trong nhà").

    >>> value_key_label("indoor"), value_key_label("A1")
    ('thiết bị trong nhà', 'A1')
    """
    return VALUE_KEY_LABELS.get(str(key), str(key))


def plain_label(text: str) -> str:
    """A parameter label whose table key is written ``label [key]`` (one entry of a table-valued parameter),
    with the key in words: ``… theo loại thiết bị [office]`` -> ``… theo loại thiết bị (thiết bị văn phòng)``.

    >>> plain_label("Số ca làm việc của máy [office]")
    'Số ca làm việc của máy (thiết bị văn phòng)'
    """
    import re

    return re.sub(r"\s*\[([A-Za-z0-9_.]+)\]", lambda m: f" ({value_key_label(m.group(1))})", text)


def label(field: str) -> str:
    """The Vietnamese label of a field, or the field itself when it has none."""
    return FIELD_LABELS.get(field, field)

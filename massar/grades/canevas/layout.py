"""Where things are in a canevas ("NotesCC"): the ministry's export layout, which ours follows.

The header block sits at fixed cells (academy B3, directorate B5, school B7, level D9, class I9, teacher O9,
year D11, semester I11, subject O11); the table is found by its labels (`ID` in column B, then a label per
column on the header row and `النقطة` / `التغيب` under each mark column), so a reader never relies on the
number of tests.
"""

import unicodedata

SHEET_NAME = "NotesCC"
TOKEN_SHEET_NAME = "MassarToken"  # hidden; A1 holds the signed integrity token of an export we made
TOKEN_SALT = "massar.grades.canevas"

TITLE = "نقط المراقبة المستمرة"
ACADEMY_LABEL = "الأكاديمية الجهوية للتربية والتكوين : "
DIRECTORATE_LABEL = "المديرية الإقليمية : "
SCHOOL_LABEL = "المؤسسة : "
LEVEL_LABEL, CLASS_LABEL, TEACHER_LABEL = "المستوى :", "القسم :", "الأستاذ :"
YEAR_LABEL, SEMESTER_LABEL, SUBJECT_LABEL = "السنة الدراسية :", "الدورة :", "المادة :"
SEMESTER_NAMES = {1: "الدورة الأولى", 2: "الدورة الثانية"}

# (row, column) of each header value, 1-based; labels sit two columns to the right's left (B9, G9, M9...).
HEADER_CELLS = {
    "academy": (3, 2), "directorate": (5, 2), "school": (7, 2),
    "level": (9, 4), "class": (9, 9), "teacher": (9, 15),
    "year": (11, 4), "semester": (11, 9), "subject": (11, 15),
}
HEADER_LABEL_CELLS = {
    (9, 2): LEVEL_LABEL, (9, 7): CLASS_LABEL, (9, 13): TEACHER_LABEL,
    (11, 2): YEAR_LABEL, (11, 7): SEMESTER_LABEL, (11, 13): SUBJECT_LABEL,
}

# The sheet's scale (20, or 10 in primary school): a label and the number, outside the identity cells above.
SCALE_LABEL, SCALE_LABEL_CELL, SCALE_CELL = "النقطة على :", (13, 2), (13, 4)

TABLE_HEADER_ROW = 16
FIRST_STUDENT_ROW = 18
ID_LABEL = "ID"
CODE_LABEL = "رقم التلميذ"
NAME_LABEL = "إسم التلميذ"
BIRTH_LABEL = "تاريخ الإزدياد"
MARK_LABEL = "النقطة"
ABSENCE_LABEL = "التغيب"
ACTIVITIES_LABEL = "الأنشطة المندمجة"
REMARK_LABEL = "ملاحظات الأستاذ"
TEST_PREFIX = "الفرض"
ORDINALS = ["الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع", "العاشر",
            "الحادي عشر", "الثاني عشر"]

# Columns of the table we write (1-based): B id, C code, D name (D:E), F birth date, then the mark pairs.
ID_COLUMN, CODE_COLUMN, NAME_COLUMN, BIRTH_COLUMN, FIRST_MARK_COLUMN = 2, 3, 4, 6, 7


def test_label(number: int) -> str:
    return f"{TEST_PREFIX} {ORDINALS[number - 1]}"


def test_number(label: str) -> int | None:
    """`الفرض الثالث` → 3; None when the label is not a test's."""
    label = " ".join(label.split())
    if not label.startswith(TEST_PREFIX):
        return None
    ordinal = label[len(TEST_PREFIX):].strip()
    if ordinal in ORDINALS:
        return ORDINALS.index(ordinal) + 1
    return int(ordinal) if ordinal.isdigit() and 1 <= int(ordinal) <= 12 else None


def subject_file_name(name_fr: str) -> str:
    """`Langue française` → `LANGUE FRANCAISE`, as the ministry writes it in file names and sheets."""
    plain = unicodedata.normalize("NFKD", name_fr)
    return "".join(c for c in plain if not unicodedata.combining(c)).upper().strip()

"""The demo: one academy, two directorates, a primary school, a collège and a lycée for the current year,
with classes at every level, realistic students and families, teachers with their classes × subjects,
and accounts for every role. Deterministic (fixed random seed) and idempotent (seeded once)."""

import datetime
import hashlib
import random
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from massar.accounts.models import User
from massar.accounts.selectors import student_signin_name
from massar.accounts.services import two_factor_required_for
from massar.core.models import SchoolYear, Semester
from massar.core.roles import Role
from massar.grades.rules import grade_rules_seed_year
from massar.schools.models import (
    Academy,
    Cycle,
    Directorate,
    Level,
    School,
    SchoolClass,
    Stream,
    Subject,
    SubjectCoefficient,
)
from massar.schools.services import coefficients_seed_year
from massar.staff.models import Position, StaffMember, TeachingAssignment
from massar.students.models import Guardian, Relation, Student
from massar.students.services import guardian_link, student_enrol, student_file_open

from .grades import demo_grades_seed
from .lessons import demo_calendar_seed, demo_lesson_log_seed
from .models import DemoAccount
from .names import BIRTH_PLACES, FAMILY_NAMES, FEMALE_FIRST_NAMES, MALE_FIRST_NAMES
from .orientation import demo_orientation_seed
from .school_life import demo_school_life_seed

ACADEMY_CODE = "DEMO-CS"

# Demo passwords are public (README, `manage.py demo_accounts`). They meet the password rules:
# 12+ characters, not common, no "massar"/"taalim", not the user's name.
DEMO_PASSWORDS: dict[str, str] = {
    Role.STUDENT: "Cedre-Atlas-2026",
    Role.PARENT: "Argan-Souss-2026",
    Role.TEACHER: "Craie-Tableau-2026",
    Role.SCHOOL_ADMIN: "Registre-Ecole-2026",
    Role.DIRECTORATE_OFFICER: "Province-Anfa-2026",
    Role.ACADEMY_OFFICER: "Region-Chaouia-2026",
    Role.MINISTRY_OFFICER: "Royaume-Savoir-2026",
}

SCHOOLS = [
    # code, directorate index, cycle, ar, fr, en, classes: (level, stream, option, sections)
    ("23104B", 0, "primary", "مدرسة ابن خلدون الابتدائية", "École primaire Ibn Khaldoun", "Ibn Khaldoun Primary School",
     [(f"{y}AP", None, "", 1) for y in range(1, 7)]),
    ("24518C", 1, "college", "الثانوية الإعدادية المسيرة", "Collège Al Massira", "Al Massira Lower Secondary School",
     [(f"{y}AC", None, "", 2) for y in range(1, 4)]),
    ("11565V", 0, "lycee", "الثانوية التأهيلية محمد الخامس", "Lycée Mohammed V", "Mohammed V Upper Secondary School",
     [("TC", "S", "F", 2), ("TC", "LSH", "", 1), ("1BAC", "SE", "F", 1), ("1BAC", "SM", "F", 1),
      ("1BAC", "L", "", 1), ("2BAC", "SP", "F", 2), ("2BAC", "SVT", "F", 1), ("2BAC", "SMA", "F", 1),
      ("2BAC", "L", "", 1)]),
]

# Age at the start of the school year for each level.
LEVEL_AGE = {"1AP": 6, "2AP": 7, "3AP": 8, "4AP": 9, "5AP": 10, "6AP": 11, "1AC": 12, "2AC": 13, "3AC": 14,
             "TC": 15, "1BAC": 16, "2BAC": 17}
# Classes a teacher takes in one subject before another teacher is needed.
CLASSES_PER_TEACHER = 5


def current_school_year_label(today: datetime.date) -> str:
    start = today.year if today.month >= 9 else today.year - 1
    return f"{start}/{start + 1}"


@dataclass
class Family:
    last_name: tuple[str, str]
    guardians: list[tuple[Guardian, str]] = field(default_factory=list)
    children: list[Student] = field(default_factory=list)


class DemoSeeder:
    """Builds the demo in one transaction. `seed()` returns False when the demo is already there."""

    def __init__(self, *, today: datetime.date | None = None, random_seed: int = 2026) -> None:
        self.today = today or timezone.localdate()
        self.random = random.Random(random_seed)  # noqa: S311 - reproducible demo data, not secrets
        self.password_hashes = {role: make_password(password) for role, password in DEMO_PASSWORDS.items()}
        self.usernames: set[str] = set()
        self.families: list[Family] = []

    def seed(self) -> bool:
        if Academy.objects.filter(code=ACADEMY_CODE).exists():
            return False
        with transaction.atomic():
            self.year = self._school_year()
            if not SubjectCoefficient.objects.filter(school_year=self.year).exists():
                coefficients_seed_year(school_year=self.year)
            grade_rules_seed_year(school_year=self.year)
            self._territory()
            for spec in SCHOOLS:
                self._school(*spec)
            self._showcase_accounts()
            demo_grades_seed(academy=self.academy, year=self.year, random_=self.random)
            demo_school_life_seed(year=self.year)
            demo_orientation_seed(year=self.year, ministry=self.ministry)
            demo_calendar_seed(year=self.year)
            demo_lesson_log_seed(year=self.year, today=self.today)
        return True

    # --- organisation -------------------------------------------------------------------------
    def _school_year(self) -> SchoolYear:
        label = current_school_year_label(self.today)
        start = int(label[:4])
        year, _created = SchoolYear.objects.get_or_create(
            label=label, defaults={"starts_on": datetime.date(start, 9, 1), "ends_on": datetime.date(start + 1, 6, 30)})
        if not SchoolYear.objects.filter(is_current=True).exists():
            SchoolYear.objects.filter(pk=year.pk).update(is_current=True)
        Semester.objects.get_or_create(school_year=year, number=1, defaults={
            "starts_on": datetime.date(start, 9, 1), "ends_on": datetime.date(start + 1, 1, 31)})
        Semester.objects.get_or_create(school_year=year, number=2, defaults={
            "starts_on": datetime.date(start + 1, 2, 1), "ends_on": datetime.date(start + 1, 6, 30)})
        return year

    def _territory(self) -> None:
        self.academy = Academy.objects.create(
            code=ACADEMY_CODE, code_letter="D",
            name_ar="الأكاديمية الجهوية للتربية والتكوين لجهة الدار البيضاء سطات",
            name_fr="AREF Casablanca-Settat", name_en="Casablanca-Settat Regional Academy")
        self.directorates = [
            Directorate.objects.create(academy=self.academy, code="DEMO-ANFA", name_ar="المديرية الإقليمية أنفا",
                                       name_fr="Direction provinciale Anfa", name_en="Anfa Provincial Directorate"),
            Directorate.objects.create(academy=self.academy, code="DEMO-MOH", name_ar="المديرية الإقليمية المحمدية",
                                       name_fr="Direction provinciale Mohammedia",
                                       name_en="Mohammedia Provincial Directorate"),
        ]
        self.officers = {
            Role.ACADEMY_OFFICER: self._staff(Position.ACADEMY_OFFICER, academy=self.academy),
            Role.DIRECTORATE_OFFICER: self._staff(Position.DIRECTORATE_OFFICER, directorate=self.directorates[0]),
        }
        self._staff(Position.DIRECTORATE_OFFICER, directorate=self.directorates[1])
        self.ministry = User.objects.get(staff_member=self._staff(Position.MINISTRY_OFFICER))

    def _school(self, code, directorate_index, cycle, name_ar, name_fr, name_en, class_specs) -> None:
        school = School.objects.create(code=code, directorate=self.directorates[directorate_index],
                                       name_ar=name_ar, name_fr=name_fr, name_en=name_en)
        school.cycles.set([Cycle.objects.get(code=cycle)])
        self.admins = getattr(self, "admins", {})
        self.admins[code] = self._staff(Position.SCHOOL_ADMIN, school=school)
        classes = []
        for level_code, stream_code, option, sections in class_specs:
            level = Level.objects.get(code=level_code)
            stream = Stream.objects.get(level=level, code=stream_code) if stream_code else None
            for section in range(1, sections + 1):
                school_class = SchoolClass.objects.create(school=school, school_year=self.year, level=level,
                                                          stream=stream, option=option, section=section)
                classes.append(school_class)
                for _ in range(self.random.randint(30, 45)):
                    self._student(school_class)
        self._teachers(school, classes, primary=cycle == "primary")

    # --- people -------------------------------------------------------------------------------
    def _student(self, school_class: SchoolClass) -> Student:
        # About one student in eight is the younger sibling of a student already seeded.
        siblings = [f for f in self.families if len(f.children) < 3]
        family = self.random.choice(siblings) if siblings and self.random.random() < 0.125 else None
        if family is None:
            latin, arabic = self.random.choice(FAMILY_NAMES)
            family = Family(last_name=(arabic, latin))
            self.families.append(family)
        gender = self.random.choice("FM")
        first_latin, first_ar = self.random.choice(FEMALE_FIRST_NAMES if gender == "F" else MALE_FIRST_NAMES)
        place_latin, place_ar = self.random.choice(BIRTH_PLACES)
        age = LEVEL_AGE[school_class.level.code] + (1 if self.random.random() < 0.1 else 0)
        birth_date = datetime.date(self.year.starts_on.year - age, 1, 1) + datetime.timedelta(
            days=self.random.randint(0, 364))
        student = student_file_open(
            school=school_class.school, first_name_ar=first_ar, last_name_ar=family.last_name[0],
            first_name_latin=first_latin, last_name_latin=family.last_name[1], birth_date=birth_date,
            birth_place_ar=place_ar, birth_place_latin=place_latin, gender=gender)
        student_enrol(student=student, school_class=school_class, enrolled_on=self.year.starts_on)
        if not family.guardians:
            family.guardians = self._parents(family.last_name)
        for guardian, relation in family.guardians:
            guardian_link(student=student, guardian=guardian, relation=relation)
        family.children.append(student)
        return student

    def _parents(self, last_name: tuple[str, str]) -> list[tuple[Guardian, str]]:
        parents: list[tuple[Guardian, str]] = []
        for relation, names in ((Relation.FATHER, MALE_FIRST_NAMES), (Relation.MOTHER, FEMALE_FIRST_NAMES)):
            first_latin, first_ar = self.random.choice(names)
            phone = f"06{self.random.randint(10_000_000, 99_999_999)}"
            parents.append((Guardian.objects.create(
                first_name_ar=first_ar, last_name_ar=last_name[0], first_name_latin=first_latin,
                last_name_latin=last_name[1], phone=phone), relation))
        return parents

    def _staff(self, position: str, **unit) -> StaffMember:
        gender_names = self.random.choice([MALE_FIRST_NAMES, FEMALE_FIRST_NAMES])
        first_latin, first_ar = self.random.choice(gender_names)
        last_latin, last_ar = self.random.choice(FAMILY_NAMES)
        member = StaffMember.objects.create(position=position, first_name_ar=first_ar, last_name_ar=last_ar,
                                            first_name_latin=first_latin, last_name_latin=last_latin, **unit)
        username = self._staff_username(first_latin, last_latin)
        member.email = username
        member.save(update_fields=["email"])
        self._account(member, position, username, is_staff=position in {
            Position.DIRECTORATE_OFFICER, Position.ACADEMY_OFFICER, Position.MINISTRY_OFFICER})
        return member

    def _staff_username(self, first: str, last: str) -> str:
        """`firstname.lastname@taalim.ma`, with a number when the name is taken."""
        base = f"{first}.{last}".lower().replace(" ", "-")
        candidate, n = f"{base}@{settings.SIGNIN_DOMAIN}", 1
        while candidate in self.usernames or User.objects.filter(username__iexact=candidate).exists():
            n += 1
            candidate = f"{base}{n}@{settings.SIGNIN_DOMAIN}"
        self.usernames.add(candidate)
        return candidate

    def _teachers(self, school: School, classes: list[SchoolClass], *, primary: bool) -> None:
        """Each subject of each class gets a teacher; a teacher takes up to CLASSES_PER_TEACHER classes of one
        subject (in primary, the class teacher takes every subject of their class but French and Amazigh)."""
        subjects = {s.code: s for s in Subject.objects.all()}
        by_subject: dict[str, list[SchoolClass]] = {}
        for school_class in classes:
            for subject_code in SubjectCoefficient.objects.filter(
                    school_year=self.year, level=school_class.level, stream=school_class.stream
            ).values_list("subject__code", flat=True):
                by_subject.setdefault(subject_code, []).append(school_class)
        assignments = []
        if primary:
            for school_class in classes:
                teacher = self._staff(Position.TEACHER, school=school)
                for code, taught in by_subject.items():
                    if code not in {"FR", "AMZ"} and school_class in taught:
                        assignments.append(TeachingAssignment(teacher=teacher, school_class=school_class,
                                                              subject=subjects[code]))
            by_subject = {code: taught for code, taught in by_subject.items() if code in {"FR", "AMZ"}}
        for code, taught in sorted(by_subject.items()):
            for start in range(0, len(taught), CLASSES_PER_TEACHER):
                teacher = self._staff(Position.TEACHER, school=school)
                assignments.extend(TeachingAssignment(teacher=teacher, school_class=c, subject=subjects[code])
                                   for c in taught[start:start + CLASSES_PER_TEACHER])
        TeachingAssignment.objects.bulk_create(assignments)

    # --- accounts -----------------------------------------------------------------------------
    def _account(self, person, role: str, username: str, **fields) -> User:
        if "@" not in username:
            username = f"{username}@{settings.SIGNIN_DOMAIN}"
        links: dict[str, Student | Guardian | StaffMember] = {}
        if isinstance(person, Student):
            links["student"] = person
        elif isinstance(person, Guardian):
            links["guardian"] = person
        elif isinstance(person, StaffMember):
            links["staff_member"] = person
        user = User.objects.create(username=username, password=self.password_hashes[role], role=role, **links,
                                   **fields)
        if two_factor_required_for(user):
            # Administrators and officers sign in with a second factor; the demo's secret is public
            # (`demo_accounts` prints it, `demo_otp` prints the current code).
            TOTPDevice.objects.create(user=user, name="demo", confirmed=True,
                                      key=hashlib.sha256(f"massar-demo-{username}".encode()).hexdigest()[:40])
        return user

    @staticmethod
    def _first_student(school_class: SchoolClass) -> Student:
        """The first student of a class in alphabetical order (every seeded class has students)."""
        first = school_class.enrolments.order_by("student__last_name_latin", "student__first_name_latin").first()
        assert first is not None, f"{school_class} has no student"
        return first.student

    def _showcase_accounts(self) -> None:
        """Activated accounts: the first student of every class, a few families, and one per role on show."""
        lycee_admin = self.admins["11565V"]
        showcase_class = SchoolClass.objects.get(school__code="11565V", school_year=self.year, code="2BACSPF-1")
        firsts = [self._first_student(school_class) for school_class in SchoolClass.objects.filter(
            school_year=self.year, school__directorate__academy=self.academy)]
        for student in firsts:
            self._account(student, Role.STUDENT, student_signin_name(student.massar_code))
        showcase_student = self._first_student(showcase_class)
        # The showcase parent has two children in different schools.
        # Families with two children, in two schools, come first (that is the showcase parent).
        families = sorted((f for f in self.families if len(f.children) >= 2),
                          key=lambda f: (len(f.children) != 2, len({c.opened_by_id for c in f.children}) < 2))
        parent_accounts = []
        for family in families[:5]:
            guardian, _relation = family.guardians[1]
            guardian.email = f"{guardian.first_name_latin}.{guardian.last_name_latin}".lower().replace(" ", "-") \
                + "@example.ma"
            guardian.save(update_fields=["email"])
            parent_accounts.append(self._account(guardian, Role.PARENT, guardian.email))
        showcase_teacher = TeachingAssignment.objects.filter(school_class=showcase_class,
                                                             subject__code="MATH").get().teacher
        showcase = [
            (Role.STUDENT, User.objects.get(student=showcase_student)),
            (Role.PARENT, parent_accounts[0]),
            (Role.TEACHER, User.objects.get(staff_member=showcase_teacher)),
            (Role.SCHOOL_ADMIN, User.objects.get(staff_member=lycee_admin)),
            (Role.DIRECTORATE_OFFICER, User.objects.get(staff_member=self.officers[Role.DIRECTORATE_OFFICER])),
            (Role.ACADEMY_OFFICER, User.objects.get(staff_member=self.officers[Role.ACADEMY_OFFICER])),
            (Role.MINISTRY_OFFICER, self.ministry),
        ]
        DemoAccount.objects.bulk_create(DemoAccount(role=role, user=user, order=i)
                                        for i, (role, user) in enumerate(showcase))

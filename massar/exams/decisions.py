"""End-of-year decisions of the levels without a certifying exam (DOMAIN §5): the class council sees a
proposed decision per student — promoted, repeats, dismissed — from the annual average (the grades' one
selector, decided with the year's rounding) and the level's thresholds of the year (PromotionRules), changes
any with a reason (recorded in YearDecisionChange), adds a remark, and publishes; students and parents see the
decision and the remark once published. The school's administration acts for the council."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from massar.accounts.models import User
from massar.core.errors import Invalid, NotFound
from massar.core.roles import Role
from massar.grades import calculations as grades_calc
from massar.grades.selectors import annual_averages_for, year_rounding
from massar.schools.models import SchoolClass
from massar.schools.scopes import classes_visible_to
from massar.students.models import Enrolment, EnrolmentStatus

from .error_codes import ExamsErrorCode
from .models import FINAL_EXAM, PromotionRules, YearDecision, YearDecisionChange, YearOutcome

REMARK_MAX = 300
# Seeded: promoted from the middle of the scale (10/20, 5/10 in primary school); nobody proposed for dismissal.
PRIMARY_PROMOTED_FROM = Decimal(5)


def _class_of(actor: User, school_class: SchoolClass) -> SchoolClass:
    if not classes_visible_to(actor).filter(pk=school_class.pk).exists() or actor.role != Role.SCHOOL_ADMIN:
        raise NotFound(ExamsErrorCode.NOT_FOUND, _("There is no such class."))
    if school_class.level.code in FINAL_EXAM:
        raise Invalid(ExamsErrorCode.WRONG_STATE, _("This level ends with a certifying exam: its results decide."))
    return school_class


def promotion_rules_for(school_class: SchoolClass) -> PromotionRules:
    """The level's rules of the year; a year without its own row gets the seeded defaults, stored."""
    rules, _created = PromotionRules.objects.get_or_create(
        school_year_id=school_class.school_year_id, level_id=school_class.level_id,
        defaults={"promoted_from": PRIMARY_PROMOTED_FROM if school_class.level.cycle_id == "primary"
                  else Decimal(10)})
    return rules


def proposed_for(average: Decimal | None, rules: PromotionRules) -> str:
    if average is None:
        return ""
    if average >= rules.promoted_from:
        return YearOutcome.PROMOTED
    if rules.dismissed_below is not None and average < rules.dismissed_below:
        return YearOutcome.DISMISSED
    return YearOutcome.REPEATS


@transaction.atomic
def year_decisions_propose(*, school_class: SchoolClass, actor: User) -> list[YearDecision]:
    """A proposal for every student enrolled in the class, from their annual average; a decision the council
    already changed keeps its decision (its proposal follows the average). Nothing once published."""
    school_class = _class_of(actor, school_class)
    rules = promotion_rules_for(school_class)
    rounding = year_rounding(school_year_id=school_class.school_year_id)
    existing = {d.student_id: d for d in YearDecision.objects.select_for_update(of=("self",)).filter(
        school_year_id=school_class.school_year_id, school_class=school_class)}
    if any(d.published_at for d in existing.values()):
        raise Invalid(ExamsErrorCode.WRONG_STATE, _("The decisions of this class are published."))
    rows = []
    enrolments = list(Enrolment.objects.filter(school_class=school_class, status=EnrolmentStatus.ACTIVE
                                               ).select_related("student", "school_class__school_year"))
    annual = annual_averages_for(student_ids=[e.student_id for e in enrolments], school_year=school_class.school_year)
    for enrolment in enrolments:
        exact = annual[enrolment.student_id]
        average = None if exact is None else grades_calc.decide(exact, rounding=rounding)
        proposed = proposed_for(average, rules)
        row = existing.get(enrolment.student_id) or YearDecision(
            student=enrolment.student, school_year_id=school_class.school_year_id, school_class=school_class)
        changed = row.pk is not None and row.changes.exists()
        row.annual_average, row.proposed = average, proposed
        if not changed:
            row.decision = proposed
        row.save()
        rows.append(row)
    return rows


@transaction.atomic
def year_decision_change(*, decision: YearDecision, outcome: str, reason: str, remark: str,
                         actor: User) -> YearDecision:
    """The council's decision and remark for one student; a decision other than before needs a reason."""
    decision = YearDecision.objects.select_for_update(of=("self",)).select_related("school_class__level").get(pk=decision.pk)
    _class_of(actor, decision.school_class)
    if decision.published_at is not None:
        raise Invalid(ExamsErrorCode.WRONG_STATE, _("The decisions of this class are published."))
    if outcome not in YearOutcome.values:
        raise Invalid(ExamsErrorCode.WRONG_STATE, _("Choose promoted, repeats or dismissed."))
    reason, remark = reason.strip(), remark.strip()
    if len(reason) > REMARK_MAX or len(remark) > REMARK_MAX:
        raise Invalid(ExamsErrorCode.WRONG_STATE, _("%(max)d characters at most.") % {"max": REMARK_MAX})
    if outcome != decision.decision:
        if not reason:
            raise Invalid(ExamsErrorCode.WRONG_STATE, _("Say why the council changes this decision."))
        YearDecisionChange.objects.create(decision=decision, old=decision.decision, new=outcome, reason=reason,
                                          actor=actor)
        decision.decision = outcome
    decision.remark = remark
    decision.save(update_fields=["decision", "remark"])
    return decision


@transaction.atomic
def year_decisions_publish(*, school_class: SchoolClass, actor: User) -> int:
    """Publish the class's decisions: every student must have one (a student without an annual average is
    decided by the council)."""
    school_class = _class_of(actor, school_class)
    rows = YearDecision.objects.select_for_update(of=("self",)).filter(school_class=school_class, published_at__isnull=True)
    if not rows.exists():
        raise Invalid(ExamsErrorCode.WRONG_STATE, _("Propose the decisions first."))
    if rows.filter(decision="").exists():
        raise Invalid(ExamsErrorCode.MARKS_MISSING, _("Decide for every student first (some have no annual average)."))
    return rows.update(published_at=timezone.now())

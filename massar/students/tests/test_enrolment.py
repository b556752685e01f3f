import pytest
from django.core.exceptions import ValidationError

from massar.students.models import Enrolment, EnrolmentStatus
from massar.students.services import student_enrol
from massar.testing import factories as make


@pytest.mark.django_db
def test_a_second_active_class_in_the_same_year_is_refused_with_a_clear_error():
    first = make.school_class(section=1)
    second = make.school_class(school_=first.school, section=2)
    student = make.student(in_class=first)
    with pytest.raises(ValidationError) as error:
        student_enrol(student=student, school_class=second, enrolled_on=second.school_year.starts_on)
    assert error.value.code == "already_enrolled"
    assert student.massar_code in error.value.messages[0]
    assert Enrolment.objects.filter(student=student).count() == 1


@pytest.mark.django_db
def test_after_leaving_a_class_the_student_can_be_enrolled_in_another():
    first = make.school_class(section=1)
    second = make.school_class(school_=first.school, section=2)
    student = make.student(in_class=first)
    Enrolment.objects.filter(student=student).update(status=EnrolmentStatus.TRANSFERRED)
    student_enrol(student=student, school_class=second, enrolled_on=second.school_year.starts_on)
    assert Enrolment.objects.get(student=student, status=EnrolmentStatus.ACTIVE).school_class == second


def test_a_name_given_only_in_latin_letters_shows_on_arabic_pages_too():
    from django.utils import translation

    from massar.students.models import Guardian

    parent = Guardian(first_name_latin="Latifa", last_name_latin="Rifi", first_name_ar="", last_name_ar="")
    with translation.override("ar"):
        assert parent.full_name == "RIFI Latifa"
    with translation.override("fr"):
        assert parent.full_name == "RIFI Latifa"

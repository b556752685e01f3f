"""The password rules: 12 to 128 characters of anything, not common, not about the person, saying why."""

import pytest
from django.contrib.auth.password_validation import CommonPasswordValidator, validate_password
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from massar.accounts.models import User
from massar.accounts.passwords import SERVICE_WORDS, text_fold
from massar.core.roles import Role
from massar.students.models import Student

COMMON = CommonPasswordValidator().passwords


def refusal_codes(password: str, user=None) -> set[str]:
    try:
        validate_password(password, user)
    except ValidationError as error:
        return {str(e.code) for e in error.error_list}
    return set()


def messages_of(password: str, user=None) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as error:
        return error.messages
    return []


def student_user() -> User:
    """An unsaved account for a student record held in memory (the validators read attributes only)."""
    student = Student(massar_code="F164115196", first_name_latin="Youssef", last_name_latin="El Amrani",
                      first_name_ar="يوسف", last_name_ar="العمراني")
    return User(username="F164115196@taalim.ma", role=Role.STUDENT, student=student, email="yo.friend@example.ma")


def forbidden_words(user: User) -> list[str]:
    person = user.student
    assert person is not None
    words = [*SERVICE_WORDS, person.massar_code.casefold(), "youssef", "amrani", "يوسف", "العمراني", "friend"]
    return [text_fold(w) for w in words]


def test_twelve_characters_are_enough_and_eleven_are_not():
    assert refusal_codes("river moon 7") == set()
    assert refusal_codes("river moon7") == {"password_too_short"}


def test_128_characters_are_accepted_and_129_are_refused_with_the_reason():
    assert refusal_codes("k" * 100 + "w" * 28) == set()
    messages = messages_of("k" * 100 + "w" * 29)
    assert messages == ["This password is too long: it has 129 characters; at most 128 are allowed."]


def test_no_composition_rules_spaces_and_arabic_letters_are_fine():
    assert refusal_codes("all lower case words here") == set()
    assert refusal_codes("كلمة سر طويلة جدا") == set()
    assert refusal_codes("            ") == set()  # twelve spaces: characters like any other
    assert refusal_codes("ثلاث كلمات من القمر") == set()


def test_common_passwords_are_refused_saying_so():
    assert "password1234" in COMMON or "123456789012" in COMMON
    common = "password1234" if "password1234" in COMMON else "123456789012"
    assert messages_of(common) == ["This password is too common."]


@pytest.mark.parametrize("password", ["my massar account", "MASSAR forever!!", "Taalim-2026-yes", "taalimmassar99"])
def test_the_service_name_is_refused_in_any_case(password):
    assert "password_service_name" in refusal_codes(password)


def test_service_name_message_says_why():
    assert "The password must not contain “massar” or “taalim”." in messages_of("my massar account")


def test_the_students_own_code_is_refused_in_any_case():
    user = student_user()
    assert "password_massar_code" in refusal_codes("my code f164115196!", user)
    assert "The password must not contain your Massar code." in messages_of("F164115196 and more", user)


@pytest.mark.parametrize("password", [
    "youssef is my name", "YOUSSEF2008!!!!", "el amrani rocks!", "i am AMRANI 2008",
    "Amraní with an accent", "يوسف يحب المدرسة", "العمراني في البيت",
    "أحمد العُمراني هنا",  # a diacritic (damma) does not hide the name
])
def test_the_persons_names_are_refused_latin_or_arabic_case_and_accents_aside(password):
    assert "password_personal_name" in refusal_codes(password, student_user())


def test_name_message_says_why():
    assert "The password must not contain your first or last name." in messages_of("youssef is my name",
                                                                                  student_user())


def test_names_shorter_than_three_letters_are_not_refused():
    # "El" of "El Amrani" is too common inside words to refuse ("elephant").
    assert refusal_codes("elephants dance", student_user()) == set()


def test_sign_in_name_and_email_are_refused():
    user = User(username="parent.salma@example.ma", role=Role.PARENT, email="salma.box@example.ma")
    assert "password_account_name" in refusal_codes("parent.salma forever", user)
    assert "password_account_name" in refusal_codes("hello salma.box 2026", user)


def test_names_of_parents_and_staff_are_refused_too():
    from massar.staff.models import StaffMember
    from massar.students.models import Guardian

    parent = User(username="p@example.ma", role=Role.PARENT,
                  guardian=Guardian(first_name_latin="Fatima", last_name_latin="Bennani", first_name_ar="فاطمة",
                                    last_name_ar="البناني"))
    teacher = User(username="karim.tazi@taalim.ma", role=Role.TEACHER,
                   staff_member=StaffMember(first_name_latin="Karim", last_name_latin="Tazi", first_name_ar="كريم",
                                            last_name_ar="التازي"))
    assert "password_personal_name" in refusal_codes("fatima loves tea", parent)
    assert "password_personal_name" in refusal_codes("professor TAZI 2026", teacher)


def test_several_reasons_are_all_given():
    codes = refusal_codes("massar", student_user())
    assert {"password_too_short", "password_service_name"} <= codes


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(min_size=12, max_size=128))
def test_any_12_to_128_characters_avoiding_the_forbidden_words_are_accepted(password):
    user = student_user()
    folded = text_fold(password)
    assume(not any(word in folded for word in forbidden_words(user)))
    assume(user.username.split("@")[0].casefold() not in folded.replace(" ", ""))
    assume(password.lower().strip() not in COMMON)
    assert refusal_codes(password, user) == set()


@settings(max_examples=100, deadline=None)
@given(st.text(min_size=129, max_size=400))
def test_any_password_over_128_characters_is_refused_for_its_length(password):
    assert "password_too_long" in refusal_codes(password)

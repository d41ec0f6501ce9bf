import datetime

from insurance import national_number, rules

HOLIDAYS_2025 = [date for date, _name in rules.belgian_public_holidays(2025)]


def test_national_number_with_valid_check_digits_born_before_2000():
    assert national_number.is_valid("85.07.30-033.28", datetime.date(1985, 7, 30)) is True


def test_national_number_born_after_2000_uses_the_2_prefix():
    # given 000101-001: check 97 - (2000101001 mod 97) = 05
    assert national_number.is_valid("00010100105", datetime.date(2000, 1, 1)) is True
    # the pre-2000 check digits are refused for someone born in 2000
    assert national_number.is_valid("00010100173", datetime.date(2000, 1, 1)) is False


def test_national_number_with_wrong_check_digits_or_length_is_refused():
    assert national_number.is_valid("85073003329") is False
    assert national_number.is_valid("8507300332") is False
    assert national_number.is_valid("8507300332X") is False


def test_national_number_must_match_the_date_of_birth():
    assert national_number.is_valid("85073003328", datetime.date(1985, 7, 31)) is False


def test_national_number_is_masked_but_for_its_check_digits():
    assert national_number.mask("85.07.30-033.28") == "••.••.••-•••.28"
    assert national_number.mask("") == ""


def test_twelve_working_days_skip_weekends_and_public_holidays():
    # given a C45B filed on Friday 18 April 2025 (Easter Monday 21/4 and 1 May are holidays)
    # then the window closes on Thursday 8 May 2025
    assert rules.add_working_days(datetime.date(2025, 4, 18), 12, HOLIDAYS_2025) == (
        datetime.date(2025, 5, 8)
    )


def test_twelve_working_days_without_holidays():
    assert rules.add_working_days(datetime.date(2025, 3, 3), 12, []) == datetime.date(2025, 3, 19)


def test_easter_dates():
    assert rules.easter_sunday(2024) == datetime.date(2024, 3, 31)
    assert rules.easter_sunday(2026) == datetime.date(2026, 4, 5)

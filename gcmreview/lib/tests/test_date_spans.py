"""Date expressions as precise as their source: parsing, writing back, sorting."""

import datetime as dt

import pytest

from gcmreview.lib.date_spans import DateSpan, DateSpanError, Precision, parse, to_expression

D = dt.date

# --- parsing every form -----------------------------------------------------------


def test_a_single_day_is_that_day_with_day_precision():
    assert parse("2024-07-02") == DateSpan(D(2024, 7, 2), D(2024, 7, 2), Precision.DAY)


def test_a_range_of_days_runs_from_its_first_to_its_last_day():
    assert parse("2024-07-03/2024-07-04") == DateSpan(D(2024, 7, 3), D(2024, 7, 4), Precision.DAYS)


def test_a_range_of_days_may_cross_a_month_and_a_year():
    assert parse("2023-12-30/2024-01-02") == DateSpan(
        D(2023, 12, 30), D(2024, 1, 2), Precision.DAYS
    )


def test_a_range_that_starts_and_ends_on_the_same_day_is_one_day():
    assert parse("2024-07-02/2024-07-02") == DateSpan(D(2024, 7, 2), D(2024, 7, 2), Precision.DAY)


def test_a_month_covers_every_day_of_that_month():
    assert parse("2023-07") == DateSpan(D(2023, 7, 1), D(2023, 7, 31), Precision.MONTH)


def test_february_of_a_leap_year_ends_on_the_29th():
    assert parse("2024-02").end == D(2024, 2, 29)
    assert parse("2023-02").end == D(2023, 2, 28)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2024-Q1", D(2024, 1, 1), D(2024, 3, 31)),
        ("2024-Q2", D(2024, 4, 1), D(2024, 6, 30)),
        ("2024-Q3", D(2024, 7, 1), D(2024, 9, 30)),
        ("2024-Q4", D(2024, 10, 1), D(2024, 12, 31)),
    ],
)
def test_a_quarter_covers_its_three_months(text, start, end):
    assert parse(text) == DateSpan(start, end, Precision.QUARTER)


def test_the_first_half_of_a_year_runs_from_january_to_june():
    assert parse("2024-H1") == DateSpan(D(2024, 1, 1), D(2024, 6, 30), Precision.HALF)


def test_the_second_half_of_a_year_runs_from_july_to_december():
    assert parse("2024-H2") == DateSpan(D(2024, 7, 1), D(2024, 12, 31), Precision.HALF)


def test_a_year_covers_the_whole_year():
    assert parse("2026") == DateSpan(D(2026, 1, 1), D(2026, 12, 31), Precision.YEAR)


def test_a_year_may_be_given_as_a_number_as_yaml_reads_it():
    assert parse(2026) == parse("2026")


def test_a_month_to_month_range_runs_from_the_first_day_of_one_to_the_last_of_the_other():
    assert parse("2022-09/2024-05") == DateSpan(D(2022, 9, 1), D(2024, 5, 31), Precision.DAYS)


def test_a_month_to_month_range_within_one_month_is_that_month():
    assert parse("2024-07/2024-07") == parse("2024-07")


def test_spaces_around_an_expression_are_ignored():
    assert parse("  2024-07 \n") == parse("2024-07")


# --- impossible dates and garbage -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2024-02-30", "impossible date '2024-02-30'"),
        ("2023-02-29", "impossible date '2023-02-29'"),
        ("2024-04-31", "impossible date '2024-04-31'"),
        ("2024-00-10", "impossible date '2024-00-10'"),
        ("0000-01-01", "impossible date '0000-01-01'"),
        ("2024-13", "impossible month '2024-13'"),
        ("2024-00", "impossible month '2024-00'"),
        ("0000-07", "impossible month '0000-07'"),
        ("2024-Q5", "impossible quarter '2024-Q5'"),
        ("2024-Q0", "impossible quarter '2024-Q0'"),
        ("2024-H3", "impossible half-year '2024-H3'"),
        ("2024-H0", "impossible half-year '2024-H0'"),
        ("2024-07-01/2024-02-30", "impossible date '2024-07-01/2024-02-30'"),
        ("2024-07/2024-13", "impossible month '2024-07/2024-13'"),
    ],
)
def test_an_impossible_date_is_refused_with_a_message_that_quotes_it(text, message):
    with pytest.raises(DateSpanError) as refused:
        parse(text)
    assert str(refused.value) == message


@pytest.mark.parametrize("text", ["0000-Q1", "0000-H2"])
def test_a_quarter_or_half_of_year_zero_is_a_date_span_error_not_a_crash(text):
    with pytest.raises(DateSpanError, match=f"'{text}'"):
        parse(text)


@pytest.mark.parametrize(
    "text", ["2024-07-04/2024-07-03", "2024-08/2024-07", "2025-01-01/2024-12-31"]
)
def test_a_range_that_ends_before_it_starts_is_refused(text):
    with pytest.raises(DateSpanError) as refused:
        parse(text)
    assert str(refused.value) == f"range '{text}' ends before it starts"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "soon",
        "July 2024",
        "2024-7",
        "24-07-02",
        "2024/07/02",
        "2024-07-02/",
        "2024-07/2024-07-04",
        "2024-Q",
        "2024-S2",
        "0000",
        "20245",
        "2024-07-02T10:00",
        "None",
    ],
)
def test_garbage_is_refused_with_a_message_that_shows_the_forms_allowed(text):
    with pytest.raises(DateSpanError) as refused:
        parse(text)
    message = str(refused.value)
    assert f"'{text.strip()}' is not a date" in message
    assert "2024-07-02, 2024-07-03/2024-07-04, 2024-07, 2024-Q3, 2024-H2 or 2024" in message


def test_a_date_span_error_is_a_value_error():
    assert issubclass(DateSpanError, ValueError)


def test_a_span_cannot_be_built_ending_before_it_starts():
    with pytest.raises(DateSpanError, match="before it starts"):
        DateSpan(D(2024, 7, 4), D(2024, 7, 3), Precision.DAYS)


# --- writing back -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2024-07-02",
        "2024-02-29",
        "2024-07-03/2024-07-04",
        "2023-12-30/2024-01-02",
        "2024-07-01/2024-07-31",
        "2024-07-01/2024-08-15",
        "2023-07",
        "2024-Q1",
        "2024-Q2",
        "2024-Q3",
        "2024-Q4",
        "2024-H1",
        "2024-H2",
        "2026",
        "2022-09/2024-05",
        "2024-07/2024-08",
    ],
)
def test_every_form_is_written_back_as_it_was_written(text):
    span = parse(text)
    assert to_expression(span) == text
    assert parse(to_expression(span)) == span
    assert str(span) == text


@pytest.mark.parametrize(
    "text",
    [
        "0999-07-02",
        "0999-07-03/0999-07-04",
        "0999-07",
        "0999-Q3",
        "0999-H2",
        "0999",
        "0998-09/0999-05",
    ],
)
def test_a_year_before_1000_is_written_back_with_four_digits(text):
    span = parse(text)
    assert to_expression(span) == text
    assert parse(to_expression(span)) == span


def test_a_month_to_month_range_within_one_month_is_written_as_that_month():
    assert to_expression(parse("2024-07/2024-07")) == "2024-07"


def test_a_range_of_whole_months_built_from_days_is_written_as_months_and_reads_back_equal():
    span = DateSpan(D(2024, 7, 1), D(2024, 10, 31), Precision.DAYS)
    assert to_expression(span) == "2024-07/2024-10"
    assert parse("2024-07/2024-10") == span


# --- sorting ----------------------------------------------------------------------


def test_july_2023_sorts_after_12_july_2023():
    assert parse("2023-07").sort_key > parse("2023-07-12").sort_key


def test_july_2023_sorts_before_1_august_2023():
    assert parse("2023-07").sort_key < parse("2023-08-01").sort_key


def test_the_second_half_of_2024_sorts_after_october_2024():
    assert parse("2024-H2").sort_key > parse("2024-10").sort_key


def test_a_roadmap_sorts_as_a_reader_expects():
    written = [
        "2026",
        "2024-H2",
        "2024-10",
        "2024-09",
        "2024-07-03/2024-07-04",
        "2024-07-02",
        "2023-07",
        "2023-07-12",
        "2022-09",
    ]
    in_order = sorted(written, key=lambda text: parse(text).sort_key)
    assert in_order == [
        "2022-09",
        "2023-07-12",
        "2023-07",
        "2024-07-02",
        "2024-07-03/2024-07-04",
        "2024-09",
        "2024-10",
        "2024-H2",
        "2026",
    ]


# --- exactness --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "exact"),
    [
        ("2024-07-02", True),
        ("2024-07-03/2024-07-04", True),
        ("2022-09/2024-05", True),
        ("2024-07", False),
        ("2024-Q3", False),
        ("2024-H2", False),
        ("2024", False),
    ],
)
def test_only_days_named_by_the_source_are_exact(text, exact):
    assert parse(text).is_exact is exact


def test_of_two_events_ending_the_same_day_the_more_precise_comes_first():
    assert parse("2024-07-04").sort_key < parse("2024-07-03/2024-07-04").sort_key


def test_a_month_sorts_after_an_event_on_its_last_day():
    assert parse("2023-07").sort_key > parse("2023-07-31").sort_key


def test_a_quarter_a_half_and_a_year_ending_together_sort_most_precise_first():
    written = ["2024", "2024-H2", "2024-Q4", "2024-12"]
    assert sorted(written, key=lambda text: parse(text).sort_key) == [
        "2024-12", "2024-Q4", "2024-H2", "2024",
    ]  # fmt: skip


def test_the_sort_key_invents_no_day_for_a_month():
    assert parse("2023-07").sort_key == (D(2023, 7, 31), -D(2023, 7, 1).toordinal())

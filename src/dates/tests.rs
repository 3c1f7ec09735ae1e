//! Unit tests of reading, printing and serialising dates.

use super::*;

#[test]
fn can_parse_each_precision() {
    assert_eq!(PartialDate::parse("2014").unwrap().display(), "2014");
    assert_eq!(
        PartialDate::parse("2022-02").unwrap().display(),
        "February 2022"
    );
    assert_eq!(
        PartialDate::parse("2022-02-24").unwrap().display(),
        "24 February 2022"
    );
    assert_eq!(PartialDate::parse("2022-02").unwrap().iso(), "2022-02");
}

#[test]
fn can_parse_date_times_as_days() {
    let date = PartialDate::parse("1960-01-01T23:00:00Z").unwrap();
    assert_eq!(
        (date.iso(), date.precision),
        ("1960-01-01".to_string(), Precision::Day)
    );
    assert!(PartialDate::parse("1960-13-01T23:00:00Z").is_err());
}

#[test]
fn accepts_only_whole_values() {
    let good = [
        ("2014", "2014"),
        ("2022-02", "2022-02"),
        ("2025-12-14", "2025-12-14"),
        (" 2025-12-14 ", "2025-12-14"),
        ("2025-12-14T09:00:00Z", "2025-12-14"),
        ("2025-12-14t09:00:00z", "2025-12-14"),
        ("2025-12-14T09:00:00+02:00", "2025-12-14"),
        ("2025-12-14T09:00:00.250-05:00", "2025-12-14"),
        ("2025-12-14 09:00:00", "2025-12-14"),
        ("2025-12-14T09:00:00", "2025-12-14"),
        ("2025-12-14 09:00:00+01:00", "2025-12-14"),
        ("2024-02-29", "2024-02-29"),
    ];
    for (text, iso) in good {
        let parsed = PartialDate::parse(text);
        assert_eq!(parsed.map(|d| d.iso()), Ok(iso.to_string()), "{text}");
    }
    let bad = [
        "",
        "2025-12-14 to 2025-12-15",
        "2025-12-14 noon",
        "2025-12-14 x",
        "2025-12-14x",
        "2025-12-14T25:00",
        "2025-12-14T09:00",
        "2025-12-14T09",
        "2025-12-14T",
        "2025-12-14T24:00:00Z",
        "2025-12-14T09:60:00Z",
        "2025-12-14T09:00:00+25:00",
        "2025-12-14T09:00:00ZZ",
        "2025-12-14T09:00:00 UTC",
        "2025-12 x",
        "2025 and 2026",
        "2025-1-5",
        "2025-01-5",
        "25-01-05",
        "+2025",
        "-2025",
        "2025.0",
        "14/12/2025",
        "December 2025",
        "2025-00",
        "2023-02-29",
        "2025-12-14\n2025",
        "2016-12-31T23:59:60Z",
        "2025-12-14T09:00:60Z",
        "0000",
        "0000-01",
        "0000-01-01",
        "0000-01-01T00:00:00Z",
        "   ",
    ];
    for text in bad {
        assert!(
            PartialDate::parse(text).is_err(),
            "{text:?} must be refused"
        );
    }
}

#[test]
fn keeps_the_written_day_of_a_date_time_with_an_offset() {
    // 23:30 in New York is already the 15th in UTC; the writer meant the 14th.
    let date = PartialDate::parse("2025-12-14T23:30:00-05:00").unwrap();
    assert_eq!(date.iso(), "2025-12-14");
    let date = PartialDate::parse("2025-12-15T00:30:00+09:00").unwrap();
    assert_eq!(date.iso(), "2025-12-15");
    let time = |text: &str| PartialDate::parse(text).unwrap().time;
    assert_eq!(
        time("2025-12-14T23:30:00-05:00"),
        NaiveTime::from_hms_opt(23, 30, 0)
    );
    assert_eq!(
        time("2025-12-14 09:05:07"),
        NaiveTime::from_hms_opt(9, 5, 7)
    );
    assert_eq!(time("2025-12-14"), None);
    assert_eq!(time("2025-12"), None);
}

#[test]
fn says_why_a_value_is_not_a_date() {
    let why = |text: &str| PartialDate::parse(text).unwrap_err();
    assert!(why("2025-12-14 to 2025-12-15").contains("`to 2025-12-15` follows the date"));
    assert!(why("2025-12 x").contains("`x` follows the date"));
    assert!(why("2025-12-14T24:00:00Z").contains("out of range"));
    assert!(why("2025-12-14T09:00").contains("HH:MM:SS"));
    assert!(why("2025-1-5").contains("two-digit month"));
    assert!(why("2025-12-32T09:00:00Z").contains("day 32"));
}

#[test]
fn deserializes_the_value_as_written() {
    assert!(serde_yaml::from_str::<PartialDate>("+2025").is_err());
    assert!(serde_yaml::from_str::<PartialDate>("2025.0").is_err());
    assert!(serde_yaml::from_str::<PartialDate>("2025-12-14 to 2025-12-15").is_err());
    let d: PartialDate = serde_yaml::from_str("2025-12-14T09:00:00+02:00").unwrap();
    assert_eq!(d.iso(), "2025-12-14");
    let d: PartialDate = serde_yaml::from_str("2014").unwrap();
    assert_eq!(d.precision, Precision::Year);
}

#[test]
fn says_empty_leap_second_and_year_zero() {
    let why = |text: &str| PartialDate::parse(text).unwrap_err();
    assert_eq!(why(""), "the date is empty");
    assert_eq!(why("  "), "the date is empty");
    assert!(why("2025-12-14T09:00:60Z").contains("leap second"));
    assert!(why("2016-12-31T23:59:60+01:00").contains("leap second"));
    assert!(why("0000").contains("no year 0000"));
    assert!(why("0000-12-14").contains("no year 0000"));
    assert_eq!(PartialDate::parse("0001").unwrap().display(), "1");
}

#[test]
fn a_full_day_field_asks_for_a_full_day() {
    for text in ["10:00:00", "x", "2025-1-5", "14/12/2025"] {
        let why = parse_day(text).unwrap_err();
        assert!(
            why.ends_with("write a full day, YYYY-MM-DD"),
            "{text}: {why}"
        );
        assert!(!why.contains("YYYY-MM or"), "{text}: {why}");
    }
    assert_eq!(
        parse_day("2025").unwrap_err(),
        "`2025` is not a whole day: write YYYY-MM-DD or an RFC 3339 date-time"
    );
    let kept = parse_whole_day("2025-12-14T18:30:00+01:00").unwrap();
    assert_eq!(kept.time, NaiveTime::from_hms_opt(18, 30, 0));
    assert_eq!(parse_day(" ").unwrap_err(), "the date is empty");
    assert!(parse_day("2025-12-14").is_ok());
}

#[test]
fn compares_periods_at_their_precision() {
    let d = |text: &str| PartialDate::parse(text).unwrap();
    let cases = [
        ("2025", "2025-12-14", false),
        ("2025-12", "2025-12-14", false),
        ("2025-11", "2025-12-14", true),
        ("2024", "2025-12-14", true),
        ("2025-12-13", "2025-12-14", true),
        ("2025-12-14", "2025-12-14", false),
        ("2025-12-14", "2025", false),
        ("2024-12-31", "2025", true),
        ("2025-02", "2025", false),
        ("2025-12-14T09:00:00", "2025-12-14T15:00:00", true),
        ("2025-12-14T15:00:00", "2025-12-14T09:00:00", false),
        ("2025-12-14", "2025-12-14T09:00:00", false),
    ];
    for (end, start, before) in cases {
        assert_eq!(d(end).is_before(&d(start)), before, "{end} before {start}");
    }
    assert_eq!(d("2024-02").last_day().to_string(), "2024-02-29");
    assert_eq!(d("2025").last_day().to_string(), "2025-12-31");
    assert_eq!(d("9999-12").last_day().to_string(), "9999-12-31");
}

#[test]
fn errors_on_impossible_dates() {
    assert!(
        PartialDate::parse("2025-13-45")
            .unwrap_err()
            .contains("month 13")
    );
    assert!(
        PartialDate::parse("2025-02-30")
            .unwrap_err()
            .contains("day 30")
    );
    assert!(PartialDate::parse("yesterday").is_err());
    assert!(PartialDate::parse("20255-01-01").is_err());
    assert!(PartialDate::parse("2025--01").is_err());
}

#[test]
fn sorts_less_precise_dates_first_within_their_period() {
    let year = PartialDate::parse("2022").unwrap();
    let day = PartialDate::parse("2022-02-24").unwrap();
    assert!(year.date < day.date);
}

#[test]
fn deserializes_from_yaml_strings_and_numbers() {
    let d: PartialDate = serde_yaml::from_str("2014").unwrap();
    assert_eq!(d.precision, Precision::Year);
    let d: PartialDate = serde_yaml::from_str("\"2022-02\"").unwrap();
    assert_eq!(d.precision, Precision::Month);
    let d: PartialDate = serde_yaml::from_str("2025-12-14").unwrap();
    assert_eq!(d.precision, Precision::Day);
}

#[test]
fn writes_dates_per_language_with_genitive_days_and_nominative_months() {
    let day = PartialDate::parse("2025-12-15").unwrap();
    let month = PartialDate::parse("2025-12").unwrap();
    let year = PartialDate::parse("2025").unwrap();
    assert_eq!(day.display_in("en"), "15 December 2025");
    assert_eq!(day.display_in("uk"), "15 грудня 2025");
    assert_eq!(day.display_in("ru"), "15 декабря 2025");
    assert_eq!(month.display_in("uk"), "грудень 2025");
    assert_eq!(month.display_in("ru"), "декабрь 2025");
    assert_eq!(year.display_in("uk"), "2025");
    assert_eq!(day.display_in("de"), "15 Dezember 2025");
    // No locale data: English.
    assert_eq!(day.display_in("xx"), "15 December 2025");
    assert!(locale_of("en-GB").is_none());
}

//! Dates as editors write them: `2025-12-14` (day), `2022-02` (month) or `2014`
//! (year). The precision is kept, so "February 2022" never prints as
//! "1 February 2022", and impossible dates (2025-13-45) are rejected while parsing.

use std::fmt;

use chrono::format::ParseErrorKind;
use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Timelike};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// How much of a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Year,
    Month,
    Day,
}

/// A calendar date with its precision. Missing parts are the first of the
/// period, so sorting puts "2022" before "2022-02-24".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    pub date: NaiveDate,
    pub precision: Precision,
    /// The time of day as written (the writer's local time, its offset
    /// dropped), when the value was a date-time; `None` for a calendar date.
    /// It orders events of one day; every output format shows the date alone.
    pub time: Option<NaiveTime>,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The locale whose month names a language's dates use: `None` for English
/// (the built-in names) and for languages with no locale data.
pub fn locale_of(lang: &str) -> Option<chrono::Locale> {
    let primary = lang
        .split(['-', '_'])
        .next()
        .unwrap_or(lang)
        .to_ascii_lowercase();
    if primary.is_empty() || primary == "en" {
        return None;
    }
    let region = lang.split(['-', '_']).nth(1).map(str::to_ascii_uppercase);
    let mut candidates = Vec::new();
    if let Some(region) = region {
        candidates.push(format!("{primary}_{region}"));
    }
    // The language's own country first (uk_UA, ru_RU, de_DE, fr_FR), then
    // the customary one for languages whose code is not a country's.
    candidates.push(format!("{primary}_{}", primary.to_ascii_uppercase()));
    let customary = match primary.as_str() {
        "uk" => "uk_UA",
        "be" => "be_BY",
        "kk" => "kk_KZ",
        "cs" => "cs_CZ",
        "da" => "da_DK",
        "el" => "el_GR",
        "et" => "et_EE",
        "ja" => "ja_JP",
        "ka" => "ka_GE",
        "ko" => "ko_KR",
        "sv" => "sv_SE",
        "sl" => "sl_SI",
        "sq" => "sq_AL",
        "sr" => "sr_RS",
        "zh" => "zh_CN",
        _ => "",
    };
    candidates.push(customary.to_string());
    candidates
        .iter()
        .find_map(|name| chrono::Locale::try_from(name.as_str()).ok())
}

/// The hint for a value that is not a date, shared by every file that holds dates.
pub const DATE_HINT: &str = "write 2025-12-14, 2025-12 or 2025, or a full RFC 3339 date-time such as 2025-12-14T09:00:00+01:00; a period is `date:` plus `end_date:`";

impl PartialDate {
    /// Parses a whole date value, the one parser for every date a site holds
    /// (front matter, `as_of`, the sources file, the `date` filter):
    ///
    /// - `YYYY`, `YYYY-MM` or `YYYY-MM-DD`: a four-digit year, two-digit month
    ///   and day, and a day that exists (`2025-02-30` is refused);
    /// - an RFC 3339 date-time (`2025-12-14T09:00:00Z`,
    ///   `2025-12-14 09:00:00.5+02:00`), checked by chrono's RFC 3339 parser;
    /// - the same without an offset (`2025-12-14T09:00:00`,
    ///   `2025-12-14 09:00:00`), a local date-time as YAML and TOML write it.
    ///
    /// A date-time keeps the day and time as written: `2025-12-14T23:30:00-05:00`
    /// is 14 December at 23:30 (the writer's local day and time), not the UTC
    /// day it falls on; the time is kept in [`PartialDate::time`]. Anything else, such as words after the date
    /// (`2025-12-14 to 2025-12-15`), a partial time (`2025-12-14T09:00`) or a
    /// time out of range (`T24:00:00Z`), is an error saying why. Surrounding
    /// whitespace is ignored.
    pub fn parse(text: &str) -> Result<PartialDate, String> {
        let text = text.trim();
        if text.is_empty() {
            return Err("the date is empty".into());
        }
        match text.get(..10).map(|day| (day, &text[10..])) {
            Some((day, rest)) if !rest.is_empty() && is_day_shape(day) => {
                let date = calendar_date(day)?.date;
                if !rest.starts_with(['T', 't', ' '])
                    || !rest[1..].starts_with(|c: char| c.is_ascii_digit())
                {
                    return Err(trailing(text, rest));
                }
                let time = date_time_of_day(text)?;
                Ok(PartialDate {
                    time: Some(time),
                    ..PartialDate::day(date)
                })
            }
            _ => calendar_date(text),
        }
    }

    pub fn day(date: NaiveDate) -> PartialDate {
        PartialDate {
            date,
            precision: Precision::Day,
            time: None,
        }
    }

    /// ISO form at its precision: `2022`, `2022-02` or `2022-02-24`.
    pub fn iso(&self) -> String {
        match self.precision {
            Precision::Year => format!("{:04}", self.date.year()),
            Precision::Month => format!("{:04}-{:02}", self.date.year(), self.date.month()),
            Precision::Day => format!(
                "{:04}-{:02}-{:02}",
                self.date.year(),
                self.date.month(),
                self.date.day()
            ),
        }
    }

    /// Reader form at its precision: `2022`, `February 2022`, `24 February 2022`.
    pub fn display(&self) -> String {
        let month = MONTHS[self.date.month0() as usize];
        match self.precision {
            Precision::Year => format!("{}", self.date.year()),
            Precision::Month => format!("{month} {}", self.date.year()),
            Precision::Day => format!("{} {month} {}", self.date.day(), self.date.year()),
        }
    }

    /// Reader form in language `lang` (issue 17): English as [`display`](Self::display);
    /// other languages through their locale's month names (chrono's
    /// `unstable-locales`, from glibc's locale data): a day takes the
    /// genitive ("15 грудня 2025"), a month alone the nominative ("грудень 2025").
    /// A language with no locale data is written in English.
    pub fn display_in(&self, lang: &str) -> String {
        self.display_with(locale_of(lang))
    }

    /// [`display_in`](Self::display_in) with the language's locale looked up
    /// ([`locale_of`]); `None` is English.
    pub fn display_with(&self, locale: Option<chrono::Locale>) -> String {
        let Some(locale) = locale else {
            return self.display();
        };
        match self.precision {
            Precision::Year => format!("{}", self.date.year()),
            Precision::Month => {
                let index = self.date.month0() as usize;
                let genitive = pure_rust_locales::locale_match!(locale => LC_TIME::MON)[index];
                let month = match pure_rust_locales::locale_match!(locale => LC_TIME::ALT_MON) {
                    // The nominative in the genitive's case: glibc capitalises
                    // some (ru_RU "Декабрь") for calendar headings.
                    Some(names) if genitive.starts_with(char::is_lowercase) => {
                        names[index].to_lowercase()
                    }
                    Some(names) => names[index].to_string(),
                    None => genitive.to_string(),
                };
                format!("{month} {}", self.date.year())
            }
            Precision::Day => self.date.format_localized("%-d %B %Y", locale).to_string(),
        }
    }

    /// The last day of the period this date stands for: the date itself for
    /// a day, the month's last day for `2025-02`, 31 December for `2025`.
    pub fn last_day(&self) -> NaiveDate {
        let (year, month) = match self.precision {
            Precision::Day => return self.date,
            Precision::Month => (self.date.year(), self.date.month()),
            Precision::Year => (self.date.year(), 12),
        };
        let next = if month == 12 {
            NaiveDate::from_ymd_opt(year + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(year, month + 1, 1)
        };
        next.and_then(|d| d.pred_opt()).unwrap_or(self.date)
    }

    /// Whether this date, as the end of a period or a later event, lies wholly
    /// before `start`: each is compared at its own precision, so `2025` (the
    /// whole year) is not before `2025-12-14`, and `2025-11` is. On one day,
    /// written times are compared when both have one.
    pub fn is_before(&self, start: &PartialDate) -> bool {
        let last = self.last_day();
        last < start.date
            || (last == start.date
                && self.precision == Precision::Day
                && start.precision == Precision::Day
                && matches!((self.time, start.time), (Some(end), Some(begin)) if end < begin))
    }

    pub fn year(&self) -> i32 {
        self.date.year()
    }

    pub fn month(&self) -> u32 {
        self.date.month()
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.iso())
    }
}

/// Deserializes through [`PartialDate::parse`], so a wrong value is an error
/// located by the format (serde_yaml points at the value).
impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DateVisitor;
        impl Visitor<'_> for DateVisitor {
            type Value = PartialDate;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date written YYYY-MM-DD, YYYY-MM, YYYY or as an RFC 3339 date-time")
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<PartialDate, E> {
                PartialDate::parse(value).map_err(E::custom)
            }
            fn visit_u64<E: de::Error>(self, value: u64) -> Result<PartialDate, E> {
                PartialDate::parse(&value.to_string()).map_err(E::custom)
            }
            fn visit_i64<E: de::Error>(self, value: i64) -> Result<PartialDate, E> {
                PartialDate::parse(&value.to_string()).map_err(E::custom)
            }
        }
        // As a string, so YAML hands over the value as written: `+2025` or
        // `2025.0` must not pass as the number 2025.
        deserializer.deserialize_str(DateVisitor)
    }
}

/// `YYYY-MM-DD` by its shape only: digits and dashes in their places.
fn is_day_shape(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        })
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, the whole of `text`.
fn calendar_date(text: &str) -> Result<PartialDate, String> {
    let digits =
        |part: &str, len: usize| part.len() == len && part.bytes().all(|b| b.is_ascii_digit());
    let parts: Vec<&str> = text.split('-').collect();
    let shape_ok = match parts.as_slice() {
        [y] => digits(y, 4),
        [y, m] => digits(y, 4) && digits(m, 2),
        [y, m, d] => digits(y, 4) && digits(m, 2) && digits(d, 2),
        _ => false,
    };
    if !shape_ok {
        // A valid date followed by something else: name what follows.
        for len in [10, 7, 4] {
            if let (Some(head), Some(rest)) = (text.get(..len), text.get(len..))
                && !rest.is_empty()
                && !rest.starts_with(|c: char| c.is_ascii_digit() || c == '-')
                && calendar_date(head).is_ok()
            {
                return Err(trailing(text, rest));
            }
        }
        return Err(format!(
            "`{text}` is not a date: write YYYY-MM-DD, YYYY-MM or YYYY (four-digit year, two-digit month and day)"
        ));
    }
    // The shape is checked, so every part is 2 or 4 ASCII digits.
    let number = |part: &str| part.parse::<u32>().unwrap_or(0);
    let year = i32::try_from(number(parts[0])).unwrap_or(0);
    let month = parts.get(1).map_or(1, |m| number(m));
    let day = parts.get(2).map_or(1, |d| number(d));
    let precision = match parts.len() {
        1 => Precision::Year,
        2 => Precision::Month,
        _ => Precision::Day,
    };
    if year == 0 {
        return Err(format!(
            "`{text}` is not a date: there is no year 0000 (1 BC is followed by AD 1); years start at 0001"
        ));
    }
    if !(1..=12).contains(&month) {
        return Err(format!(
            "`{text}` is not a date: month {month} does not exist"
        ));
    }
    let date = NaiveDate::from_ymd_opt(year, month, day)
        .ok_or_else(|| format!("`{text}` is not a date: day {day} does not exist in that month"))?;
    Ok(PartialDate {
        date,
        precision,
        time: None,
    })
}

/// Checks a date-time by RFC 3339 (chrono's parser) and returns its time of
/// day as written; without an offset it is read as a local date-time, so
/// `2025-12-14 09:00:00` passes too.
fn date_time_of_day(text: &str) -> Result<NaiveTime, String> {
    let as_written = DateTime::parse_from_rfc3339(text);
    if let Ok(time) = as_written.or_else(|_| DateTime::parse_from_rfc3339(&format!("{text}Z"))) {
        let time = time.naive_local().time();
        // chrono keeps a leap second (`23:59:60`) as a nanosecond past 1e9.
        if time.nanosecond() >= 1_000_000_000 {
            return Err(format!(
                "`{text}` is not a date: second 60 (a leap second) is not accepted; write :59"
            ));
        }
        return Ok(time);
    }
    let why = match as_written {
        Err(e) if e.kind() == ParseErrorKind::OutOfRange => {
            "its time is out of range (hours 00-23, minutes and seconds 00-59)"
        }
        _ => "a time is written in full, HH:MM:SS, with an optional offset such as Z or +01:00",
    };
    Err(format!("`{text}` is not a date: {why}"))
}

/// The error for a date followed by words.
fn trailing(text: &str, rest: &str) -> String {
    format!(
        "`{text}` is not a date: `{}` follows the date; a date is the whole value",
        rest.trim()
    )
}

/// Parses a whole day (`YYYY-MM-DD`, or a date-time, see [`PartialDate::parse`],
/// keeping its time) for fields where less makes no sense: `as_of`,
/// `publish_date`, `expiry_date`.
pub fn parse_whole_day(text: &str) -> Result<PartialDate, String> {
    let date = PartialDate::parse(text).map_err(|why| {
        // The general advice names month and year forms, which this field refuses.
        match why.split_once(": write YYYY-MM-DD, YYYY-MM or YYYY") {
            Some((head, _)) => format!("{head}: write a full day, YYYY-MM-DD"),
            None => why,
        }
    })?;
    if date.precision != Precision::Day {
        return Err(format!(
            "`{text}` is not a whole day: write YYYY-MM-DD or an RFC 3339 date-time"
        ));
    }
    Ok(date)
}

/// [`parse_whole_day`], the day alone.
pub fn parse_day(text: &str) -> Result<NaiveDate, String> {
    parse_whole_day(text).map(|date| date.date)
}

#[cfg(test)]
mod tests {
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
}

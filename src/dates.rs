//! Dates as editors write them: `2025-12-14` (day), `2022-02` (month) or `2014`
//! (year). The precision is kept, so "February 2022" never prints as
//! "1 February 2022", and impossible dates (2025-13-45) are rejected while parsing.

use std::fmt;

use chrono::{Datelike, NaiveDate};
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

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; a time after a full date
    /// (`2025-12-14T09:00:00Z`) is accepted and dropped.
    pub fn parse(text: &str) -> Result<PartialDate, String> {
        let text = text.trim();
        let text = match text.char_indices().nth(10) {
            Some((i, 'T' | ' ')) if text[..i].len() == 10 => &text[..i],
            _ => text,
        };
        let parts: Vec<&str> = text.split('-').collect();
        let number = |part: &str, what: &str| -> Result<u32, String> {
            if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) || part.len() > 4 {
                return Err(format!(
                    "`{text}` is not a date: the {what} must be a number"
                ));
            }
            part.parse::<u32>()
                .map_err(|_| format!("`{text}` is not a date: bad {what}"))
        };
        let (year, month, day, precision) = match parts.as_slice() {
            [y] if y.len() == 4 => (number(y, "year")?, 1, 1, Precision::Year),
            [y, m] if y.len() == 4 => {
                (number(y, "year")?, number(m, "month")?, 1, Precision::Month)
            }
            [y, m, d] if y.len() == 4 => (
                number(y, "year")?,
                number(m, "month")?,
                number(d, "day")?,
                Precision::Day,
            ),
            _ => {
                return Err(format!(
                    "`{text}` is not a date: write YYYY-MM-DD, YYYY-MM or YYYY"
                ));
            }
        };
        if !(1..=12).contains(&month) {
            return Err(format!(
                "`{text}` is not a date: month {month} does not exist"
            ));
        }
        let year = i32::try_from(year).map_err(|_| format!("`{text}`: year out of range"))?;
        let date = NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| {
            format!("`{text}` is not a date: day {day} does not exist in that month")
        })?;
        Ok(PartialDate { date, precision })
    }

    pub fn day(date: NaiveDate) -> PartialDate {
        PartialDate {
            date,
            precision: Precision::Day,
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

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DateVisitor;
        impl Visitor<'_> for DateVisitor {
            type Value = PartialDate;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date written YYYY-MM-DD, YYYY-MM or YYYY")
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
        deserializer.deserialize_any(DateVisitor)
    }
}

/// Parses a full day (`YYYY-MM-DD`), for fields where less makes no sense.
pub fn parse_day(text: &str) -> Result<NaiveDate, String> {
    let date = PartialDate::parse(text)?;
    if date.precision != Precision::Day {
        return Err(format!("`{text}` must be a full date, YYYY-MM-DD"));
    }
    Ok(date.date)
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
}

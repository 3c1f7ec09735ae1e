//! Dates as editors write them: `2025-12-14` (day), `2022-02` (month) or `2014`
//! (year). The precision is kept, so "February 2022" never prints as
//! "1 February 2022", and impossible dates (2025-13-45) are rejected while parsing.

use std::fmt;

use chrono::format::ParseErrorKind;
use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Timelike};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

mod digits;
pub use digits::day_iso;

/// How much of a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    /// `YYYY`.
    Year,
    /// `YYYY-MM`.
    Month,
    /// `YYYY-MM-DD`, or an RFC 3339 date-time.
    Day,
}

/// A calendar date with its precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    /// Missing parts are the first of the period: "2022" sorts before "2022-02-24".
    pub date: NaiveDate,
    /// How much of `date` is known.
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
    /// A date-time keeps the day and time as written (the time in
    /// [`PartialDate::time`]): `2025-12-14T23:30:00-05:00` is 14 December at
    /// 23:30, not the UTC day it falls on. Anything else (words after the
    /// date, a partial time `2025-12-14T09:00`, a time out of range
    /// `T24:00:00Z`) is an error saying why. Surrounding whitespace is ignored.
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

    /// A whole day.
    pub fn day(date: NaiveDate) -> PartialDate {
        PartialDate {
            date,
            precision: Precision::Day,
            time: None,
        }
    }

    /// ISO form at its precision: `2022`, `2022-02` or `2022-02-24`.
    pub fn iso(&self) -> String {
        digits::iso(self.date, self.precision)
    }

    /// Reader form at its precision: `2022`, `February 2022`, `24 February 2022`.
    pub fn display(&self) -> String {
        digits::display(
            self.date,
            self.precision,
            MONTHS[self.date.month0() as usize],
        )
    }

    /// Reader form in language `lang` (issue 17): English as [`display`](Self::display);
    /// other languages through their locale's month names (chrono's
    /// `unstable-locales`, from glibc's locale data): a day takes the
    /// genitive ("15 грудня 2025"), a month alone the nominative ("грудень 2025").
    /// A language with no locale data is written in English.
    pub fn display_in(&self, lang: &str) -> String {
        self.display_with(locale_of(lang))
    }

    /// [`display_in`](Self::display_in) with the locale ([`locale_of`]); `None`: English.
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
    /// before `start`, each at its own precision: `2025` (the whole year) is
    /// not before `2025-12-14`, `2025-11` is; on one day, times decide if both have one.
    pub fn is_before(&self, start: &PartialDate) -> bool {
        let last = self.last_day();
        last < start.date
            || (last == start.date
                && self.precision == Precision::Day
                && start.precision == Precision::Day
                && matches!((self.time, start.time), (Some(end), Some(begin)) if end < begin))
    }

    /// The year.
    pub fn year(&self) -> i32 {
        self.date.year()
    }

    /// The month, 1–12 (January for a year-precision date).
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

/// Checks a date-time by RFC 3339 (chrono's parser), one without an offset as
/// a local date-time (`2025-12-14 09:00:00`); returns its time as written.
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

/// Parses a whole day (`YYYY-MM-DD`, or a date-time keeping its time, see
/// [`PartialDate::parse`]) for `as_of`, `publish_date`, `expiry_date`.
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
mod tests;

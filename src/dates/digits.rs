//! The ISO and English forms of a date written digit by digit: they are
//! asked for every date of every listing and feed, where `format!` showed in
//! the profile. Years outside 0..=9999 take `format!` as before.

use chrono::{Datelike, NaiveDate};

use super::Precision;

/// `YYYY-MM-DD` exactly as chrono's `%Y-%m-%d` writes it (RFC 3339's
/// `full-date` for years 0–9999; chrono's own form outside them), for the
/// sitemap's `<lastmod>` and the feeds' timestamps of every page.
pub fn day_iso(date: NaiveDate) -> String {
    if (0..=9999).contains(&date.year()) {
        iso(date, Precision::Day)
    } else {
        date.format("%Y-%m-%d").to_string()
    }
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
pub(super) fn iso(date: NaiveDate, precision: Precision) -> String {
    let Some(year) = four_digits(date.year()) else {
        return match precision {
            Precision::Year => format!("{:04}", date.year()),
            Precision::Month => format!("{:04}-{:02}", date.year(), date.month()),
            Precision::Day => format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day()),
        };
    };
    let mut out = String::with_capacity(10);
    push_digits(&mut out, year, 4);
    if precision >= Precision::Month {
        out.push('-');
        push_digits(&mut out, date.month(), 2);
    }
    if precision == Precision::Day {
        out.push('-');
        push_digits(&mut out, date.day(), 2);
    }
    out
}

/// `2022`, `February 2022` or `24 February 2022` (`month` is the name).
pub(super) fn display(date: NaiveDate, precision: Precision, month: &str) -> String {
    let Some(year) = four_digits(date.year()) else {
        return match precision {
            Precision::Year => format!("{}", date.year()),
            Precision::Month => format!("{month} {}", date.year()),
            Precision::Day => format!("{} {month} {}", date.day(), date.year()),
        };
    };
    let mut out = String::with_capacity(month.len() + 8);
    if precision == Precision::Day {
        let day = date.day();
        push_digits(&mut out, day, if day < 10 { 1 } else { 2 });
        out.push(' ');
    }
    if precision >= Precision::Month {
        out.push_str(month);
        out.push(' ');
    }
    // `{}` of a year: no padding.
    let width = match year {
        0..=9 => 1,
        10..=99 => 2,
        100..=999 => 3,
        _ => 4,
    };
    push_digits(&mut out, year, width);
    out
}

fn four_digits(year: i32) -> Option<u32> {
    u32::try_from(year).ok().filter(|y| *y <= 9999)
}

/// The last `width` decimal digits of `n`, zero-padded.
fn push_digits(out: &mut String, n: u32, width: u32) {
    for place in (0..width).rev() {
        let digit = (n / 10u32.pow(place)) % 10;
        out.push(char::from(b'0' + digit as u8));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_iso_writes_what_chrono_writes() {
        for (y, m, d) in [
            (2025, 12, 15),
            (1, 1, 1),
            (0, 2, 29),
            (9999, 12, 31),
            (10000, 1, 1),
            (-44, 3, 15),
        ] {
            let date = chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(day_iso(date), date.format("%Y-%m-%d").to_string());
        }
    }

    #[test]
    fn writes_what_format_writes() {
        let days = [
            (1, 1, 1),
            (9, 2, 3),
            (99, 10, 10),
            (999, 12, 31),
            (2025, 6, 9),
        ];
        let wide = [(-44, 3, 15), (10000, 1, 2), (-1, 1, 1)];
        for (y, m, d) in days.into_iter().chain(wide) {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            for precision in [Precision::Year, Precision::Month, Precision::Day] {
                let expected_iso = match precision {
                    Precision::Year => format!("{y:04}"),
                    Precision::Month => format!("{y:04}-{m:02}"),
                    Precision::Day => format!("{y:04}-{m:02}-{d:02}"),
                };
                let expected_display = match precision {
                    Precision::Year => format!("{y}"),
                    Precision::Month => format!("May {y}"),
                    Precision::Day => format!("{d} May {y}"),
                };
                assert_eq!(iso(date, precision), expected_iso);
                assert_eq!(display(date, precision, "May"), expected_display);
            }
        }
    }
}

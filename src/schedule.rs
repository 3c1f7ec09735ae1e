//! Scheduling: today's date (the system clock, `SOURCE_DATE_EPOCH`, or
//! `BRIEFING_TODAY` for tests and reproducible builds) and the publication window of a page
//! (`publish_date` … `expiry_date`). Like Zola and Hugo, the window is
//! compared with the wall clock, not with the site's `as_of`.

use chrono::NaiveDate;

use crate::dates::PartialDate;
use crate::frontmatter::FrontMatter;

/// The variable that fixes "today" (`YYYY-MM-DD`), for tests and reproducible builds.
pub const TODAY_VAR: &str = "BRIEFING_TODAY";

/// Today's date: `BRIEFING_TODAY` when set, else [`clock_day`]. The one
/// "today" of the tool (scheduling, `briefing new`, a feed with no date).
pub fn today() -> Result<NaiveDate, String> {
    match std::env::var(TODAY_VAR) {
        Ok(text) if !text.trim().is_empty() => crate::dates::parse_day(&text)
            .map_err(|message| format!("invalid {TODAY_VAR} `{text}`: {message}")),
        _ => Ok(clock_day()),
    }
}

/// The day in UTC of `SOURCE_DATE_EPOCH` (seconds since 1970, as
/// reproducible builds set it) when set, else of the system clock.
pub fn clock_day() -> NaiveDate {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .ok()
                .map(|d| d.as_secs())
        })
        .unwrap_or(0);
    let days = i64::try_from(seconds / 86_400).unwrap_or(0);
    NaiveDate::default() + chrono::Duration::days(days)
}

/// Which pages outside their window a run keeps (`--future`, `--expired`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Window {
    /// The day the window is measured on; `None` keeps every page.
    pub today: Option<NaiveDate>,
    /// `--future`: keep pages whose `publish_date` is after today.
    pub future: bool,
    /// `--expired`: keep pages whose `expiry_date` is today or before.
    pub expired: bool,
}

/// Where a page stands against its window on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Published: inside its window (or it has none).
    Live,
    /// `publish_date` is after today.
    Future(PartialDate),
    /// `expiry_date` is today or before.
    Expired(PartialDate),
}

/// The standing of a page on `today`. A page is published from the start of
/// its `publish_date` (the day alone counts: a time of day is ignored) and
/// is gone from the start of its `expiry_date`.
pub fn standing(front: &FrontMatter, today: NaiveDate) -> Standing {
    if let Some(publish) = front.publish_date
        && publish.date > today
    {
        return Standing::Future(publish);
    }
    if let Some(expiry) = front.expiry_date
        && expiry.date <= today
    {
        return Standing::Expired(expiry);
    }
    Standing::Live
}

impl Window {
    /// Why a page is left out of this run, if it is: the text that a link to
    /// it reports.
    pub fn left_out(&self, front: &FrontMatter) -> Option<String> {
        let today = self.today?;
        match standing(front, today) {
            Standing::Future(date) if !self.future => Some(format!(
                "is scheduled for {}, left out without --future",
                date.iso()
            )),
            Standing::Expired(date) if !self.expired => Some(format!(
                "expired on {}, left out without --expired",
                date.iso()
            )),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn front(publish: Option<&str>, expiry: Option<&str>) -> FrontMatter {
        FrontMatter {
            title: "T".into(),
            publish_date: publish.map(|d| PartialDate::parse(d).unwrap()),
            expiry_date: expiry.map(|d| PartialDate::parse(d).unwrap()),
            ..FrontMatter::default()
        }
    }

    fn day(text: &str) -> NaiveDate {
        crate::dates::parse_day(text).unwrap()
    }

    #[test]
    fn standing_follows_the_window_day_by_day() {
        let today = day("2026-01-10");
        let cases = [
            (None, None, "live"),
            (Some("2026-01-09"), None, "live"),
            (Some("2026-01-10"), None, "live"),
            (Some("2026-01-10T23:59:00+05:00"), None, "live"),
            (Some("2026-01-11"), None, "future"),
            (Some("2026-01-11T00:00:00Z"), None, "future"),
            (Some("2027-01-01"), None, "future"),
            (None, Some("2026-01-11"), "live"),
            (None, Some("2026-01-10"), "expired"),
            (None, Some("2026-01-09T12:00:00"), "expired"),
            (None, Some("2025-12-31"), "expired"),
            (Some("2026-01-01"), Some("2026-01-05"), "expired"),
            (Some("2026-02-01"), Some("2026-01-05"), "future"),
        ];
        for (publish, expiry, want) in cases {
            let got = match standing(&front(publish, expiry), today) {
                Standing::Live => "live",
                Standing::Future(_) => "future",
                Standing::Expired(_) => "expired",
            };
            assert_eq!(got, want, "{publish:?} {expiry:?}");
        }
    }

    #[test]
    fn the_flags_keep_pages_outside_the_window() {
        let today = Some(day("2026-01-10"));
        let future = front(Some("2026-02-01"), None);
        let expired = front(None, Some("2026-01-01"));
        let plain = Window {
            today,
            ..Window::default()
        };
        assert_eq!(
            plain.left_out(&future).as_deref(),
            Some("is scheduled for 2026-02-01, left out without --future")
        );
        assert_eq!(
            plain.left_out(&expired).as_deref(),
            Some("expired on 2026-01-01, left out without --expired")
        );
        let both = Window {
            today,
            future: true,
            expired: true,
        };
        assert_eq!(both.left_out(&future), None);
        assert_eq!(both.left_out(&expired), None);
        let only_future = Window {
            today,
            future: true,
            expired: false,
        };
        assert_eq!(only_future.left_out(&future), None);
        assert!(only_future.left_out(&expired).is_some());
        // Without a day (no window asked for) nothing is left out.
        assert_eq!(Window::default().left_out(&future), None);
    }
}

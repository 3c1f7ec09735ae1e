//! Timeline events: which pages' `date` is the date of the event they describe
//! (not of their publication), and the order of events on the same day.
//!
//! The rule, documented in docs/content.md: a page whose front matter gives a
//! `status` (happened, reported, expected) or an `end_date` describes an event,
//! and its `date` is when the event took place or is expected. The theme draws
//! the same line (an event's JSON-LD is a schema.org `Event`).

use std::cmp::Ordering;

use crate::frontmatter::FrontMatter;

/// Whether `front`'s `date` is the date of an event rather than of publication.
pub fn is_event(front: &FrontMatter) -> bool {
    front.status.is_some() || front.end_date.is_some()
}

/// The order of pages that share a date, a total order (documented in
/// docs/content.md, "Same-day order"):
///
/// 1. a page whose `date` has a time of day (`2025-12-15T18:00:00+01:00`)
///    before one without, earlier times first (the time as written);
/// 2. a page with a `weight` before one without, lower weights first;
/// 3. by title.
pub fn same_day_order(a: &FrontMatter, b: &FrontMatter) -> Ordering {
    let time = |front: &FrontMatter| front.date.and_then(|d| d.time);
    let timed = match (time(a), time(b)) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    };
    timed
        .then_with(|| weight_order(a.weight, b.weight))
        .then_with(|| title_order(&a.title, &b.title))
}

/// The one order of titles, for every sort by title (same-day events,
/// `sort_by = "title"`, ties in weight): as a reader expects in an index, not
/// by bytes. Case and accents are ignored at first (`apple` next to `Banana`,
/// `Écu` among the e's), numbers count as numbers (`Day 2` before `Day 10`);
/// titles that differ only there fall back to their characters, so the order
/// is total and the same on every machine.
pub fn title_order(a: &str, b: &str) -> Ordering {
    lexical_sort::natural_lexical_cmp(a, b)
}

/// Weights ascending, a page with a `weight` before one without.
pub fn weight_order(a: Option<i64>, b: Option<i64>) -> Ordering {
    match (a, b) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_sort_as_readers_expect() {
        let mut titles = vec![
            "Zulu",
            "apple",
            "Écu",
            "Banana",
            "day 10",
            "Day 2",
            "eagle",
            "Apple",
            "Ökonomie",
            "oak",
            "Éclair",
            "édit",
            "zebra",
        ];
        titles.sort_by(|a, b| title_order(a, b));
        assert_eq!(
            titles,
            [
                "Apple",
                "apple",
                "Banana",
                "Day 2",
                "day 10",
                "eagle",
                "Éclair",
                "Écu",
                "édit",
                "oak",
                "Ökonomie",
                "zebra",
                "Zulu"
            ]
        );
        assert_eq!(title_order("a", "a"), Ordering::Equal);
        assert_ne!(title_order("Foo", "fóò"), Ordering::Equal);
    }
    use crate::dates::PartialDate;
    use crate::frontmatter::Status;

    fn front(title: &str, weight: Option<i64>) -> FrontMatter {
        FrontMatter {
            title: title.into(),
            weight,
            date: PartialDate::parse("2025-12-15").ok(),
            ..FrontMatter::default()
        }
    }

    #[test]
    fn events_are_pages_with_a_status_or_an_end_date() {
        let mut page = front("Explainer", None);
        assert!(!is_event(&page));
        page.status = Some(Status::Expected);
        assert!(is_event(&page));
        page.status = None;
        page.end_date = PartialDate::parse("2025-12-16").ok();
        assert!(is_event(&page));
    }

    #[test]
    fn orders_same_day_events_by_weight_then_title() {
        // The dinner's title sorts first; its weight puts it after the briefing.
        let briefing = front("US officials brief reporters", Some(10));
        let dinner = front("Dinner with the negotiators", Some(20));
        assert_eq!(same_day_order(&briefing, &dinner), Ordering::Less);
        assert_eq!(same_day_order(&dinner, &briefing), Ordering::Greater);
        let unweighted = front("A", None);
        assert_eq!(same_day_order(&dinner, &unweighted), Ordering::Less);
        let (a, b) = (front("A", None), front("B", None));
        assert_eq!(same_day_order(&a, &b), Ordering::Less);
    }

    #[test]
    fn orders_same_day_events_by_time_of_day_first() {
        let at = |title: &str, weight: Option<i64>, date: &str| FrontMatter {
            date: PartialDate::parse(date).ok(),
            ..front(title, weight)
        };
        let morning = at("Z morning", Some(99), "2025-12-15T09:00:00+01:00");
        let evening = at("A evening", Some(1), "2025-12-15 19:30:00");
        let untimed = at("B untimed", Some(0), "2025-12-15");
        assert_eq!(same_day_order(&morning, &evening), Ordering::Less);
        assert_eq!(same_day_order(&evening, &untimed), Ordering::Less);
        assert_eq!(same_day_order(&untimed, &morning), Ordering::Greater);
        // A total order: any mix sorts the same way from any start.
        let mut pages = [untimed.clone(), evening.clone(), morning.clone()];
        pages.sort_by(same_day_order);
        let titles: Vec<&str> = pages.iter().map(|p| p.title.as_str()).collect();
        assert_eq!(titles, ["Z morning", "A evening", "B untimed"]);
    }
}

//! Fetching external links (`briefing check --external`): one GET per distinct
//! URL (the link checker has dropped fragments), several at a time, each with a timeout, redirects
//! followed, a progress bar on a terminal, and a summary by status. Only run
//! when asked: a check must not need the network by default.

use std::collections::BTreeMap;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Location};

/// How many requests run at once: the work is waiting, not computing.
const PARALLEL_REQUESTS: usize = 8;

/// How a URL answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// The server answered with this HTTP status code (RFC 9110).
    Http(u16),
    /// No answer within the time allowed.
    Timeout,
    /// The request failed (DNS, TLS, connection): why.
    Failed(String),
}

impl Status {
    /// Answered with a status below 400 (redirects are followed first).
    pub fn is_ok(&self) -> bool {
        matches!(self, Status::Http(code) if *code < 400)
    }

    /// The label this status is counted under in the summary.
    pub fn label(&self) -> String {
        match self {
            Status::Http(code) => code.to_string(),
            Status::Timeout => "timeout".into(),
            Status::Failed(_) => "error".into(),
        }
    }
}

/// What fetching found.
#[derive(Debug, Default)]
pub struct ExternalReport {
    /// URLs fetched.
    pub checked: usize,
    /// Status label → number of URLs.
    pub by_status: BTreeMap<String, usize>,
    /// One warning or error per URL that failed, at the links that use it.
    pub diagnostics: Vec<Diagnostic>,
}

impl ExternalReport {
    /// `200: 10, 404: 1, timeout: 1`.
    pub fn summary(&self) -> String {
        self.by_status
            .iter()
            .map(|(label, count)| format!("{label}: {count}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Fetches every URL of `links` (URL without fragment → where it is linked from).
pub fn check(
    links: &BTreeMap<String, Vec<Location>>,
    timeout: Duration,
    progress: bool,
) -> ExternalReport {
    let mut by_url: Vec<(&str, Vec<&Location>)> = links
        .iter()
        .map(|(url, locations)| (url.as_str(), locations.iter().collect()))
        .collect();
    for (_, locations) in &mut by_url {
        locations.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
    }
    let bar = if progress {
        ProgressBar::new(by_url.len() as u64).with_style(
            ProgressStyle::with_template("{bar:30} {pos}/{len} external links {wide_msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        )
    } else {
        ProgressBar::hidden()
    };
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .max_redirects(10)
        .user_agent(concat!("briefing-check/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let fetch_all = || -> Vec<Status> {
        by_url
            .par_iter()
            .map(|(url, _)| {
                bar.set_message(url.to_string());
                let status = fetch(&agent, url);
                bar.inc(1);
                status
            })
            .collect()
    };
    let statuses = match rayon::ThreadPoolBuilder::new()
        .num_threads(PARALLEL_REQUESTS)
        .build()
    {
        Ok(pool) => pool.install(fetch_all),
        Err(_) => fetch_all(),
    };
    bar.finish_and_clear();
    let mut report = ExternalReport {
        checked: statuses.len(),
        ..ExternalReport::default()
    };
    for ((url, locations), status) in by_url.iter().zip(statuses) {
        *report.by_status.entry(status.label()).or_default() += 1;
        if status.is_ok() {
            continue;
        }
        let what = match &status {
            Status::Http(code) => format!("answered HTTP {code}"),
            Status::Timeout => format!("did not answer within {} s", timeout.as_secs()),
            Status::Failed(reason) => format!("could not be fetched: {reason}"),
        };
        let mut diagnostic = Diagnostic::error(format!("external link `{url}` {what}"));
        if let Some(first) = locations.first() {
            diagnostic = diagnostic.at((*first).clone());
        }
        if locations.len() > 1 {
            diagnostic = diagnostic.hint(format!(
                "linked from {} places; fix or remove the link, or archive the page",
                locations.len()
            ));
        }
        report.diagnostics.push(diagnostic);
    }
    report
}

fn fetch(agent: &ureq::Agent, url: &str) -> Status {
    match agent.get(url).call() {
        Ok(response) => Status::Http(response.status().as_u16()),
        Err(ureq::Error::Timeout(_)) => Status::Timeout,
        Err(ureq::Error::StatusCode(code)) => Status::Http(code),
        Err(e) => Status::Failed(e.to_string()),
    }
}

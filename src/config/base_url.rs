//! `base_url`: checked and put in its normal form.

/// Parses a base URL with the `url` crate (WHATWG URL Standard) and returns it
/// in its normal form ending in `/` (host in lower case, IDNA host as
/// punycode, default port dropped) together with its path part (`/` or
/// `/sub/path/`).
///
/// Errors (as a sentence naming the value): not an absolute `http(s)` URL with
/// a host, a port outside 0–65535, a query or fragment, user name or password,
/// spaces or quotes, or `.`/`..` path segments (which the parser would resolve
/// silently).
pub fn split_base_url(url: &str) -> std::result::Result<(String, String), String> {
    let url = url.trim();
    if url.contains(['?', '#', ' ', '"', '<', '>', '\'']) {
        return Err(format!(
            "base_url `{url}` may not contain a query, fragment, spaces or quotes"
        ));
    }
    let after_scheme = url.split_once("://").map(|(_, rest)| rest);
    let written_path = after_scheme.and_then(|rest| rest.find('/').map(|i| &rest[i..]));
    if written_path.is_some_and(|path| {
        path.split('/')
            .any(|segment| matches!(segment, "." | ".." | "%2e" | "%2E" | "%2e%2e" | "%2E%2E"))
    }) {
        return Err(format!(
            "base_url `{url}` may not contain `.` or `..` segments"
        ));
    }
    let parsed = match url::Url::parse(url) {
        Ok(parsed) => parsed,
        Err(url::ParseError::RelativeUrlWithoutBase) => {
            return Err(format!("base_url `{url}` is not an absolute URL"));
        }
        Err(url::ParseError::InvalidPort) => {
            return Err(format!("base_url `{url}` has a port outside 0–65535"));
        }
        Err(e) => return Err(format!("base_url `{url}` is not a valid URL: {e}")),
    };
    if !matches!(parsed.scheme(), "http" | "https")
        || parsed.host_str().is_none_or(str::is_empty)
        || after_scheme.is_none_or(|rest| rest.starts_with('/'))
    {
        return Err(format!(
            "base_url `{url}` must start with http:// or https:// and name a host"
        ));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(format!(
            "base_url `{url}` may not contain a user name or password"
        ));
    }
    let mut base_url = parsed.as_str().to_string();
    let mut base_path = parsed.path().to_string();
    if !base_url.ends_with('/') {
        base_url.push('/');
    }
    if !base_path.ends_with('/') {
        base_path.push('/');
    }
    Ok((base_url, base_path))
}

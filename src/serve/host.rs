//! The `Host` check: the dev server answers only requests that name it, so a
//! web page the editor visits cannot read the draft site through DNS
//! rebinding (a name of the attacker's that resolves to 127.0.0.1).
//!
//! Allowed, as Vite does: `localhost` and names below `.localhost` (they
//! always resolve to loopback), every IP address literal (rebinding needs a
//! name: a page reached by its IP address is that address's own origin, so
//! this also covers the bind address, loopback and, with `--bind 0.0.0.0`,
//! every address of the machine, for a phone on the same network), and the
//! names given with `--allowed-host` (a leading dot also allows every name
//! below it). A request without `Host` (HTTP/1.0) is answered: browsers always
//! send one.

use std::net::IpAddr;

/// The names the server answers for besides localhost and IP addresses.
#[derive(Debug, Clone, Default)]
pub struct HostCheck {
    allowed: Vec<String>,
}

impl HostCheck {
    /// Allows the names of `--allowed-host`: exact, or every name below a
    /// leading-dot entry.
    pub fn new(allowed: &[String]) -> Self {
        HostCheck {
            allowed: allowed.iter().map(|name| normalise(name)).collect(),
        }
    }

    /// True if a request with this `Host` header value may be answered.
    pub fn allows(&self, host: &str) -> bool {
        let Some(name) = host_name(host) else {
            return false;
        };
        if name.parse::<IpAddr>().is_ok() || name == "localhost" || name.ends_with(".localhost") {
            return true;
        }
        self.allowed
            .iter()
            .any(|allowed| match allowed.strip_prefix('.') {
                Some(parent) => name == parent || name.ends_with(allowed.as_str()),
                None => name == *allowed,
            })
    }
}

/// The one-line answer to a refused request.
pub fn refusal(host: &str) -> String {
    let shown: String = host.chars().filter(|c| !c.is_control()).take(100).collect();
    let name = host_name(host).unwrap_or_else(|| shown.clone());
    format!(
        "403 Forbidden: this dev server answers only for localhost, IP addresses and names given with --allowed-host; \
         restart it with `--allowed-host {name}` if `{shown}` is yours\n"
    )
}

/// The name of a `Host` value without its port, in lower case and without a
/// trailing dot (`[::1]:8080` → `::1`); `None` if it is not a valid host.
pub fn host_name(host: &str) -> Option<String> {
    let host = host.trim();
    let name = if let Some(rest) = host.strip_prefix('[') {
        let (inside, after) = rest.split_once(']')?;
        if !(after.is_empty() || is_port(after.strip_prefix(':')?)) {
            return None;
        }
        inside.parse::<std::net::Ipv6Addr>().ok()?;
        inside
    } else {
        match host.rsplit_once(':') {
            Some((name, port)) if is_port(port) => name,
            Some(_) => return None,
            None => host,
        }
    };
    let name = normalise(name);
    let valid = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ':'));
    valid.then_some(name)
}

/// True if the `Host` value may be echoed into a page's links (checked and
/// plain: letters, digits, `.-_:[]`).
pub fn is_plain(host: &str) -> bool {
    !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ':' | '[' | ']'))
}

fn is_port(text: &str) -> bool {
    !text.is_empty() && text.len() <= 5 && text.bytes().all(|b| b.is_ascii_digit())
}

fn normalise(name: &str) -> String {
    name.trim().trim_end_matches('.').to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allows_localhost_ip_addresses_and_named_hosts_only() {
        let check = HostCheck::new(&["preview.example.org".into(), ".lan".into()]);
        for host in [
            "localhost",
            "localhost:1111",
            "LOCALHOST:1111",
            "app.localhost:1111",
            "127.0.0.1:1111",
            "127.0.0.1",
            "[::1]:1111",
            "[::1]",
            "0.0.0.0:1111",
            "192.168.1.20:1111",
            "preview.example.org:1111",
            "preview.example.org.",
            "lan",
            "phone.lan:1111",
        ] {
            assert!(check.allows(host), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "127.0.0.1.evil.example",
            "example.org",
            "xpreview.example.org",
            "notlan",
            "",
            "[::1",
            "[evil]:1111",
            "localhost:port",
            "local host",
            "a@localhost",
        ] {
            assert!(!check.allows(host), "{host}");
        }
    }

    #[test]
    fn refusal_is_one_line_naming_the_flag() {
        let text = refusal("evil.example:1111");
        assert_eq!(text.lines().count(), 1);
        assert!(text.contains("--allowed-host evil.example"), "{text}");
        assert!(!refusal("a\r\nb").contains('\r'));
    }

    #[test]
    fn only_plain_hosts_are_echoed() {
        assert!(is_plain("192.168.1.20:1111"));
        assert!(is_plain("[::1]:1111"));
        assert!(!is_plain("a\"b"));
        assert!(!is_plain("a/b"));
        assert!(!is_plain(""));
    }
}

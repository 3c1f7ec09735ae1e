//! HTTP for the tests, over `std::net` (no client or server crate): a static
//! file server that serves a built folder under a sub-path the way any static
//! host does, and a one-request HTTP/1.1 client that sends the path exactly as
//! given.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::TIMEOUT;

/// A static file server on a free port of 127.0.0.1, one thread per
/// connection, running until the test ends.
///
/// It serves `dir` at `http://127.0.0.1:PORT{prefix}`: a folder's
/// `index.html`, a 301 to the folder's URL with a slash, a 404 (the site's
/// `404.html` when `dir` has one) outside the prefix or for any `..`, and
/// `/status/NNN` answers status NNN (for link checks). With no `dir` only the
/// status paths answer. The folder is read at request time, so a site may be
/// built into it after the server started (when the build needs the port).
pub struct StaticServer {
    /// The port it listens on.
    pub port: u16,
}

impl StaticServer {
    /// Starts serving `dir` (if any) under `prefix`, which starts and ends with `/`.
    pub fn start(dir: Option<PathBuf>, prefix: &str) -> StaticServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let prefix = prefix.to_string();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (dir, prefix) = (dir.clone(), prefix.clone());
                std::thread::spawn(move || serve_one(stream, dir.as_deref(), &prefix));
            }
        });
        StaticServer { port }
    }

    /// `http://127.0.0.1:PORT{path}`.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

fn serve_one(mut stream: TcpStream, dir: Option<&Path>, prefix: &str) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
    }
    let path = request_line.split_whitespace().nth(1).unwrap_or("/");
    let path = path.split(['?', '#']).next().unwrap_or("/");
    let (status, content_type, body, location) = respond(dir, prefix, path);
    let mut head = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nCache-Control: max-age=31536000\r\nConnection: close\r\n",
        body.len()
    );
    if let Some(location) = location {
        head.push_str(&format!("Location: {location}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(&body)?;
    stream.flush()
}

/// Status, content type, body and redirect target for `path`.
fn respond(
    dir: Option<&Path>,
    prefix: &str,
    path: &str,
) -> (u16, &'static str, Vec<u8>, Option<String>) {
    if let Some(code) = path.strip_prefix("/status/") {
        return (
            code.parse().unwrap_or(500),
            "text/plain",
            b"status".to_vec(),
            None,
        );
    }
    let not_found = || match dir.map(|dir| dir.join("404.html")) {
        Some(page) if page.is_file() => (
            404,
            "text/html; charset=utf-8",
            std::fs::read(page).unwrap_or_default(),
            None,
        ),
        _ => (404, "text/plain", b"not found".to_vec(), None),
    };
    let (Some(dir), Some(rest)) = (dir, path.strip_prefix(prefix)) else {
        return not_found();
    };
    let rest = percent_decode(rest);
    if rest.split('/').any(|s| s == "..") {
        return not_found();
    }
    let mut file = dir.join(&rest);
    if file.is_dir() {
        if !rest.is_empty() && !rest.ends_with('/') {
            return (301, "text/plain", Vec::new(), Some(format!("{path}/")));
        }
        file = file.join("index.html");
    }
    match std::fs::read(&file) {
        Ok(bytes) => (200, content_type(&file), bytes, None),
        Err(_) => not_found(),
    }
}

/// `%XX` escapes decoded as a browser or static host does; invalid UTF-8
/// becomes U+FFFD.
pub fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        // Module scripts (Pagefind's) are refused with any other type.
        Some("js") => "text/javascript; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("json") => "application/json",
        Some("xml") => "application/xml",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// One HTTP response, its chunked body decoded.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    /// The first header called `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One HTTP/1.1 request with `Connection: close`; the path is sent exactly as given.
pub fn request(address: &str, method: &str, raw_path: &str) -> Response {
    request_as(address, address, method, raw_path)
}

/// One request to `address` that says `Host: host`.
pub fn request_as(address: &str, host: &str, method: &str, raw_path: &str) -> Response {
    let mut stream = TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(TIMEOUT)).unwrap();
    write!(
        stream,
        "{method} {raw_path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("response has a header");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|line| line.split(' ').nth(1))
        .and_then(|code| code.parse().ok())
        .expect("status line");
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked {
        body = dechunk(&body);
    }
    Response {
        status,
        headers,
        body,
    }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(end) = data.windows(2).position(|w| w == b"\r\n") {
        let size =
            usize::from_str_radix(String::from_utf8_lossy(&data[..end]).trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        out.extend_from_slice(&data[end + 2..end + 2 + size]);
        data = &data[end + 2 + size + 2..];
    }
    out
}

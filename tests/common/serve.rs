//! A running `briefing serve` on a free port, killed when dropped, with its
//! server-sent-events stream read on a thread, and `/proc` counts of the
//! server's open files and threads (Linux).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::http::{Response, request, request_as};
use super::{TIMEOUT, command, write};

/// How long a server may take to print its address: its first build runs
/// first, on cores the other tests share.
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// The starter site plus an About page and a stylesheet of its own, in `dir/site`.
pub fn fixture_site(dir: &Path) -> PathBuf {
    let root = dir.join("site");
    briefing::scaffold(&root).unwrap();
    write(
        &root.join("content/about.md"),
        "---\ntitle: About\n---\nAbout this site.\n",
    );
    write(&root.join("static/extra.css"), "body { color: black; }\n");
    root
}

/// A running `briefing serve`, killed when dropped.
pub struct Server {
    child: Child,
    /// `127.0.0.1:PORT`
    pub address: String,
    /// `http://127.0.0.1:PORT/`
    pub url: String,
    stderr: Arc<Mutex<String>>,
    stdout: Arc<Mutex<String>>,
}

impl Server {
    pub fn start(root: &Path) -> Server {
        Server::start_with(root, &["--port", "0"])
    }

    /// `briefing --root ROOT serve ARGS` (ARGS must pick a free port).
    pub fn start_with(root: &Path, args: &[&str]) -> Server {
        let mut serve = command();
        serve.arg("--root").arg(root).arg("serve").args(args);
        Server::spawn(serve)
    }

    /// Starts `serve`, a [`command`] that runs `briefing … serve` on a free
    /// port (extra environment or folder set by the caller), and waits for
    /// its `Serving at` line.
    pub fn spawn(mut serve: Command) -> Server {
        let mut child = serve
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = Arc::new(Mutex::new(String::new()));
        let mut err_pipe = child.stderr.take().unwrap();
        let sink = stderr.clone();
        std::thread::spawn(move || {
            let mut buffer = [0u8; 4096];
            while let Ok(n) = err_pipe.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buffer[..n]));
            }
        });
        let (tx, rx) = mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        let out_sink = Arc::new(Mutex::new(String::new()));
        let lines_sink = out_sink.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                {
                    let mut all = lines_sink.lock().unwrap();
                    all.push_str(&line);
                    all.push('\n');
                }
                if let Some(rest) = line.strip_prefix("Serving at ") {
                    let url = rest.split_whitespace().next().unwrap_or("").to_string();
                    let _ = tx.send(url);
                }
            }
        });
        let url = rx.recv_timeout(START_TIMEOUT).unwrap_or_else(|_| {
            panic!("server did not start; stderr:\n{}", stderr.lock().unwrap())
        });
        let address = url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string();
        Server {
            child,
            address,
            url,
            stderr,
            stdout: out_sink,
        }
    }

    /// Everything the server printed to stdout so far.
    pub fn stdout(&self) -> String {
        self.stdout.lock().unwrap().clone()
    }

    /// A GET with this `Host` header instead of the server's address.
    pub fn get_as(&self, host: &str, raw_path: &str) -> Response {
        request_as(&self.address, host, "GET", raw_path)
    }

    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    pub fn request(&self, method: &str, raw_path: &str) -> Response {
        request(&self.address, method, raw_path)
    }

    pub fn get(&self, raw_path: &str) -> Response {
        self.request("GET", raw_path)
    }

    pub fn get_text(&self, raw_path: &str) -> String {
        String::from_utf8_lossy(&self.get(raw_path).body).into_owned()
    }

    pub fn status(&self) -> serde_json::Value {
        serde_json::from_slice(&self.get("/__briefing/status").body).unwrap()
    }

    pub fn build_id(&self) -> u64 {
        self.status()["build"].as_u64().unwrap()
    }

    /// Every path the server says it serves.
    pub fn files(&self) -> Vec<String> {
        self.get_text("/__briefing/files")
            .lines()
            .map(str::to_string)
            .collect()
    }

    /// Opens the event stream and waits for its `hello`, so no later event is missed.
    pub fn events(&self) -> Events {
        self.events_for("/__briefing/events")
    }

    /// [`Server::events`] at another path (`/__briefing/events?page=/about/`).
    pub fn events_for(&self, path: &str) -> Events {
        let events = Events::open(&self.address, path);
        events.next_named("hello");
        events
    }

    /// The server's process id, for reading `/proc/PID/…`.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn is_running(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Connects to `address` and sends `GET path` for an event stream with
/// `Host: host`; nothing is read yet (the stream never ends, and has no
/// read timeout unless the caller sets one).
pub fn event_request(address: &str, host: &str, path: &str) -> TcpStream {
    let mut stream = TcpStream::connect(address).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    stream
}

/// A server-sent event: its name and its data parsed as JSON.
#[derive(Debug, Clone)]
pub struct Event {
    pub name: String,
    pub data: serde_json::Value,
}

/// An open `/__briefing/events` stream, read on a thread.
pub struct Events {
    received: mpsc::Receiver<Event>,
}

impl Events {
    fn open(address: &str, path: &str) -> Events {
        let stream = event_request(address, address, path);
        let (tx, received) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stream);
            // Headers, then chunks; SSE lines are read from the chunk payloads.
            let mut line = String::new();
            loop {
                line.clear();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
            }
            let mut pending = String::new();
            let (mut name, mut data) = (String::new(), String::new());
            loop {
                line.clear();
                if reader.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                let Ok(size) = usize::from_str_radix(line.trim(), 16) else {
                    return;
                };
                if size == 0 {
                    return;
                }
                let mut chunk = vec![0u8; size + 2];
                if reader.read_exact(&mut chunk).is_err() {
                    return;
                }
                pending.push_str(&String::from_utf8_lossy(&chunk[..size]));
                while let Some(end) = pending.find('\n') {
                    let sse_line: String = pending.drain(..=end).collect();
                    let sse_line = sse_line.trim_end_matches(['\n', '\r']);
                    if sse_line.is_empty() {
                        if !name.is_empty() || !data.is_empty() {
                            let parsed =
                                serde_json::from_str(&data).unwrap_or(serde_json::Value::Null);
                            let event = Event {
                                name: std::mem::take(&mut name),
                                data: parsed,
                            };
                            data.clear();
                            if tx.send(event).is_err() {
                                return;
                            }
                        }
                    } else if let Some(value) = sse_line.strip_prefix("event:") {
                        name = value.trim().to_string();
                    } else if let Some(value) = sse_line.strip_prefix("data:") {
                        if !data.is_empty() {
                            data.push('\n');
                        }
                        data.push_str(value.strip_prefix(' ').unwrap_or(value));
                    }
                }
            }
        });
        Events { received }
    }

    /// The next event called `name`, skipping others; panics after [`TIMEOUT`].
    pub fn next_named(&self, name: &str) -> Event {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.received.recv_timeout(left) {
                Ok(event) if event.name == name => return event,
                Ok(_) => {}
                Err(_) => panic!("no `{name}` event within {TIMEOUT:?}"),
            }
        }
    }
}

/// How many files a process has open (Linux: entries of `/proc/PID/fd`).
pub fn open_files(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/fd"))
        .unwrap()
        .count()
}

/// How many threads a process runs (Linux: `Threads:` of `/proc/PID/status`).
pub fn threads(pid: u32) -> usize {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|line| line.strip_prefix("Threads:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("a Threads: line")
}

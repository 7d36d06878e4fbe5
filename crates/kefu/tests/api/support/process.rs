//! The `kefu` binary as a child process: started on a free port, stopped by signal.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use super::Session;

pub const KEFU: &str = env!("CARGO_BIN_EXE_kefu");

static STARTED: AtomicU32 = AtomicU32::new(0);

/// A free port for a child server, below the kernel's ephemeral range (32768 and up on
/// Linux). A port the kernel hands out for `bind(0)` and this harness then releases could be
/// handed again to an in-process test server before the child binds it: the child fails to
/// start while the health check answers from that other server — which once made a
/// restarted child's test talk to another test's database. Ports outside the ephemeral range
/// are never handed out that way; each start takes the next one (per process, from a
/// pid-dependent start) that is free.
pub fn free_port() -> u16 {
    let first = std::process::id().wrapping_mul(37);
    loop {
        let n = first.wrapping_add(STARTED.fetch_add(1, Ordering::Relaxed));
        let port = 21_000 + (n % 10_000) as u16;
        if std::net::TcpListener::bind(("127.0.0.1", port)).is_ok() {
            return port;
        }
    }
}

pub struct Server {
    pub child: Child,
    pub base: String,
}

impl Server {
    /// `kefu serve` on a free port; waits until /healthz answers.
    pub async fn start(database: &str, extra: &[&str], env: &[(&str, &str)]) -> Server {
        Self::start_logging_to(database, extra, env, Stdio::null()).await
    }

    pub async fn start_logging_to(database: &str, extra: &[&str], env: &[(&str, &str)], stderr: Stdio) -> Server {
        let port = free_port();
        let mut command = Command::new(KEFU);
        command
            .args(["serve", "--database", database, "--listen", &format!("127.0.0.1:{port}")])
            .args(extra)
            .env_remove("KEFU_ADMIN_ACCOUNT")
            .env_remove("KEFU_ADMIN_PASSWORD")
            .env_remove("KEFU_DEFAULT_AGENT_PASSWORD")
            .env_remove("KEFU_PUBLIC_URL")
            .stdout(Stdio::piped())
            .stderr(stderr);
        for (key, value) in env {
            command.env(key, value);
        }
        let mut child = command.spawn().expect("kefu serve starts");
        let base = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            // A child that exited (it could not bind, say) must not pass for one that answers.
            if let Ok(Some(status)) = child.try_wait() {
                panic!("kefu serve exited before answering on {base}: {status}");
            }
            if reqwest::get(format!("{base}/healthz")).await.is_ok_and(|r| r.status() == 200) {
                break;
            }
            assert!(Instant::now() < deadline, "kefu serve did not come up");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Server { child, base }
    }

    pub fn session(&self, account: &str, password: &str) -> Session {
        Session::new(reqwest::Client::new(), self.base.clone(), Some((account.into(), password.into())))
    }

    /// The first line the server printed on stdout.
    pub fn first_stdout_line(&mut self) -> String {
        self.stdout_lines(1).remove(0)
    }

    /// The first `n` lines the server printed on stdout; "" for a line it did not print
    /// within 10 seconds (a running server keeps stdout open: reading must not wait forever).
    pub fn stdout_lines(&mut self, n: usize) -> Vec<String> {
        let stdout = self.child.stdout.take().expect("piped stdout");
        let (sender, lines) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            for _ in 0..n {
                let mut line = String::new();
                let _ = reader.read_line(&mut line);
                if sender.send(line).is_err() {
                    return;
                }
            }
        });
        let deadline = Instant::now() + Duration::from_secs(10);
        (0..n)
            .map(|_| lines.recv_timeout(deadline.saturating_duration_since(Instant::now())).unwrap_or_default())
            .collect()
    }

    /// SIGTERM, and the exit status once it stopped.
    pub fn terminate(mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-TERM", &pid]).status().expect("kill runs");
        assert!(sent.success());
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status;
            }
            assert!(Instant::now() < deadline, "kefu did not stop on SIGTERM");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn kefu(args: &[&str]) -> std::process::Output {
    Command::new(KEFU).args(args).output().expect("kefu runs")
}

//! What an operator watches: the log (format, filter, a writer off the request threads)
//! and the metrics listener's flags.

use std::io::IsTerminal;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use tokio::net::TcpListener;

use crate::log_writer::{self, Flusher};

/// How log lines are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// One human-readable line per event.
    Text,
    /// One JSON object per line, for log shippers.
    Json,
}

/// The log: stderr, filtered by `KEFU_LOG` (e.g. `warn`, `debug`, `kefu_server=debug`, `off`).
///
/// Lines are formatted on the thread that logs and written out in batches by a thread of
/// their own (`log_writer.rs`): requests never wait for stderr, and nothing is dropped.
/// Colour only on a terminal (and never with `NO_COLOR`). The returned guard writes what
/// is still buffered when it is dropped: keep it until exit.
pub fn init_logging(format: LogFormat) -> Result<Flusher> {
    let filter = tracing_subscriber::EnvFilter::try_from_env("KEFU_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    let (writer, flusher) = log_writer::batched(std::io::stderr()).context("cannot start the log writer")?;
    let colour = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(writer).with_target(false);
    JSON_LOG.store(format == LogFormat::Json, Ordering::Relaxed);
    match format {
        LogFormat::Text => builder.with_ansi(colour).init(),
        LogFormat::Json => builder.with_ansi(false).event_format(crate::json_log::JsonLines).init(),
    }
    Ok(flusher)
}

/// Whether stderr carries JSON lines (`--log-format json`), which a plain line would break.
static JSON_LOG: AtomicBool = AtomicBool::new(false);

/// A notice for the operator on stderr: `kefu: …` for a person, or a JSON log line when
/// the log is JSON, so that a log shipper reading stderr sees only JSON.
pub fn notice(message: &str) {
    if JSON_LOG.load(Ordering::Relaxed) {
        tracing::info!("{message}");
    } else {
        eprintln!("kefu: {message}");
    }
}

/// `kefu serve`'s metrics flags.
#[derive(Args, Clone, Debug)]
pub struct MetricsArgs {
    /// Serve Prometheus metrics at /metrics on this address (a listener of its own, e.g.
    /// 127.0.0.1:9100). Off unless set.
    #[arg(long, env = "KEFU_METRICS_LISTEN")]
    pub metrics_listen: Option<SocketAddr>,
    /// Require `Authorization: Bearer TOKEN` on /metrics (for a metrics address that is
    /// reachable from other machines).
    #[arg(long, env = "KEFU_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,
}

impl MetricsArgs {
    /// Binds the metrics listener, when one is asked for.
    pub async fn endpoint(&self) -> Result<Option<kefu_server::MetricsEndpoint>> {
        let Some(address) = self.metrics_listen else {
            anyhow::ensure!(self.metrics_token.is_none(), "--metrics-token needs --metrics-listen");
            return Ok(None);
        };
        let token = self.metrics_token.clone().filter(|token| !token.trim().is_empty());
        if token.is_none() && !address.ip().is_loopback() {
            tracing::warn!(%address, "metrics are served without a token on an address other machines may reach; consider --metrics-token");
        }
        let listener =
            TcpListener::bind(address).await.with_context(|| format!("cannot listen for metrics on {address}"))?;
        let bound = listener.local_addr().context("the metrics listener has no address")?;
        tracing::info!(address = %bound, "metrics at /metrics");
        Ok(Some(kefu_server::MetricsEndpoint { listener, token }))
    }
}

//! The accept loop. `axum::serve` gives no way to bound slow clients, so kefu drives
//! hyper itself:
//!
//! - a cap on open connections (beyond it, new ones wait in the kernel's backlog), of
//!   which one client address may hold only a share ([`slots`]);
//! - a deadline for a request's headers that starts when the connection is accepted —
//!   a client that never sends a byte is closed like one that trickles — and that also
//!   closes idle keep-alive connections;
//! - answers that reach the client: a refusal sent before the request body was read is
//!   followed by a bounded lingering close, and hyper's own refusals of unreadable
//!   requests carry the API's JSON error ([`stream`]);
//! - a graceful shutdown that stops accepting and lets requests in flight finish.

mod slots;
mod stream;

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::Service;

use crate::http::client_address::TrustedProxies;
use slots::AddressSlots;
use stream::ClientStream;

/// Connection limits.
#[derive(Debug, Clone, Copy)]
pub struct ConnectionLimits {
    /// Open connections at most.
    pub max_connections: usize,
    /// Open connections one client address (an IPv6 /64) may hold; None for the default
    /// share of `max_connections` ([`ConnectionLimits::per_address`]). Trusted proxies
    /// are exempt: every client behind them shares their address.
    pub max_connections_per_address: Option<usize>,
    /// A client has this long from connecting (or from its previous answer) to send a
    /// request's headers; a silent or idle connection is closed after it.
    pub header_read_timeout: Duration,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        ConnectionLimits {
            max_connections: 10_000,
            max_connections_per_address: None,
            header_read_timeout: Duration::from_secs(30),
        }
    }
}

/// The smallest default per-address share: a browser alone opens six connections to a
/// host, and an office behind one NAT address has many browsers.
const MIN_DEFAULT_SHARE: usize = 32;

impl ConnectionLimits {
    /// Connections one address may hold: the setting, or a tenth of `max_connections`
    /// (at least 32, at most all of them).
    pub fn per_address(&self) -> usize {
        let total = self.max_connections.max(1);
        let share = self.max_connections_per_address.unwrap_or((total / 10).max(MIN_DEFAULT_SHARE));
        share.clamp(1, total)
    }
}

/// Serves `app` on `listener` until `shutdown` resolves, then waits for the connections'
/// requests in flight (the caller bounds that wait).
pub async fn run(
    app: Router,
    listener: TcpListener,
    limits: ConnectionLimits,
    trusted_proxies: TrustedProxies,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let mut make_service = app.into_make_service_with_connect_info::<SocketAddr>();
    let graceful = GracefulShutdown::new();
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let per_address = AddressSlots::new(limits.per_address(), trusted_proxies);
    // hyper's HTTP/1 connection directly: hyper-util's automatic version detection would
    // wait for a first byte without any deadline, so that silent connections sat forever.
    // Here the header deadline runs from the first poll, which is at once.
    let mut builder = http1::Builder::new();
    builder.timer(TokioTimer::new()).header_read_timeout(limits.header_read_timeout).keep_alive(true);
    tokio::pin!(shutdown);

    loop {
        let permit = tokio::select! {
            permit = slots.clone().acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let (stream, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors and the like: wait a moment rather than spin.
                    tracing::warn!(%error, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Some(address_slot) = per_address.take(remote.ip()) else {
            // Closed at once: this address holds its whole share already.
            tracing::debug!(address = %remote.ip(), "connection refused: the address holds its share of connections");
            drop(stream);
            continue;
        };
        let Ok(tower_service) = make_service.call(remote).await.map_err(|e: Infallible| e);
        let hyper_service = hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
            let mut tower_service = tower_service.clone();
            async move { tower_service.call(request.map(axum::body::Body::new)).await }
        });
        let io = TokioIo::new(ClientStream::new(stream));
        let connection = graceful.watch(builder.serve_connection(io, hyper_service));
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%error, "connection ended with an error");
            }
            drop(address_slot);
            drop(permit);
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_share_is_a_tenth_but_never_tiny() {
        let limits = |max, per| ConnectionLimits {
            max_connections: max,
            max_connections_per_address: per,
            header_read_timeout: Duration::from_secs(1),
        };
        assert_eq!(limits(10_000, None).per_address(), 1_000);
        assert_eq!(limits(50, None).per_address(), 32);
        assert_eq!(limits(10, None).per_address(), 10);
        assert_eq!(limits(10, Some(3)).per_address(), 3);
        assert_eq!(limits(10, Some(0)).per_address(), 1);
        assert_eq!(limits(10, Some(99)).per_address(), 10);
    }
}

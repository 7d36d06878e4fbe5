//! The accept loop. `axum::serve` gives no way to bound slow clients, so kefu drives
//! hyper itself: a cap on open connections (beyond it, new ones wait in the kernel's
//! backlog), a deadline for a request's headers which also closes idle keep-alive
//! connections, and a graceful shutdown that stops accepting and lets requests in flight
//! finish.

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::Service;

/// Connection limits.
#[derive(Debug, Clone, Copy)]
pub struct ConnectionLimits {
    /// Open connections at most.
    pub max_connections: usize,
    /// A client has this long to send a request's headers; an idle keep-alive connection
    /// is closed after it too.
    pub header_read_timeout: Duration,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        ConnectionLimits { max_connections: 10_000, header_read_timeout: Duration::from_secs(30) }
    }
}

/// Serves `app` on `listener` until `shutdown` resolves, then waits for the connections'
/// requests in flight (the caller bounds that wait).
pub async fn run(
    app: Router,
    listener: TcpListener,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let mut make_service = app.into_make_service_with_connect_info::<SocketAddr>();
    let graceful = GracefulShutdown::new();
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    // HTTP/1 only: the automatic version sniffing would wait for a first byte without any
    // deadline, letting silent connections sit forever.
    let mut builder = Builder::new(TokioExecutor::new()).http1_only();
    builder.http1().timer(TokioTimer::new()).header_read_timeout(limits.header_read_timeout);
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
        let Ok(tower_service) = make_service.call(remote).await.map_err(|e: Infallible| e);
        let hyper_service = hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
            let mut tower_service = tower_service.clone();
            async move { tower_service.call(request.map(axum::body::Body::new)).await }
        });
        let connection = builder.serve_connection_with_upgrades(TokioIo::new(stream), hyper_service).into_owned();
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%error, "connection ended with an error");
            }
            drop(permit);
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}

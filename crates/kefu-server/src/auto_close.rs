//! The auto-close task of every instance: every `interval`, one pass closes the solved
//! tickets whose company's days have passed (`App::tickets().auto_close_pass`). Instances
//! sharing a PostgreSQL database run it side by side safely (see the store's scan).

use std::time::Duration;

use kefu_app::App;
use kefu_domain::time::now_micros;
use tokio::sync::watch;

/// Runs passes until `stopped` changes (the server's shutdown).
pub async fn run(app: App, interval: Duration, mut stopped: watch::Receiver<()>) {
    let mut ticks = tokio::time::interval(interval.max(Duration::from_millis(10)));
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = stopped.changed() => return,
            _ = ticks.tick() => {}
        }
        match app.tickets().auto_close_pass(now_micros()).await {
            Ok(0) => {}
            Ok(closed) => tracing::info!(closed, "auto-close: solved tickets closed"),
            Err(error) => tracing::warn!(%error, "auto-close pass failed; retrying at the next tick"),
        }
    }
}

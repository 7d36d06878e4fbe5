//! What every handler shares.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use jiff::tz::TimeZone;
use kefu_app::App;
use kefu_domain::time::{DEFAULT_TIME_ZONE, parse_time_zone};
use kefu_store::Store;

use crate::RequestLimits;
use crate::http::auth::Authenticator;
use crate::http::throttle::ThrottleConfig;

#[derive(Clone)]
pub struct AppState(Arc<Inner>);

struct Inner {
    /// The use cases, which every handler calls.
    app: App,
    /// For the plumbing alone: authentication, console sessions, the audit log, tokens.
    store: Store,
    auth: Authenticator,
    /// `--public-url`, without a trailing slash.
    public_url: Option<String>,
    /// Parsed zones by name: a tenant's zone is looked up on every request.
    zones: RwLock<HashMap<String, TimeZone>>,
    /// How long a new OAuth2 access token lives.
    token_ttl: Duration,
    /// What one request may carry or ask for.
    limits: RequestLimits,
    /// Set once shutdown began.
    shutting_down: AtomicBool,
}

impl AppState {
    pub fn new(
        store: Store,
        public_url: Option<String>,
        token_ttl: Duration,
        throttle: ThrottleConfig,
        limits: RequestLimits,
    ) -> Self {
        let public_url = public_url.map(|url| url.trim_end_matches('/').to_owned());
        let app = App::new(store.clone());
        AppState(Arc::new(Inner {
            auth: Authenticator::new(throttle, app.hasher().clone()),
            app,
            store,
            public_url,
            zones: RwLock::default(),
            token_ttl,
            limits,
            shutting_down: AtomicBool::new(false),
        }))
    }

    pub fn app(&self) -> &App {
        &self.0.app
    }

    pub fn store(&self) -> &Store {
        &self.0.store
    }

    pub fn auth(&self) -> &Authenticator {
        &self.0.auth
    }

    pub fn begin_shutdown(&self) {
        self.0.shutting_down.store(true, Ordering::Relaxed);
    }

    pub fn shutting_down(&self) -> bool {
        self.0.shutting_down.load(Ordering::Relaxed)
    }

    pub fn limits(&self) -> &RequestLimits {
        &self.0.limits
    }

    pub fn token_ttl(&self) -> Duration {
        self.0.token_ttl
    }

    pub fn public_url(&self) -> Option<&str> {
        self.0.public_url.as_deref()
    }

    /// The zone of that name; a name that no longer parses (it was checked when stored)
    /// falls back to the default rather than failing requests.
    pub fn zone(&self, name: &str) -> TimeZone {
        if let Some(zone) = self.0.zones.read().ok().and_then(|zones| zones.get(name).cloned()) {
            return zone;
        }
        let zone = parse_time_zone(name).or_else(|_| parse_time_zone(DEFAULT_TIME_ZONE)).unwrap_or(TimeZone::UTC);
        if let Ok(mut zones) = self.0.zones.write() {
            zones.insert(name.to_owned(), zone.clone());
        }
        zone
    }
}

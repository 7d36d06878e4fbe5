//! What every handler shares.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use jiff::tz::TimeZone;
use kefu_domain::time::{DEFAULT_TIME_ZONE, parse_time_zone};
use kefu_store::Store;

use crate::auth::Authenticator;

#[derive(Clone)]
pub struct AppState(Arc<Inner>);

struct Inner {
    store: Store,
    auth: Authenticator,
    /// `--public-url`, without a trailing slash.
    public_url: Option<String>,
    /// Parsed zones by name: a tenant's zone is looked up on every request.
    zones: RwLock<HashMap<String, TimeZone>>,
}

impl AppState {
    pub fn new(store: Store, public_url: Option<String>) -> Self {
        let public_url = public_url.map(|url| url.trim_end_matches('/').to_owned());
        AppState(Arc::new(Inner { store, auth: Authenticator::new(), public_url, zones: RwLock::default() }))
    }

    pub fn store(&self) -> &Store {
        &self.0.store
    }

    pub fn auth(&self) -> &Authenticator {
        &self.0.auth
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

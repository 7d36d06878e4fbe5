//! Brute-force throttling of failed sign-ins (Basic Auth and the token endpoint alike):
//! after too many failures for one account, or from one client address, within a window,
//! further attempts are answered 429 with `Retry-After` — without checking the password,
//! so guessing stops — until the window ends. Nobody is locked out for longer than that.
//!
//! The counts live in each instance's memory: with N instances behind a balancer an
//! attacker gets at most N times the limit, which is still a wall. Correctness never
//! depends on them.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use moka::sync::Cache;

/// The limits, all configurable.
#[derive(Debug, Clone, Copy)]
pub struct ThrottleConfig {
    /// Failed attempts allowed for one account (login or SecretID) per window.
    pub per_account: u32,
    /// Failed attempts allowed from one client address per window.
    pub per_address: u32,
    /// The window; also the longest an account or address waits.
    pub window: Duration,
}

impl Default for ThrottleConfig {
    fn default() -> Self {
        ThrottleConfig { per_account: 10, per_address: 100, window: Duration::from_secs(300) }
    }
}

/// Failures since `since`.
#[derive(Clone, Copy)]
struct Failures {
    count: u32,
    since: Instant,
}

pub struct Throttle {
    config: ThrottleConfig,
    accounts: Cache<String, Arc<Failures>>,
    addresses: Cache<IpAddr, Arc<Failures>>,
}

impl Throttle {
    pub fn new(config: ThrottleConfig) -> Self {
        Throttle {
            config,
            accounts: Cache::builder().max_capacity(1_000_000).time_to_live(config.window).build(),
            addresses: Cache::builder().max_capacity(1_000_000).time_to_live(config.window).build(),
        }
    }

    /// None when an attempt may go ahead; otherwise the seconds to wait.
    pub fn check(&self, account: Option<&str>, address: Option<IpAddr>) -> Option<u64> {
        let account_wait = account.and_then(|a| self.wait(self.accounts.get(a), self.config.per_account));
        let address_wait = address.and_then(|a| self.wait(self.addresses.get(&a), self.config.per_address));
        account_wait.max(address_wait)
    }

    /// Records a failed attempt.
    pub fn failed(&self, account: Option<&str>, address: Option<IpAddr>) {
        let bump = |existing: Option<Arc<Failures>>| {
            let now = Instant::now();
            match existing {
                Some(f) if now.duration_since(f.since) < self.config.window => {
                    Arc::new(Failures { count: f.count + 1, since: f.since })
                }
                _ => Arc::new(Failures { count: 1, since: now }),
            }
        };
        if let Some(account) = account {
            self.accounts.entry(account.to_owned()).and_upsert_with(|e| bump(e.map(|e| e.into_value())));
        }
        if let Some(address) = address {
            self.addresses.entry(address).and_upsert_with(|e| bump(e.map(|e| e.into_value())));
        }
    }

    /// A successful sign-in clears the account's failures (not the address's: one
    /// success must not reopen an address that is spraying many accounts).
    pub fn succeeded(&self, account: &str) {
        self.accounts.invalidate(account);
    }

    fn wait(&self, failures: Option<Arc<Failures>>, limit: u32) -> Option<u64> {
        let failures = failures?;
        let elapsed = failures.since.elapsed();
        if failures.count < limit || elapsed >= self.config.window {
            return None;
        }
        Some((self.config.window - elapsed).as_secs().max(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_is_throttled_after_its_limit_and_freed_by_success() {
        let throttle =
            Throttle::new(ThrottleConfig { per_account: 3, per_address: 100, window: Duration::from_secs(60) });
        for _ in 0..3 {
            assert_eq!(throttle.check(Some("zhang"), None), None);
            throttle.failed(Some("zhang"), None);
        }
        let wait = throttle.check(Some("zhang"), None);
        assert!(wait.is_some_and(|s| (1..=60).contains(&s)), "{wait:?}");
        assert_eq!(throttle.check(Some("li"), None), None, "other accounts are unaffected");
        throttle.succeeded("zhang");
        assert_eq!(throttle.check(Some("zhang"), None), None);
    }

    #[test]
    fn an_address_spraying_many_accounts_is_throttled() {
        let address: IpAddr = [10, 0, 0, 1].into();
        let throttle =
            Throttle::new(ThrottleConfig { per_account: 100, per_address: 5, window: Duration::from_secs(60) });
        for i in 0..5 {
            throttle.failed(Some(&format!("user{i}")), Some(address));
        }
        assert!(throttle.check(Some("someone-new"), Some(address)).is_some());
        assert_eq!(throttle.check(Some("someone-new"), Some([10, 0, 0, 2].into())), None);
    }

    #[test]
    fn the_window_ends_the_wait() {
        let throttle =
            Throttle::new(ThrottleConfig { per_account: 1, per_address: 100, window: Duration::from_millis(50) });
        throttle.failed(Some("zhang"), None);
        assert!(throttle.check(Some("zhang"), None).is_some());
        std::thread::sleep(Duration::from_millis(80));
        assert_eq!(throttle.check(Some("zhang"), None), None);
    }
}

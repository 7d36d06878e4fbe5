//! Brute-force throttling of failed sign-ins (Basic Auth, the console and the token
//! endpoint alike), built so that guessing is slowed down while nobody without the
//! password can keep the owner out.
//!
//! Three counters of failures, each with its own allowance:
//!
//! - **account and address** (strict): one address guessing one account's password;
//! - **address** (an IPv6 /64 counts as one): one address spraying many accounts;
//! - **account** (looser), over every address: guessing spread over many addresses. It
//!   does not apply to an address that signed in to that account successfully lately —
//!   the owner's usual machines — so a distributed attack can slow down only sign-ins from
//!   new addresses.
//!
//! Past its allowance a counter delays rather than locks: the next attempt must wait 1 s
//! after the last failure, then 2 s, 4 s… up to the window, and every attempt made earlier
//! is answered 429 with `Retry-After` without looking at the password. A counter is
//! forgotten a window after its last failure. An owner signing in from an address that has
//! not been failing is therefore refused only when the account's own allowance is used up
//! by many addresses *and* that address has never signed in to the account before.
//!
//! Accounts are kept as keyed hashes of fixed size (never the text a client sent), in
//! caches of bounded capacity: memory does not grow with what attackers send. The counts
//! live in each instance's memory: N instances allow at most N times the allowances.

use std::net::IpAddr;
use std::time::{Duration, Instant};

use moka::sync::Cache;

use crate::http::client_address::network_of;

/// The allowances, all configurable.
#[derive(Debug, Clone, Copy)]
pub struct ThrottleConfig {
    /// Failed attempts for one account from one address before delays start.
    pub per_account_and_address: u32,
    /// Failed attempts for one account from all addresses together before delays start
    /// (for addresses that have not signed in to it lately).
    pub per_account: u32,
    /// Failed attempts from one address, over all accounts, before delays start.
    pub per_address: u32,
    /// A counter is forgotten this long after its last failure; also the longest delay.
    pub window: Duration,
}

impl Default for ThrottleConfig {
    fn default() -> Self {
        ThrottleConfig {
            per_account_and_address: 5,
            per_account: 50,
            per_address: 100,
            window: Duration::from_secs(300),
        }
    }
}

/// How long an address that signed in to an account stays exempt from the account's
/// allowance.
const KNOWN_ADDRESS_DAYS: u64 = 30;
/// Entries each cache holds at most (each about a hundred bytes, whatever clients send).
const CAPACITY: u64 = 200_000;

/// A fixed-size key: a keyed hash of an account, or of an account and an address.
type Key = [u8; 16];

/// Failures, and when the last one was.
#[derive(Clone, Copy, Debug)]
struct Failures {
    count: u32,
    last: Instant,
}

pub struct Throttle {
    config: ThrottleConfig,
    /// Random per process: keys mean nothing outside it.
    secret: [u8; 32],
    accounts: Cache<Key, Failures>,
    pairs: Cache<Key, Failures>,
    addresses: Cache<IpAddr, Failures>,
    /// (account, address) pairs with a recent successful sign-in.
    known: Cache<Key, ()>,
}

impl Throttle {
    pub fn new(config: ThrottleConfig) -> Self {
        let counters = || Cache::builder().max_capacity(CAPACITY).time_to_live(config.window).build();
        Throttle {
            config,
            secret: rand::random(),
            accounts: counters(),
            pairs: counters(),
            addresses: Cache::builder().max_capacity(CAPACITY).time_to_live(config.window).build(),
            known: Cache::builder()
                .max_capacity(CAPACITY)
                .time_to_live(Duration::from_secs(KNOWN_ADDRESS_DAYS * 24 * 3600))
                .build(),
        }
    }

    /// None when an attempt may go ahead; otherwise the seconds to wait.
    pub fn check(&self, account: Option<&str>, address: Option<IpAddr>) -> Option<u64> {
        let network = address.map(network_of);
        let address_wait = network.and_then(|n| self.wait(self.addresses.get(&n), self.config.per_address));
        let Some(account) = account else { return address_wait };
        let pair = network.map(|n| self.pair_key(account, n));
        let pair_wait = pair.and_then(|key| self.wait(self.pairs.get(&key), self.config.per_account_and_address));
        let known = pair.is_some_and(|key| self.known.contains_key(&key));
        let account_wait = if known {
            None
        } else {
            self.wait(self.accounts.get(&self.account_key(account)), self.config.per_account)
        };
        address_wait.max(pair_wait).max(account_wait)
    }

    /// Records a failed attempt.
    pub fn failed(&self, account: Option<&str>, address: Option<IpAddr>) {
        let network = address.map(network_of);
        if let Some(network) = network {
            self.addresses.entry(network).and_upsert_with(|e| self.bump(e.map(|e| e.into_value())));
        }
        if let Some(account) = account {
            self.accounts.entry(self.account_key(account)).and_upsert_with(|e| self.bump(e.map(|e| e.into_value())));
            if let Some(network) = network {
                let key = self.pair_key(account, network);
                self.pairs.entry(key).and_upsert_with(|e| self.bump(e.map(|e| e.into_value())));
            }
        }
    }

    /// A successful sign-in: the address's failures for this account are cleared, and
    /// the address is exempt from the account's allowance from now on. Neither the
    /// address's own counter (one success must not reopen an address spraying many
    /// accounts) nor the account's (other addresses may still be guessing) is cleared.
    pub fn succeeded(&self, account: &str, address: Option<IpAddr>) {
        if let Some(network) = address.map(network_of) {
            let key = self.pair_key(account, network);
            self.pairs.invalidate(&key);
            self.known.insert(key, ());
        }
    }

    fn bump(&self, existing: Option<Failures>) -> Failures {
        let now = Instant::now();
        match existing {
            Some(f) if now.duration_since(f.last) < self.config.window => {
                Failures { count: f.count.saturating_add(1), last: now }
            }
            _ => Failures { count: 1, last: now },
        }
    }

    /// Past the allowance, the wait after the last failure doubles with each further
    /// failure: 1 s, 2 s, 4 s… never longer than the window.
    fn wait(&self, failures: Option<Failures>, allowance: u32) -> Option<u64> {
        let failures = failures?;
        let since = failures.last.elapsed();
        if failures.count < allowance || since >= self.config.window {
            return None;
        }
        let doublings = (failures.count - allowance).min(30);
        let delay = Duration::from_secs(1_u64 << doublings).min(self.config.window);
        let remaining = delay.checked_sub(since)?;
        Some(remaining.as_secs_f64().ceil().max(1.0) as u64)
    }

    fn account_key(&self, account: &str) -> Key {
        self.key(&[b"account", account.as_bytes()])
    }

    fn pair_key(&self, account: &str, network: IpAddr) -> Key {
        let address = match network {
            IpAddr::V4(v4) => v4.to_ipv6_mapped().octets(),
            IpAddr::V6(v6) => v6.octets(),
        };
        self.key(&[b"pair", &address, account.as_bytes()])
    }

    fn key(&self, parts: &[&[u8]]) -> Key {
        let mut hasher = blake3::Hasher::new_keyed(&self.secret);
        for part in parts {
            // Length-prefixed, so that no two different tuples hash the same input.
            hasher.update(&(part.len() as u64).to_le_bytes());
            hasher.update(part);
        }
        let mut key = [0_u8; 16];
        key.copy_from_slice(&hasher.finalize().as_bytes()[..16]);
        key
    }
}

#[cfg(test)]
mod memory;

#[cfg(test)]
mod tests {
    use super::*;

    fn throttle(per_pair: u32, per_account: u32, per_address: u32) -> Throttle {
        Throttle::new(ThrottleConfig {
            per_account_and_address: per_pair,
            per_account,
            per_address,
            window: Duration::from_secs(60),
        })
    }

    fn ip(last: u8) -> Option<IpAddr> {
        Some(IpAddr::from([10, 0, 0, last]))
    }

    #[test]
    fn one_address_guessing_one_account_is_delayed_more_and_more() {
        let throttle = throttle(3, 100, 100);
        for _ in 0..3 {
            assert_eq!(throttle.check(Some("zhang"), ip(1)), None);
            throttle.failed(Some("zhang"), ip(1));
        }
        assert_eq!(throttle.check(Some("zhang"), ip(1)), Some(1), "one second after the allowance");
        throttle.failed(Some("zhang"), ip(1));
        throttle.failed(Some("zhang"), ip(1));
        assert_eq!(throttle.check(Some("zhang"), ip(1)), Some(4), "then two, then four");
        for _ in 0..20 {
            throttle.failed(Some("zhang"), ip(1));
        }
        assert_eq!(throttle.check(Some("zhang"), ip(1)), Some(60), "never more than the window");
        assert_eq!(throttle.check(Some("zhang"), ip(2)), None, "the owner elsewhere is not affected");
        assert_eq!(throttle.check(Some("li"), ip(1)), None, "other accounts are unaffected");
        throttle.succeeded("zhang", ip(1));
        assert_eq!(throttle.check(Some("zhang"), ip(1)), None, "a success clears the pair");
    }

    #[test]
    fn guessing_from_many_addresses_slows_new_addresses_but_not_known_ones() {
        let throttle = throttle(100, 4, 100);
        throttle.succeeded("zhang", ip(200));
        for last in 1..=4 {
            throttle.failed(Some("zhang"), ip(last));
        }
        assert!(throttle.check(Some("zhang"), ip(99)).is_some(), "a new address waits");
        assert_eq!(throttle.check(Some("zhang"), ip(200)), None, "the owner's known address does not");
    }

    #[test]
    fn an_address_spraying_many_accounts_is_throttled() {
        let throttle = throttle(100, 100, 5);
        for i in 0..5 {
            throttle.failed(Some(&format!("user{i}")), ip(1));
        }
        assert!(throttle.check(Some("someone-new"), ip(1)).is_some());
        assert_eq!(throttle.check(Some("someone-new"), ip(2)), None);
        let v6 = |text: &str| Some(text.parse::<IpAddr>().unwrap());
        for i in 0..5 {
            throttle.failed(Some(&format!("user{i}")), v6(&format!("2001:db8::{i}")));
        }
        assert!(throttle.check(None, v6("2001:db8::ffff")).is_some(), "one /64 is one address");
    }

    #[test]
    fn the_window_ends_the_wait() {
        let throttle = Throttle::new(ThrottleConfig {
            per_account_and_address: 1,
            per_account: 1,
            per_address: 100,
            window: Duration::from_millis(50),
        });
        throttle.failed(Some("zhang"), ip(1));
        assert!(throttle.check(Some("zhang"), ip(1)).is_some());
        std::thread::sleep(Duration::from_millis(80));
        assert_eq!(throttle.check(Some("zhang"), ip(1)), None);
    }

    #[test]
    fn keys_do_not_collide_across_accounts_and_addresses() {
        let throttle = throttle(1, 100, 100);
        let ten = IpAddr::from([10, 0, 0, 1]);
        assert_ne!(throttle.pair_key("a", ten), throttle.pair_key("a", IpAddr::from([10, 0, 0, 2])));
        assert_ne!(throttle.pair_key("ab", ten), throttle.pair_key("a", ten));
        assert_ne!(throttle.account_key("x".repeat(300_000).as_str()), throttle.account_key(&"x".repeat(299_999)));
    }
}

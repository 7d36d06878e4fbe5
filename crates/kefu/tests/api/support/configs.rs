//! Server settings the security tests start servers with, built in one place.

use std::time::Duration;

use kefu_server::{Config, ConnectionLimits, ThrottleConfig, TrustedProxies};

/// At most `max_connections`, `per_address` of them per address, and a header deadline.
pub fn connections(max_connections: usize, per_address: Option<usize>, header_timeout: Duration) -> Config {
    let connections = ConnectionLimits {
        max_connections,
        max_connections_per_address: per_address,
        header_read_timeout: header_timeout,
    };
    Config { connections, ..Config::default() }
}

/// Behind a reverse proxy at `proxies` (CIDRs), spraying throttled after `per_address`
/// failures from one client.
pub fn behind_proxy(proxies: &str, per_address: u32) -> Config {
    let throttle = ThrottleConfig { per_address, ..ThrottleConfig::default() };
    let trusted_proxies = TrustedProxies::parse(proxies.split(',')).expect("valid networks");
    Config { throttle, trusted_proxies, ..Config::default() }
}

//! Server settings the security tests start servers with, built in one place.

use std::time::Duration;

use kefu_server::{Config, ConnectionLimits};

/// At most `max_connections`, `per_address` of them per address, and a header deadline.
pub fn connections(max_connections: usize, per_address: Option<usize>, header_timeout: Duration) -> Config {
    let connections = ConnectionLimits {
        max_connections,
        max_connections_per_address: per_address,
        header_read_timeout: header_timeout,
    };
    Config { connections, ..Config::default() }
}

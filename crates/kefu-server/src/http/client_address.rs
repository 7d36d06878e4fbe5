//! The client's address, worked out once per request and kept in a request extension
//! ([`ClientAddress`]): what sign-in throttling, the audit log and the request's log span
//! all use, through [`ClientAddress::of`].
//!
//! It is the TCP peer's address — unless the peer is one of the operator's trusted
//! proxies (`--trusted-proxy`), in which case it is the right-most address of
//! `X-Forwarded-For` (or, when the request has none, of `Forwarded`) that is not itself a
//! trusted proxy. Addresses left of that one were written by the client and are ignored:
//! only what trusted proxies appended is believed, so a client cannot choose the address
//! it is throttled and recorded under. Without trusted proxies the headers are never read.

use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::str::FromStr;
use std::sync::Arc;

use axum::extract::{ConnectInfo, Request};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::Response;
use ipnet::IpNet;

/// The address a request came from, as kefu decided to believe it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddress(pub IpAddr);

impl ClientAddress {
    /// The request's client address; None only for requests that did not come through the
    /// listener (a router driven directly in a unit test).
    pub fn of(extensions: &axum::http::Extensions) -> Option<IpAddr> {
        extensions.get::<ClientAddress>().map(|address| address.0)
    }

    /// The same, from a request's parts.
    pub fn of_parts(parts: &Parts) -> Option<IpAddr> {
        Self::of(&parts.extensions)
    }

    /// The address as text for records (the audit log), `unknown` when there is none.
    pub fn text(extensions: &axum::http::Extensions) -> String {
        Self::of(extensions).map_or_else(|| "unknown".to_owned(), |address| address.to_string())
    }
}

/// The operator's reverse proxies (`--trusted-proxy`), as networks.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Arc<Vec<IpNet>>);

impl TrustedProxies {
    /// Parses CIDRs (`10.0.0.0/8`) or single addresses (`127.0.0.1`, `::1`).
    pub fn parse<'a>(items: impl IntoIterator<Item = &'a str>) -> Result<Self, String> {
        let mut networks = Vec::new();
        for item in items.into_iter().map(str::trim).filter(|item| !item.is_empty()) {
            let network = IpNet::from_str(item)
                .or_else(|_| IpAddr::from_str(item).map(IpNet::from))
                .map_err(|_| format!("{item:?} is not an IP address or CIDR network (e.g. 10.0.0.0/8)"))?;
            networks.push(network);
        }
        Ok(TrustedProxies(Arc::new(networks)))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn contains(&self, address: IpAddr) -> bool {
        let address = canonical(address);
        self.0.iter().any(|network| network.contains(&address))
    }

    /// The client's address for a request from `peer` with these headers.
    pub fn client_address(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = canonical(peer);
        if !self.contains(peer) {
            return peer;
        }
        let hops = if headers.contains_key("x-forwarded-for") { forwarded_for(headers) } else { forwarded(headers) };
        // Right to left: each trusted hop vouches for the one before it; the first hop
        // that is not trusted is the client. A hop that cannot be read ends the walk at the
        // last address known to be good.
        let mut client = peer;
        for hop in hops.iter().rev() {
            let Some(address) = hop else { break };
            client = canonical(*address);
            if !self.contains(client) {
                break;
            }
        }
        client
    }
}

/// Sets [`ClientAddress`] on every request, from the connection's peer address.
pub async fn layer(trusted: TrustedProxies, mut request: Request, next: Next) -> Response {
    let peer = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|info| info.0.ip());
    if let Some(peer) = peer {
        let address = trusted.client_address(peer, request.headers());
        request.extensions_mut().insert(ClientAddress(address));
    }
    next.run(request).await
}

/// IPv4 addresses written as IPv6 (`::ffff:10.0.0.1`, from a dual-stack socket) are the
/// IPv4 address: one client, one key.
pub fn canonical(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
        v4 => v4,
    }
}

/// The part of an address one party controls, for per-address limits: an IPv4 address,
/// or an IPv6 address's /64 (a single subscriber usually gets a whole /64, and could
/// otherwise change address with every attempt).
pub fn network_of(address: IpAddr) -> IpAddr {
    match canonical(address) {
        IpAddr::V6(v6) => {
            let segments = v6.segments();
            IpAddr::V6(Ipv6Addr::new(segments[0], segments[1], segments[2], segments[3], 0, 0, 0, 0))
        }
        v4 => v4,
    }
}

/// `X-Forwarded-For: client, proxy1, proxy2` (every such header, in order).
fn forwarded_for(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    headers
        .get_all("x-forwarded-for")
        .iter()
        .flat_map(|value| match value.to_str() {
            Ok(text) => text.split(',').map(parse_hop).collect(),
            // Not text: an unreadable hop, which ends the walk.
            Err(_) => vec![None],
        })
        .collect()
}

/// RFC 7239 `Forwarded: for=192.0.2.60;proto=http, for="[2001:db8::1]:4711"`.
fn forwarded(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    let mut hops = Vec::new();
    for value in headers.get_all("forwarded") {
        let Ok(value) = value.to_str() else {
            hops.push(None);
            continue;
        };
        for element in value.split(',') {
            let hop = element.split(';').find_map(|pair| {
                let (name, value) = pair.split_once('=')?;
                name.trim().eq_ignore_ascii_case("for").then(|| parse_hop(value))
            });
            hops.push(hop.flatten());
        }
    }
    hops
}

/// One hop: `192.0.2.60`, `192.0.2.60:4711`, `2001:db8::1`, `[2001:db8::1]:4711`, quoted
/// or not. Anything else (`unknown`, obfuscated names) is None.
fn parse_hop(raw: &str) -> Option<IpAddr> {
    let raw = raw.trim().trim_matches('"');
    if let Ok(address) = IpAddr::from_str(raw) {
        return Some(address);
    }
    if let Ok(socket) = SocketAddr::from_str(raw) {
        return Some(socket.ip());
    }
    raw.strip_prefix('[').and_then(|rest| rest.strip_suffix(']')).and_then(|inner| IpAddr::from_str(inner).ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_static(value));
        }
        map
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn without_trusted_proxies_the_headers_are_ignored() {
        let trusted = TrustedProxies::default();
        let forged = headers(&[("x-forwarded-for", "1.2.3.4"), ("forwarded", "for=5.6.7.8")]);
        assert_eq!(trusted.client_address(ip("203.0.113.9"), &forged), ip("203.0.113.9"));
    }

    #[test]
    fn a_trusted_proxy_s_right_most_untrusted_hop_is_the_client() {
        let trusted = TrustedProxies::parse(["10.0.0.0/8", "::1"]).unwrap();
        // The client forged the first entry; the proxy appended the real one.
        let h = headers(&[("x-forwarded-for", "6.6.6.6, 198.51.100.7"), ("x-forwarded-for", "10.1.1.1")]);
        assert_eq!(trusted.client_address(ip("10.0.0.2"), &h), ip("198.51.100.7"));
        // Only trusted hops: the left-most of them.
        assert_eq!(
            trusted.client_address(ip("10.0.0.2"), &headers(&[("x-forwarded-for", "10.9.9.9")])),
            ip("10.9.9.9")
        );
        // No header: the proxy itself.
        assert_eq!(trusted.client_address(ip("::1"), &HeaderMap::new()), ip("::1"));
        // An unreadable hop stops the walk at the last good one.
        let h = headers(&[("x-forwarded-for", "198.51.100.7, garbage, 10.1.1.1")]);
        assert_eq!(trusted.client_address(ip("10.0.0.2"), &h), ip("10.1.1.1"));
        // An untrusted peer's headers are not read.
        assert_eq!(
            trusted.client_address(ip("198.51.100.1"), &headers(&[("x-forwarded-for", "1.1.1.1")])),
            ip("198.51.100.1")
        );
    }

    #[test]
    fn forwarded_is_read_when_there_is_no_x_forwarded_for() {
        let trusted = TrustedProxies::parse(["10.0.0.0/8"]).unwrap();
        let h = headers(&[("forwarded", "for=6.6.6.6, for=\"[2001:db8::1]:4711\";proto=https, for=10.2.2.2")]);
        assert_eq!(trusted.client_address(ip("10.0.0.2"), &h), ip("2001:db8::1"));
        let h = headers(&[("forwarded", "for=192.0.2.60:80;by=10.0.0.2")]);
        assert_eq!(trusted.client_address(ip("10.0.0.2"), &h), ip("192.0.2.60"));
    }

    #[test]
    fn mapped_addresses_and_ipv6_networks() {
        assert_eq!(canonical(ip("::ffff:10.0.0.1")), ip("10.0.0.1"));
        let trusted = TrustedProxies::parse(["10.0.0.1"]).unwrap();
        assert!(trusted.contains(ip("::ffff:10.0.0.1")));
        assert_eq!(network_of(ip("2001:db8:1:2:3:4:5:6")), ip("2001:db8:1:2::"));
        assert_eq!(network_of(ip("192.0.2.1")), ip("192.0.2.1"));
    }

    #[test]
    fn bad_networks_are_refused() {
        assert!(TrustedProxies::parse(["10.0.0.0/33"]).is_err());
        assert!(TrustedProxies::parse(["proxy.example"]).is_err());
        assert!(TrustedProxies::parse(["", " 10.0.0.0/8 "]).is_ok_and(|t| !t.is_empty()));
    }
}

//! Each client address's share of the connection slots, so that one machine cannot take
//! every slot and leave the service unreachable for everyone else. Addresses are counted
//! by network ([`network_of`]: an IPv6 /64 is one party); the operator's trusted proxies
//! are not counted, since every client behind them arrives from their address.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};

use crate::http::client_address::{TrustedProxies, network_of};

/// Open connections per client network.
pub struct AddressSlots {
    share: usize,
    exempt: TrustedProxies,
    held: Arc<Mutex<HashMap<IpAddr, usize>>>,
}

/// One connection's hold on its address's share; released when dropped.
pub struct AddressSlot {
    network: Option<IpAddr>,
    held: Arc<Mutex<HashMap<IpAddr, usize>>>,
}

impl AddressSlots {
    pub fn new(share: usize, exempt: TrustedProxies) -> Self {
        AddressSlots { share: share.max(1), exempt, held: Arc::default() }
    }

    /// A slot for a connection from `peer`, or None when its network holds its share.
    pub fn take(&self, peer: IpAddr) -> Option<AddressSlot> {
        if self.exempt.contains(peer) {
            return Some(AddressSlot { network: None, held: self.held.clone() });
        }
        let network = network_of(peer);
        let mut held = self.held.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let count = held.entry(network).or_insert(0);
        if *count >= self.share {
            return None;
        }
        *count += 1;
        Some(AddressSlot { network: Some(network), held: self.held.clone() })
    }
}

impl Drop for AddressSlot {
    fn drop(&mut self) {
        let Some(network) = self.network else { return };
        let mut held = self.held.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(count) = held.get_mut(&network) {
            *count -= 1;
            if *count == 0 {
                held.remove(&network);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn an_address_gets_its_share_and_no_more() {
        let slots = AddressSlots::new(2, TrustedProxies::default());
        let first = slots.take(ip("192.0.2.1"));
        let second = slots.take(ip("192.0.2.1"));
        assert!(first.is_some() && second.is_some());
        assert!(slots.take(ip("192.0.2.1")).is_none(), "over the share");
        assert!(slots.take(ip("192.0.2.2")).is_some(), "another address is unaffected");
        drop(first);
        let third = slots.take(ip("192.0.2.1"));
        assert!(third.is_some(), "a closed connection frees its slot");
        assert!(slots.take(ip("::ffff:192.0.2.1")).is_none(), "the same address written as IPv6");
    }

    #[test]
    fn an_ipv6_network_is_one_party_and_trusted_proxies_are_exempt() {
        let slots = AddressSlots::new(1, TrustedProxies::parse(["10.0.0.1"]).unwrap());
        let _held = slots.take(ip("2001:db8::1"));
        assert!(slots.take(ip("2001:db8::2")).is_none());
        assert!(slots.take(ip("2001:db8:0:1::1")).is_some());
        let proxies: Vec<_> = (0..5).map(|_| slots.take(ip("10.0.0.1"))).collect();
        assert!(proxies.iter().all(Option::is_some));
        assert!(slots.held.lock().unwrap().get(&ip("10.0.0.1")).is_none());
    }
}

//! Where push groups may POST (`serve --push-allow`).
//!
//! A bus on loopback is a developer's: it may push anywhere. A bus listening elsewhere
//! refuses destinations that would let a group's creator reach what only the bus can:
//! loopback, link-local (cloud metadata at 169.254.169.254), private and shared ranges,
//! and the bus's own address, unless `--push-allow` names the network or the host. The
//! check runs on the addresses each connection is about to use (the resolver below), so
//! a name that resolves elsewhere later (DNS rebinding) is caught too.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

/// The destinations a bus may push to.
#[derive(Debug, Clone, Default)]
pub struct PushPolicy {
    /// `None`: anywhere (a bus on loopback).
    guarded: Option<Arc<Guard>>,
}

#[derive(Debug)]
struct Guard {
    networks: Vec<(IpAddr, u8)>,
    hosts: Vec<String>,
    own: Vec<IpAddr>,
}

impl PushPolicy {
    /// Anywhere.
    pub fn open() -> Self {
        Self::default()
    }

    /// Only public addresses, and what `allow` names: CIDRs (`10.1.0.0/16`), addresses,
    /// or host names (`hooks.internal`). `own` are the bus's own addresses.
    pub fn guarded(allow: &[String], own: Vec<IpAddr>) -> Result<Self, String> {
        let mut networks = Vec::new();
        let mut hosts = Vec::new();
        for item in allow {
            let (address, bits) = match item.split_once('/') {
                Some((address, bits)) => (address, Some(bits)),
                None => (item.as_str(), None),
            };
            match address.parse::<IpAddr>() {
                Ok(ip) => {
                    let most = if ip.is_ipv4() { 32 } else { 128 };
                    let bits = match bits {
                        Some(bits) => bits
                            .parse::<u8>()
                            .ok()
                            .filter(|bits| *bits <= most)
                            .ok_or_else(|| {
                                format!("--push-allow {item}: the prefix must be 0 to {most}")
                            })?,
                        None => most,
                    };
                    networks.push((ip, bits));
                }
                Err(_) if bits.is_none() && !item.is_empty() => {
                    hosts.push(item.to_ascii_lowercase())
                }
                Err(_) => {
                    return Err(format!(
                        "--push-allow {item}: give a network (10.0.0.0/8), an address or a host name"
                    ));
                }
            }
        }
        Ok(Self {
            guarded: Some(Arc::new(Guard {
                networks,
                hosts,
                own,
            })),
        })
    }

    /// Whether pushes to `host` skip the address checks (an allowed name).
    fn allows_host(&self, host: &str) -> bool {
        self.guarded.as_ref().is_none_or(|guard| {
            let host = host.to_ascii_lowercase();
            guard.hosts.contains(&host)
        })
    }

    /// `Err` saying why a push may not go to `ip`.
    pub fn check_ip(&self, ip: IpAddr) -> Result<(), String> {
        let Some(guard) = &self.guarded else {
            return Ok(());
        };
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            v4 => v4,
        };
        if guard
            .networks
            .iter()
            .any(|(network, bits)| contains(*network, *bits, ip))
        {
            return Ok(());
        }
        let kind = if guard.own.contains(&ip) {
            Some("the bus's own address")
        } else {
            reserved(ip)
        };
        match kind {
            Some(kind) => Err(format!(
                "pushing to {ip} is refused: it is {kind}; allow it with `serve --push-allow {ip}`"
            )),
            None => Ok(()),
        }
    }

    /// Checks a push URL as far as it can without resolving: an address in it.
    pub fn check_url(&self, url: &str) -> Result<(), String> {
        let parsed =
            reqwest::Url::parse(url).map_err(|err| format!("invalid push URL {url}: {err}"))?;
        let host = parsed.host_str().unwrap_or_default();
        match host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<IpAddr>()
        {
            Ok(ip) => self.check_ip(ip),
            Err(_) => Ok(()), // a name: checked as each connection resolves it
        }
    }

    /// A resolver for the push client that drops refused addresses; `None` when
    /// everything is allowed.
    pub fn resolver(&self) -> Option<Arc<dyn reqwest::dns::Resolve>> {
        self.guarded.as_ref()?;
        Some(Arc::new(Checked(self.clone())))
    }
}

/// What a public destination is not, if `ip` is one of those.
fn reserved(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            if v4.is_loopback() {
                Some("loopback")
            } else if v4.is_link_local() {
                Some("link-local (where cloud metadata lives)")
            } else if v4.is_private() {
                Some("a private address")
            } else if a == 100 && (64..128).contains(&b) {
                Some("a shared (carrier-grade NAT) address")
            } else if v4.is_unspecified() || v4.is_broadcast() || a == 0 {
                Some("not a host")
            } else {
                None
            }
        }
        IpAddr::V6(v6) => {
            let first = v6.segments()[0];
            if v6.is_loopback() {
                Some("loopback")
            } else if first & 0xffc0 == 0xfe80 {
                Some("link-local")
            } else if first & 0xfe00 == 0xfc00 {
                Some("a private (unique local) address")
            } else if v6.is_unspecified() || v6.is_multicast() {
                Some("not a host")
            } else {
                None
            }
        }
    }
}

fn contains(network: IpAddr, bits: u8, ip: IpAddr) -> bool {
    let (network, ip, width) = match (network, ip) {
        (IpAddr::V4(network), IpAddr::V4(ip)) => {
            (u32::from(network) as u128, u32::from(ip) as u128, 32)
        }
        (IpAddr::V6(network), IpAddr::V6(ip)) => (u128::from(network), u128::from(ip), 128),
        _ => return false,
    };
    let shift = width - u32::from(bits);
    shift >= 128 || (network >> shift) == (ip >> shift)
}

/// Resolves as the system does, then keeps only the addresses a push may use.
struct Checked(PushPolicy);

impl reqwest::dns::Resolve for Checked {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let policy = self.0.clone();
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let found: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            if policy.allows_host(&host) {
                return Ok(Box::new(found.into_iter()) as reqwest::dns::Addrs);
            }
            let mut refusal = None;
            let kept: Vec<SocketAddr> = found
                .into_iter()
                .filter(|address| match policy.check_ip(address.ip()) {
                    Ok(()) => true,
                    Err(why) => {
                        refusal.get_or_insert(why);
                        false
                    }
                })
                .collect();
            if kept.is_empty() {
                let why = refusal.unwrap_or_else(|| "it resolves to no address".to_owned());
                return Err(format!("{host}: {why}").into());
            }
            Ok(Box::new(kept.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_guarded_bus_refuses_internal_addresses_unless_allowed() {
        let policy = PushPolicy::guarded(
            &["10.1.0.0/16".to_owned(), "hooks.internal".to_owned()],
            vec!["203.0.113.7".parse().unwrap()],
        )
        .unwrap();
        for refused in [
            "127.0.0.1",
            "169.254.169.254",
            "10.2.0.1",
            "192.168.1.1",
            "172.16.0.1",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
            "203.0.113.7",
        ] {
            assert!(
                policy.check_ip(refused.parse().unwrap()).is_err(),
                "{refused}"
            );
        }
        for allowed in ["10.1.2.3", "93.184.216.34", "2606:4700::1"] {
            assert!(
                policy.check_ip(allowed.parse().unwrap()).is_ok(),
                "{allowed}"
            );
        }
        assert!(policy.allows_host("HOOKS.internal"));
        assert!(
            policy
                .check_url("http://169.254.169.254/latest/meta-data")
                .is_err()
        );
        assert!(
            PushPolicy::open()
                .check_ip("127.0.0.1".parse().unwrap())
                .is_ok()
        );
        assert!(PushPolicy::guarded(&["10.0.0.0/33".to_owned()], vec![]).is_err());
    }
}

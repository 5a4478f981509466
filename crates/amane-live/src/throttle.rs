//! Slowing down PIN and code guessing without slowing down a class.
//!
//! Only **failures** count: an unknown PIN, a wrong device-switch code, an unknown resume token. A school behind
//! one address joining its own game never fails, so it is never slowed down. Failures are counted in fixed
//! windows of a minute:
//! - per network (an IPv4 address, or an IPv6 /64): `PER_NETWORK` failures;
//! - per PIN, for wrong switch codes typed into one game: `PER_PIN`;
//! - per node, all failures together, against guessing spread over many addresses.
//!
//! The node-wide count never locks anyone out: past `PER_NODE` failures in a window, the node is **strained** and
//! each network may fail only `PER_NETWORK_STRAINED` times a window instead of `PER_NETWORK`. A failure from a
//! network already over its own limit counts nowhere else, so one address (or a few) cannot strain the node: it
//! takes `PER_NODE / PER_NETWORK` = 100 networks failing at full rate, and even then a school that mistypes a PIN
//! once or twice still gets in.
//!
//! A network that has already joined a game with its PIN may always join that game again, even while it is
//! slowed down: a school behind one address whose children mistype the PIN still reaches its own game, while
//! a guesser, who never joins anything, stays slowed down.
//!
//! Counts are kept in memory per node; with several nodes each applies the limits to the traffic it receives.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const WINDOW: Duration = Duration::from_secs(60);
pub const PER_NETWORK: u32 = 20;
pub const PER_PIN: u32 = 30;
pub const PER_NODE: u32 = 2_000;
/// Joins one network may make into one game: a burst of `JOIN_BURST` (a class arriving at once), then
/// `JOIN_PER_SECOND` a second (a school behind one address joins in a few minutes; a script with 300 bots in half a
/// second does not).
pub const JOIN_BURST: f64 = 60.0;
pub const JOIN_PER_SECOND: f64 = 2.0;
/// What a network may fail per window while the node is strained (see the module's documentation).
pub const PER_NETWORK_STRAINED: u32 = 3;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Network([u8; 8]),
    Pin(String),
    Node,
}

fn network(ip: IpAddr) -> [u8; 8] {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            [4, o[0], o[1], o[2], o[3], 0, 0, 0]
        }
        IpAddr::V6(v6) => {
            let o = v6.octets();
            [o[0], o[1], o[2], o[3], o[4], o[5], o[6], o[7]]
        }
    }
}

/// How long a network that joined a game keeps its way in.
pub const KNOWN_FOR: Duration = Duration::from_secs(4 * 60 * 60);

/// A network's join allowance for one game: tokens left, and when they were last counted.
type Allowance = (f64, Instant);

#[derive(Default)]
pub struct Throttle {
    counts: Mutex<HashMap<Key, (Instant, u32)>>,
    known: Mutex<HashMap<([u8; 8], String), Instant>>,
    joins: Mutex<HashMap<([u8; 8], String), Allowance>>,
}

impl Throttle {
    /// `Some(seconds to wait)` when this network or this PIN has failed too often lately (fewer times for a
    /// network while the node is strained).
    pub fn check(&self, ip: Option<IpAddr>, pin: Option<&str>, now: Instant) -> Option<u64> {
        let counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        let mut keys = Vec::new();
        if let Some(ip) = ip {
            keys.push((Key::Network(network(ip)), network_limit(&counts, now)));
        }
        if let Some(pin) = pin {
            keys.push((Key::Pin(pin.to_owned()), PER_PIN));
        }
        keys.into_iter()
            .filter_map(|(k, limit)| {
                let (start, n) = counts.get(&k)?;
                let elapsed = now.duration_since(*start);
                (elapsed < WINDOW && *n >= limit).then(|| (WINDOW - elapsed).as_secs().max(1))
            })
            .max()
    }

    /// As `check`, but a network that already joined the game with this PIN is let through.
    pub fn check_pin(&self, ip: Option<IpAddr>, pin: &str, now: Instant) -> Option<u64> {
        if let Some(ip) = ip {
            let known = self.known.lock().unwrap_or_else(|e| e.into_inner());
            if known.get(&(network(ip), pin.to_owned())).is_some_and(|at| now.duration_since(*at) < KNOWN_FOR) {
                return None;
            }
        }
        self.check(ip, None, now)
    }

    /// Takes one join from this network's allowance for the game with this PIN: `Some(seconds to wait)` when it
    /// has none left. Every join counts, successful ones too: the allowance is about how fast players arrive.
    /// Loopback is not counted: it is the machine itself (a load test, a local proxy whose clients' addresses
    /// `trusted_proxies` should name), never a class.
    pub fn take_join(&self, ip: Option<IpAddr>, pin: &str, now: Instant) -> Option<u64> {
        let ip = ip.filter(|i| !i.is_loopback())?;
        let mut joins = self.joins.lock().unwrap_or_else(|e| e.into_inner());
        if joins.len() > 100_000 {
            joins.retain(|_, (_, at)| now.duration_since(*at) < WINDOW);
        }
        let (tokens, at) = joins.entry((network(ip), pin.to_owned())).or_insert((JOIN_BURST, now));
        let refilled = (*tokens + now.saturating_duration_since(*at).as_secs_f64() * JOIN_PER_SECOND).min(JOIN_BURST);
        *at = now;
        if refilled < 1.0 {
            *tokens = refilled;
            return Some(((1.0 - refilled) / JOIN_PER_SECOND).ceil().max(1.0) as u64);
        }
        *tokens = refilled - 1.0;
        None
    }

    /// Remembers that this network joined the game with this PIN.
    pub fn joined(&self, ip: Option<IpAddr>, pin: &str, now: Instant) {
        let Some(ip) = ip else { return };
        let mut known = self.known.lock().unwrap_or_else(|e| e.into_inner());
        if known.len() > 100_000 {
            known.retain(|_, at| now.duration_since(*at) < KNOWN_FOR);
        }
        known.insert((network(ip), pin.to_owned()), now);
    }

    /// Counts a failure against the network, the PIN (when the PIN was right but the code wrong) and the node. A
    /// network already over its limit is slowed down by that limit: its further failures count nowhere else.
    pub fn fail(&self, ip: Option<IpAddr>, pin: Option<&str>, now: Instant) {
        let mut counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        if counts.len() > 100_000 {
            counts.retain(|_, (start, _)| now.duration_since(*start) < WINDOW);
        }
        let mut over = false;
        if let Some(ip) = ip {
            let limit = network_limit(&counts, now);
            over = bump(&mut counts, Key::Network(network(ip)), now) > limit;
        }
        if over {
            return;
        }
        if let Some(pin) = pin {
            bump(&mut counts, Key::Pin(pin.to_owned()), now);
        }
        bump(&mut counts, Key::Node, now);
    }
}

/// Adds one to a key's count in the current window; the new count.
fn bump(counts: &mut HashMap<Key, (Instant, u32)>, k: Key, now: Instant) -> u32 {
    let e = counts.entry(k).or_insert((now, 0));
    if now.duration_since(e.0) >= WINDOW {
        *e = (now, 0);
    }
    e.1 += 1;
    e.1
}

/// How many failures a network may have in a window: fewer while the node as a whole is failing a lot.
fn network_limit(counts: &HashMap<Key, (Instant, u32)>, now: Instant) -> u32 {
    let strained =
        counts.get(&Key::Node).is_some_and(|(start, n)| now.duration_since(*start) < WINDOW && *n >= PER_NODE);
    if strained { PER_NETWORK_STRAINED } else { PER_NETWORK }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_slow_down_one_network_not_its_neighbours() {
        let t = Throttle::default();
        let now = Instant::now();
        let school: IpAddr = "203.0.113.7".parse().expect("ip");
        let other: IpAddr = "203.0.113.8".parse().expect("ip");
        for _ in 0..PER_NETWORK {
            assert_eq!(t.check(Some(school), None, now), None);
            t.fail(Some(school), None, now);
        }
        assert!(t.check(Some(school), None, now).is_some_and(|s| s >= 59), "a minute to wait");
        assert_eq!(t.check(Some(other), None, now), None, "another address is not slowed");
        assert_eq!(t.check(Some(school), None, now + WINDOW), None, "the window passes");
    }

    #[test]
    fn a_school_that_joined_its_game_is_not_locked_out_by_its_typos() {
        let t = Throttle::default();
        let now = Instant::now();
        let school: IpAddr = "203.0.113.7".parse().expect("ip");
        t.joined(Some(school), "482913", now);
        for _ in 0..PER_NETWORK {
            t.fail(Some(school), None, now);
        }
        assert_eq!(t.check_pin(Some(school), "482913", now), None, "its own game");
        assert!(t.check_pin(Some(school), "111111", now).is_some(), "but no more guessing");
        let later = now + KNOWN_FOR;
        for _ in 0..PER_NETWORK {
            t.fail(Some(school), None, later);
        }
        assert!(t.check_pin(Some(school), "482913", later).is_some(), "for some hours, not for ever");
    }

    #[test]
    fn wrong_codes_slow_down_one_game_from_any_address() {
        let t = Throttle::default();
        let now = Instant::now();
        for i in 0..PER_PIN {
            let ip: IpAddr = format!("198.51.100.{i}").parse().expect("ip");
            t.fail(Some(ip), Some("482913"), now);
        }
        let fresh: IpAddr = "192.0.2.1".parse().expect("ip");
        assert!(t.check(Some(fresh), Some("482913"), now).is_some());
        assert_eq!(t.check(Some(fresh), Some("111111"), now), None);
    }

    /// What a probe did: 2,000 failures from one address used to exhaust the node's budget and refuse every
    /// school's PIN for a minute. Now they count against that address only.
    #[test]
    fn one_address_cannot_lock_out_every_school() {
        let t = Throttle::default();
        let now = Instant::now();
        let attacker: IpAddr = "198.51.100.66".parse().expect("ip");
        for _ in 0..2_000 {
            t.fail(Some(attacker), None, now);
        }
        assert!(t.check(Some(attacker), None, now).is_some(), "the attacker is slowed down");
        let school: IpAddr = "203.0.113.7".parse().expect("ip");
        assert_eq!(t.check_pin(Some(school), "482913", now), None, "a school that never failed gets in");
        for _ in 0..PER_NETWORK - 1 {
            t.fail(Some(school), None, now);
        }
        assert_eq!(t.check(Some(school), None, now), None, "and keeps its own full allowance");
    }

    /// 2,000 failures spread over 100 addresses strain the node: each network then gets 3 failures a minute, so
    /// the guessers stop, while a school that mistypes once or twice still gets in.
    #[test]
    fn a_strained_node_slows_every_network_without_locking_anyone_out() {
        let t = Throttle::default();
        let now = Instant::now();
        for i in 0..100 {
            let ip: IpAddr = format!("198.51.{}.{}", 100 + i / 250, i % 250).parse().expect("ip");
            for _ in 0..PER_NETWORK {
                t.fail(Some(ip), None, now);
            }
        }
        let guesser: IpAddr = "198.51.100.1".parse().expect("ip");
        assert!(t.check(Some(guesser), None, now).is_some());
        let school: IpAddr = "203.0.113.7".parse().expect("ip");
        assert_eq!(t.check(Some(school), None, now), None, "no failure yet: the school gets in");
        for _ in 0..PER_NETWORK_STRAINED - 1 {
            t.fail(Some(school), None, now);
        }
        assert_eq!(t.check(Some(school), None, now), None, "two typos: still in");
        t.fail(Some(school), None, now);
        assert!(t.check(Some(school), None, now).is_some(), "a third is slowed down while the node is strained");
        assert_eq!(t.check(Some(school), None, now + WINDOW), None, "for a minute");
    }

    /// A class of 60 joins at once; a script's 300 bots from one address in half a second do not (the probe's
    /// case); another address, or the same one a little later, still joins.
    #[test]
    fn joins_from_one_network_arrive_at_a_class_pace() {
        let t = Throttle::default();
        let now = Instant::now();
        let school: IpAddr = "203.0.113.7".parse().expect("ip");
        let admitted =
            (0..300).filter(|i| t.take_join(Some(school), "482913", now + Duration::from_millis(*i)).is_none()).count();
        assert_eq!(admitted, JOIN_BURST as usize, "the burst, then nothing within half a second");
        let other: IpAddr = "203.0.113.8".parse().expect("ip");
        assert_eq!(t.take_join(Some(other), "482913", now), None, "another address");
        assert_eq!(t.take_join(Some(school), "111111", now), None, "another game");
        let later = now + Duration::from_secs(10);
        let more = (0..30).filter(|_| t.take_join(Some(school), "482913", later).is_none()).count();
        assert_eq!(more, 20, "two a second after the burst");
        assert_eq!(t.take_join(None, "482913", now), None, "no address known: not counted here");
        let local: IpAddr = "127.0.0.1".parse().expect("ip");
        assert!((0..500).all(|_| t.take_join(Some(local), "482913", now).is_none()), "loopback: a load test");
    }

    #[test]
    fn ipv6_counts_by_network() {
        let t = Throttle::default();
        let now = Instant::now();
        for i in 0..PER_NETWORK {
            let ip: IpAddr = format!("2001:db8:1:2::{i:x}").parse().expect("ip");
            t.fail(Some(ip), None, now);
        }
        let same_net: IpAddr = "2001:db8:1:2::ffff".parse().expect("ip");
        let other_net: IpAddr = "2001:db8:1:3::1".parse().expect("ip");
        assert!(t.check(Some(same_net), None, now).is_some());
        assert_eq!(t.check(Some(other_net), None, now), None);
    }
}

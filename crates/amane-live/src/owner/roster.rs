//! An owner's players beyond the game's rules: the connection each is bound to, their resume secret (hashed)
//! and device-switch code, and the last ones to join for the screens' players list.

use crate::messages::Addr;
use rand::Rng;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, VecDeque};

const SWITCH_CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
/// How many of the last players to join the players list shows.
const RECENT: usize = 100;

pub(super) struct PlayerMeta {
    /// The connection the player uses now, if any.
    pub addr: Option<Addr>,
    /// When that connection opened, if it came back with `resume` (0 otherwise).
    pub opened_ms: i64,
    /// The resume secret's SHA-256, hex.
    pub hash: String,
    pub code: String,
}

/// The players of one game, by index (the same as the session's).
#[derive(Default)]
pub(super) struct Roster {
    players: Vec<PlayerMeta>,
    by_code: HashMap<String, usize>,
    /// The last players to join, oldest first.
    recent: VecDeque<u32>,
}

pub(super) fn sha256_hex(s: &str) -> String {
    hex::encode(Sha256::digest(s.as_bytes()))
}

fn random_secret() -> String {
    let bytes: [u8; 18] = rand::rng().random();
    hex::encode(bytes)
}

fn random_code() -> String {
    let mut rng = rand::rng();
    (0..6).map(|_| SWITCH_CODE_ALPHABET[rng.random_range(0..SWITCH_CODE_ALPHABET.len())] as char).collect()
}

impl Roster {
    /// The players as stored, none of them connected.
    pub fn restored(players: Vec<PlayerMeta>) -> Roster {
        let by_code = players.iter().enumerate().map(|(i, p)| (p.code.clone(), i)).collect();
        Roster { players, by_code, recent: VecDeque::new() }
    }

    pub fn get(&self, i: usize) -> Option<&PlayerMeta> {
        self.players.get(i)
    }

    pub fn len(&self) -> usize {
        self.players.len()
    }

    /// The players with their connections, by index.
    pub fn iter(&self) -> impl Iterator<Item = (usize, &PlayerMeta)> {
        self.players.iter().enumerate()
    }

    /// The last players to join, newest first.
    pub fn recent(&self) -> impl Iterator<Item = u32> + '_ {
        self.recent.iter().rev().copied()
    }

    /// Whether player `i` uses the connection `from` now.
    pub fn is_at(&self, i: usize, from: &Addr) -> bool {
        self.players.get(i).and_then(|m| m.addr.as_ref()) == Some(from)
    }

    /// Whether `secret` is player `i`'s resume secret.
    pub fn secret_is(&self, i: usize, secret: &str) -> bool {
        self.players.get(i).is_some_and(|p| p.hash == sha256_hex(secret))
    }

    /// Binds player `i` to `from`, opened at `opened_ms` (0: unknown); the connection it used before, if another
    /// one.
    pub fn bind(&mut self, i: usize, from: &Addr, opened_ms: i64) -> Option<Addr> {
        self.players[i].opened_ms = opened_ms;
        self.players[i].addr.replace(from.clone()).filter(|old| old != from)
    }

    /// Whether a resume from a connection opened at `opened_ms` comes too late: player `i` already uses another
    /// connection, opened after it (a phone on a weak network tried again while its first try was on its way).
    pub fn is_stale(&self, i: usize, from: &Addr, opened_ms: i64) -> bool {
        self.players
            .get(i)
            .is_some_and(|m| opened_ms > 0 && m.opened_ms > opened_ms && m.addr.as_ref().is_some_and(|a| a != from))
    }

    /// Unbinds player `i` from its connection; whether it was `from`.
    pub fn left(&mut self, i: usize, from: &Addr) -> bool {
        match self.players.get_mut(i) {
            Some(m) if m.addr.as_ref() == Some(from) => {
                m.addr = None;
                true
            }
            _ => false,
        }
    }

    /// Unbinds player `i` (kicked); the connection it used.
    pub fn unbind(&mut self, i: usize) -> Option<Addr> {
        self.players[i].addr.take()
    }

    /// Adds player `i` (the session's next), with a new resume secret and switch code, returned.
    pub fn add(&mut self, i: usize) -> (String, String) {
        let secret = random_secret();
        let code = self.unique_code();
        self.by_code.insert(code.clone(), i);
        self.players.push(PlayerMeta { addr: None, opened_ms: 0, hash: sha256_hex(&secret), code: code.clone() });
        self.recent.push_back(i as u32);
        if self.recent.len() > RECENT {
            self.recent.pop_front();
        }
        (secret, code)
    }

    /// The player holding switch code `code`, given a new resume secret and code: (index, secret).
    pub fn switch(&mut self, code: &str) -> Option<(usize, String)> {
        let i = self.by_code.get(code).copied()?;
        let secret = random_secret();
        let new_code = self.unique_code();
        self.by_code.remove(code);
        self.by_code.insert(new_code.clone(), i);
        let p = &mut self.players[i];
        p.hash = sha256_hex(&secret);
        p.code = new_code;
        Some((i, secret))
    }

    fn unique_code(&self) -> String {
        loop {
            let c = random_code();
            if !self.by_code.contains_key(&c) {
                return c;
            }
        }
    }
}

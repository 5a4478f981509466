//! Routing between nodes (D23): what leaves this node over the `Bus` (commands for another node's game, events
//! for every node, personal messages for the node holding the connection) and what arrives, and the route
//! cache: which node owns a game this node does not run, as read from the database a moment ago, so that an
//! answer on a non-owner node costs no database read.

use crate::bus::Bus;
use crate::fanout::Local;
use crate::messages::{Addr, Cmd, Delivery, Envelope, lock};
use crate::protocol::{Event, Personal};
use crate::writer::Deliver;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What an envelope from another node asks of this node's games.
#[derive(Debug)]
pub(crate) enum Inbound {
    /// A command for a game this node owns (or is recorded as owning).
    ToOwner { session: String, cmd: Cmd },
    /// Another node took the game over: if this node still runs it, it must let it go.
    Moved { session: String },
}

/// A node's links to the other nodes.
pub(crate) struct Router {
    node: String,
    bus: Box<dyn Bus>,
    local: Arc<Local>,
    /// Games other nodes own, with when that was read from the database.
    routes: Mutex<HashMap<String, (String, Instant)>>,
    /// How long a route is trusted: a third of the owner timeout.
    route_ttl: Duration,
}

impl Router {
    pub(crate) fn new(node: String, bus: Box<dyn Bus>, local: Arc<Local>, route_ttl: Duration) -> Router {
        Router { node, bus, local, routes: Mutex::default(), route_ttl }
    }

    pub(crate) fn node(&self) -> &str {
        &self.node
    }

    pub(crate) fn local(&self) -> &Arc<Local> {
        &self.local
    }

    /// The node that owned this game a moment ago, if it is another one.
    pub(crate) fn route(&self, session: &str) -> Option<String> {
        lock(&self.routes).get(session).filter(|(_, at)| at.elapsed() < self.route_ttl).map(|(node, _)| node.clone())
    }

    /// Sends a command to the node owning the game, remembering that it does.
    pub(crate) fn to_owner(&self, node: String, session: &str, cmd: Cmd) {
        lock(&self.routes).insert(session.to_owned(), (node.clone(), Instant::now()));
        self.forward(node, session, cmd);
    }

    /// Sends a command to the node owning the game, as already known.
    pub(crate) fn forward(&self, node: String, session: &str, cmd: Cmd) {
        self.bus.publish(Envelope::ToOwner { node, session: session.to_owned(), cmd });
    }

    /// Tells every node that this node took the game over.
    pub(crate) fn moved(&self, session: &str) {
        self.bus.publish(Envelope::Moved { session: session.to_owned() });
    }

    /// Sends an event to every node's watchers of the game, this node's first.
    pub(crate) fn broadcast(&self, session: &str, event: Event) {
        self.local.broadcast(session, event.clone());
        self.bus.publish(Envelope::Event { session: session.to_owned(), event });
    }

    /// Takes an envelope from another node: events and deliveries go to this node's connections; what concerns
    /// the games this node owns is returned.
    pub(crate) fn receive(&self, env: Envelope) -> Option<Inbound> {
        match env {
            Envelope::ToOwner { node, session, cmd } if node == self.node => Some(Inbound::ToOwner { session, cmd }),
            Envelope::Event { session, event } => {
                if self.local.get(&session).is_some() {
                    self.local.broadcast(&session, event);
                }
                None
            }
            // The caller lets its task go, then closes this node's connections to the game.
            Envelope::Moved { session } => {
                lock(&self.routes).remove(&session);
                Some(Inbound::Moved { session })
            }
            Envelope::Deliver { node, items } if node == self.node => {
                for d in items {
                    self.local.deliver(d.conn, &d.session, d.personal);
                }
                None
            }
            _ => None,
        }
    }
}

impl Deliver for Router {
    /// Sends personal messages in order, grouping those for other nodes.
    fn deliver(&self, session: &str, items: Vec<(Addr, Personal)>) {
        let mut remote: HashMap<String, Vec<Delivery>> = HashMap::new();
        let mut local = Vec::new();
        for (addr, p) in items {
            if addr.node == self.node {
                local.push((addr.conn, p));
            } else {
                remote.entry(addr.node).or_default().push(Delivery {
                    conn: addr.conn,
                    session: session.to_owned(),
                    personal: p,
                });
            }
        }
        for (node, items) in remote {
            self.bus.publish(Envelope::Deliver { node, items });
        }
        self.local.deliver_all(session, local);
    }

    fn broadcast(&self, session: &str, event: Event) {
        Router::broadcast(self, session, event);
    }
}

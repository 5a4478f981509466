//! The curriculum: modules, lessons and question banks, read from plain files that authors edit.
//!
//! The module format and the built-in curriculum arrive with the curriculum issue; until then this crate
//! only fixes its place in the workspace (it may use the domain, nothing with I/O of the server).

use amane_domain::{Audience, Lang};

/// The languages every built-in module must be written in.
pub const CONTENT_LANGS: [Lang; 3] = Lang::ALL;

/// The audiences a module may declare.
pub const AUDIENCES: [Audience; 5] = Audience::ALL;

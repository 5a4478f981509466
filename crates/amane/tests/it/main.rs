//! The `amane` binary end to end: started as an operator would, driven over HTTP and in a real browser.

mod audit;
mod backup;
mod browser;
mod cli;
mod common;
mod live;

//! The web layer in process (`tower::ServiceExt::oneshot` on the router): pages and API, on SQLite and, where a
//! test says so, PostgreSQL. One test binary; one module per feature, helpers in `common`.

mod access;
mod api;
mod audit;
mod auth;
mod campaigns;
mod certificates;
mod common;
mod curriculum;
mod live;
mod matrix;
mod measurement;
mod pages;
mod phone_tests;
mod registry;
mod retention;
mod trust;
mod trust_input;
mod workshops;

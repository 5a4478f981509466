//! amane's services: what a page, an API call or a command does, over the store, without HTTP. The web layer and the
//! command line call these and map [`Error`] to what their clients understand (a status and a page or JSON body, an
//! exit code and a message), each in one place.

pub mod accounts;
pub mod assessments;
pub mod banks;
pub mod campaigns;
pub mod certificates;
pub mod csv_out;
pub mod demo;
pub mod demo_national;
pub mod demo_results;
pub mod error;
pub mod establishments;
pub mod live;
pub mod paper_results;
pub mod phone_tests;
pub mod registrations;
pub mod report_pdf;
pub mod reports;
pub mod results_export;
pub mod retention;
pub mod secrets;
pub mod workshops;

pub use error::{Error, ErrorCode};

//! The GIFT reader on arbitrary text, and the writer on whatever it read.
#![no_main]

use amane_domain::{Audience, Lang};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let import = amane_content::gift::parse(&text, Lang::Fr, "f", &[Audience::Staff]);
    let (out, _) = amane_content::gift::write(&import.questions, Lang::Fr);
    let _ = amane_content::gift::parse(&out, Lang::Fr, "g", &[]);
});

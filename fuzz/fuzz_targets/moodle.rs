//! The Moodle XML reader on arbitrary text, and the writer on whatever it read.
#![no_main]

use amane_domain::Lang;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(import) = amane_content::moodle::parse(&text, Lang::En, "f", &[]) {
        let (out, _) = amane_content::moodle::write(&import.questions, Lang::En, "c");
        let _ = amane_content::moodle::parse(&out, Lang::En, "g", &[]);
    }
});

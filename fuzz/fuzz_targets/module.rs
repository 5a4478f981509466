//! The module loader on arbitrary files: the input is split on NUL bytes into module.toml, the three
//! language files and questions.toml.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::collections::BTreeMap;

const NAMES: [&str; 5] = ["module.toml", "fr.md", "ar.md", "en.md", "questions.toml"];

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut files = BTreeMap::new();
    for (name, part) in NAMES.iter().zip(text.split('\0')) {
        files.insert(format!("m/{name}"), part.to_owned());
    }
    let _ = amane_content::load_files(&files);
});

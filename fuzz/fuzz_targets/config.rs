//! `ecsnet.toml` parsing on arbitrary text: errors are messages, never panics, and never
//! quote the text beyond the offending token.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &str| {
    let _ = ecsnet::settings::ConfigFile::parse(data, |n| {
        ecsnet::rules::check_known(n).map(|_| ())
    });
});

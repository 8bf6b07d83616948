//! The plan/state JSON reader, then analysis and every renderer, on arbitrary bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let model = ecsnet::input::plan::load_bytes("fuzz.json", data);
    let report = ecsnet::run::report_of(&[model], &[&ecsnet::settings::Settings::default()]);
    for format in ["table", "json", "markdown", "sarif", "github"] {
        if let Some(f) = ecsnet::run::Format::parse(format) {
            let _ = ecsnet::run::render(&report, f, Some(80));
        }
    }
});

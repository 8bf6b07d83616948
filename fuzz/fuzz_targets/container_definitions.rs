//! The `container_definitions` decoder on arbitrary text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &str| {
    let v = ecsnet::model::Value::String(data.to_string());
    let _ = ecsnet::model::containers::decode(Some(&v));
});

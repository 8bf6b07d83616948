//! Benchmark baseline: reads a JSON file and parses it with serde_json into
//! `serde::de::IgnoredAny`, the least work any JSON reader can do on the same bytes.
//! `bench/run` times this process against `ecsnet` on the same plan.
//!
//! Usage: `cargo run --release --example parse_ignored -- FILE`

use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: parse_ignored FILE");
        return ExitCode::from(2);
    };
    let start = std::time::Instant::now();
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("cannot read {path}: {e}");
            return ExitCode::from(2);
        }
    };
    match serde_json::from_slice::<serde::de::IgnoredAny>(&bytes) {
        Ok(_) => {
            eprintln!(
                "parsed {} bytes in {:.3} s",
                bytes.len(),
                start.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{path}: {e}");
            ExitCode::from(1)
        }
    }
}

//! Benchmark baseline: reads a JSON file and parses it with serde_json into
//! `serde::de::IgnoredAny`, the least work any JSON reader can do on the same bytes.
//! `bench/run` times this process against `ecsnet` on the same plan.
//!
//! With `--mmap` the file is mapped instead of read (the floor for ecsnet, which maps large
//! plans): the same parse without the copy into fresh pages.
//!
//! Usage: `cargo run --release --example parse_ignored -- [--mmap] FILE`

// The allocator ecsnet itself uses (src/main.rs), so the floor and ecsnet are measured alike.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mapped = args.iter().any(|a| a == "--mmap");
    let Some(path) = args.iter().find(|a| *a != "--mmap").cloned() else {
        eprintln!("usage: parse_ignored [--mmap] FILE");
        return ExitCode::from(2);
    };
    let start = std::time::Instant::now();
    let bytes = if mapped {
        ecsnet::fsread::map(
            std::path::Path::new(&path),
            u64::MAX,
            &ecsnet::fsread::Budget::default(),
        )
    } else {
        std::fs::read(&path)
            .map(ecsnet::fsread::Bytes::Owned)
            .map_err(|e| ecsnet::fsread::ReadError::Io(e.to_string()))
    };
    let bytes = match bytes {
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

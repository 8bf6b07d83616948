//! Benchmark baseline for Terraform directories: reads every `.tf` file under the given
//! directories and parses it with hcl-edit, on one thread per core, and does nothing else —
//! the least work any HCL analyzer can do on the same files. `bench/run` times this process
//! against `ecsnet` on the same monorepo.
//!
//! Usage: `cargo run --release --example parse_hcl -- DIR...`

// The allocator ecsnet itself uses (src/main.rs), so the floor and ecsnet are measured alike.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let dirs: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    if dirs.is_empty() {
        eprintln!("usage: parse_hcl DIR...");
        return ExitCode::from(2);
    }
    let start = std::time::Instant::now();
    let mut files = Vec::new();
    let mut todo = dirs;
    while let Some(d) = todo.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                todo.push(p);
            } else if p.extension().is_some_and(|x| x == "tf") {
                files.push(p);
            }
        }
    }
    let failed = ecsnet::par::map(&files, 1, |p| {
        let Ok(text) = std::fs::read_to_string(p) else {
            return 1;
        };
        usize::from(hcl_edit::parser::parse_body(&text).is_err())
    });
    let failed: usize = failed.iter().sum();
    eprintln!(
        "parsed {} files ({failed} failed) in {:.3} s",
        files.len(),
        start.elapsed().as_secs_f64()
    );
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

//! Writes the generated hostile inputs (deep nesting, a 50 MB string, symlinks, unreadable
//! files) into a directory, for `bench/run` to time ecsnet on each. The same cases are
//! snapshot-tested by `tests/bad_inputs.rs`.
//!
//! Usage: `cargo run --release --example gen_hostile -- OUT_DIR`

#[path = "../tests/support/hostile.rs"]
mod hostile;

use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(out) = std::env::args().nth(1) else {
        eprintln!("usage: gen_hostile OUT_DIR");
        return ExitCode::from(2);
    };
    let out = std::path::Path::new(&out);
    for name in hostile::cases(true) {
        if let Err(e) = hostile::write_case(out, name) {
            eprintln!("{name}: {e}");
            return ExitCode::from(1);
        }
    }
    ExitCode::SUCCESS
}

//! `--format compact`: one line per finding, `file:line:col: severity[rule]: message`, as
//! ruff's concise and tflint's compact outputs, for editors and `grep`.

use super::model::Report;
use super::table::{headline, summary_line, visible};
use std::fmt::Write;

/// One line per finding shown, no help, no table; the summary last.
pub fn render_compact(report: &Report, color: bool) -> String {
    let mut out = String::new();
    for f in visible(report).filter(|f| f.suppressed.is_none()) {
        let _ = writeln!(out, "{}", headline(f, color));
    }
    out.push_str(&summary_line(report));
    out
}

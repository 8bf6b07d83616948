//! `--format json`: the report contract, documented in `docs/json-report.md`.

use super::model::Report;

/// Renders the report as pretty-printed JSON with a trailing newline.
pub fn render_json(report: &Report) -> String {
    let mut s = serde_json::to_string_pretty(report)
        .unwrap_or_else(|e| format!("{{\"error\": \"cannot serialize the report: {e}\"}}"));
    s.push('\n');
    super::text::json_escape_invisible(s)
}

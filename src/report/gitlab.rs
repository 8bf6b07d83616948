//! `--format gitlab`: GitLab's Code Quality report (`gl-code-quality-report.json`), so findings
//! show in the merge-request widget and the diff. The fields are those GitLab documents for
//! the report artifact: `description`, `check_name`, `fingerprint`, `severity` (`info`,
//! `minor`, `major`, `critical`, `blocker`) and `location.path` / `location.lines.begin`.

use super::model::Report;
use super::text::{json_escape_invisible, repo_path, strip_controls};
use crate::finding::{Finding, Severity};
use serde::Serialize;

#[derive(Serialize)]
struct Issue<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    check_name: &'a str,
    description: String,
    content: Content,
    categories: [&'static str; 1],
    fingerprint: String,
    severity: &'static str,
    location: IssueLocation,
}

#[derive(Serialize)]
struct Content {
    body: String,
}

#[derive(Serialize)]
struct IssueLocation {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    end: Option<u32>,
}

/// GitLab's severities: an ecsnet error (AWS rejects it, tasks cannot be placed) is
/// `critical`, a warning `major`, a note `info`.
fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "critical",
        Severity::Warning => "major",
        Severity::Note => "info",
    }
}

/// Renders the unsuppressed findings not in the baseline. A finding without a file (a plan
/// without `--source`) is placed on line 1 of the input it came from, since GitLab requires a
/// path. `path_prefix` is where the report's paths sit in the repository.
pub fn render_code_quality(report: &Report, path_prefix: &str) -> String {
    let issues: Vec<Issue<'_>> = report
        .findings
        .iter()
        .filter(|f| f.suppressed.is_none() && !f.in_baseline)
        .map(|f| issue(report, f, path_prefix))
        .collect();
    let mut s = serde_json::to_string_pretty(&issues).unwrap_or_else(|_| "[]".to_string());
    s.push('\n');
    json_escape_invisible(s)
}

fn issue<'a>(report: &Report, f: &'a Finding, prefix: &str) -> Issue<'a> {
    let (path, line, end) = match &f.location {
        Some(l) => (
            repo_path(prefix, &l.file),
            l.line.max(1),
            l.end_line.filter(|&e| e > l.line),
        ),
        None => (
            report
                .inputs
                .first()
                .map_or_else(String::new, |i| repo_path(prefix, &i.path)),
            1,
            None,
        ),
    };
    let mut description = strip_controls(&f.message);
    if let Some(s) = &f.subject
        && f.location.is_none()
    {
        description = format!("{}: {description}", strip_controls(s));
    }
    Issue {
        kind: "issue",
        check_name: f.rule,
        description,
        content: Content {
            body: strip_controls(&f.help),
        },
        categories: ["Bug Risk"],
        fingerprint: super::sarif::fingerprint(f),
        severity: severity(f.severity),
        location: IssueLocation {
            path: path.replace('\\', "/"),
            lines: Lines { begin: line, end },
        },
    }
}

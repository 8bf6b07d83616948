//! `--format junit`: JUnit XML for the test-report views of GitLab, Jenkins and Azure
//! Pipelines. One test suite per input; one test case per service (it passes when no
//! finding is about it) and per finding on anything else; a finding at or above the
//! severity that fails the run is a `<failure>`, a lower one is written to `<system-out>`.
//! Everything the input controls is XML-escaped and stripped of control characters, which
//! XML 1.0 cannot carry at all.

use super::model::Report;
use super::text::strip_controls;
use crate::finding::{Finding, Severity};
use std::fmt::Write;

/// Renders the report; `fail_on` is the severity that fails the run (`None`: never).
pub fn render_junit(report: &Report, fail_on: Option<Severity>) -> String {
    let shown: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.suppressed.is_none() && !f.in_baseline)
        .collect();
    let fails = |f: &Finding| fail_on.is_some_and(|t| f.severity >= t);
    let mut suites = String::new();
    let (mut total, mut failed) = (0usize, 0usize);
    let mut placed = vec![false; shown.len()];
    for (input, info) in report.inputs.iter().enumerate() {
        let mut cases = String::new();
        let (mut tests, mut failures) = (0usize, 0usize);
        for s in report.services.iter().filter(|s| s.input == input) {
            let mut mine: Vec<&Finding> = Vec::new();
            for (i, f) in shown.iter().enumerate() {
                if !placed[i] && f.subject.as_deref() == Some(s.address.as_str()) {
                    placed[i] = true;
                    mine.push(f);
                }
            }
            tests += 1;
            if mine.iter().any(|f| fails(f)) {
                failures += 1;
            }
            cases.push_str(&case(&info.path, &s.address, &mine, fails));
        }
        // Findings on anything but a service (task definitions, files) go to the first
        // suite: a finding names no input.
        let rest: Vec<(usize, &Finding)> = shown
            .iter()
            .enumerate()
            .filter(|(i, _)| !placed[*i] && input == 0)
            .map(|(i, f)| (i, *f))
            .collect();
        for (i, f) in rest {
            placed[i] = true;
            tests += 1;
            if fails(f) {
                failures += 1;
            }
            let name = format!(
                "{} {}",
                f.rule,
                f.subject
                    .as_deref()
                    .or(f.location.as_ref().map(|l| &*l.file))
                    .unwrap_or("")
            );
            cases.push_str(&case(&info.path, name.trim_end(), &[f], fails));
        }
        total += tests;
        failed += failures;
        let _ = write!(
            suites,
            "  <testsuite name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">\n{cases}  </testsuite>\n",
            xml(&info.path)
        );
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"ecsnet\" tests=\"{total}\" failures=\"{failed}\">\n{suites}</testsuites>\n"
    )
}

fn case(
    class: &str,
    name: &str,
    findings: &[&Finding],
    fails: impl Fn(&Finding) -> bool,
) -> String {
    let mut out = format!(
        "    <testcase classname=\"{}\" name=\"{}\"",
        xml(class),
        xml(name)
    );
    if findings.is_empty() {
        out.push_str("/>\n");
        return out;
    }
    out.push_str(">\n");
    let mut notes = String::new();
    for f in findings {
        let place = f
            .location
            .as_ref()
            .map(|l| format!("{}:{}:{}: ", l.file, l.line, l.column))
            .unwrap_or_default();
        let text = format!(
            "{place}{}[{}]: {}\nhelp: {}",
            f.severity.as_str(),
            f.rule,
            f.message,
            f.help
        );
        if fails(f) {
            let _ = writeln!(
                out,
                "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                xml(f.rule),
                xml(&f.message),
                xml(&text)
            );
        } else {
            notes.push_str(&text);
            notes.push('\n');
        }
    }
    if !notes.is_empty() {
        let _ = writeln!(out, "      <system-out>{}</system-out>", xml(&notes));
    }
    out.push_str("    </testcase>\n");
    out
}

/// XML text and attribute escaping, after removing control characters (XML 1.0 allows only
/// tab, newline and carriage return below U+0020).
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in strip_controls(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            c if super::text::is_invisible(c) => {
                let _ = write!(out, "&lt;U+{:04X}&gt;", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

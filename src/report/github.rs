//! `--format github`: workflow-command annotations, and the job summary.
//!
//! `::error file=…,line=…,col=…,title=…::message`, escaped as actions/toolkit's `command.ts`
//! does (github-integration.md §3.1). GitHub keeps 10 annotations per level per step and
//! drops the rest silently, so we print at most 10 per level, most severe first, then one
//! `::notice::` that says how many were left out.

use crate::finding::{Finding, Severity};
use crate::report::Report;
use crate::report::text::{repo_path, strip_controls};
use std::io::Write;
use std::path::Path;

/// Annotations GitHub shows per level and step.
pub const PER_LEVEL: usize = 10;

/// Options of [`render_annotations`].
#[derive(Debug, Clone, Default)]
pub struct AnnotationOptions {
    /// Where the analyzed root sits in the repository (`infra/`): annotation paths must be
    /// relative to the repository root.
    pub path_prefix: String,
}

/// Escapes the data part of a workflow command (`%`, CR, LF).
pub fn escape_data(s: &str) -> String {
    strip_controls_keep_newlines(s)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value of a workflow command (data rules plus `:` and `,`).
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// ANSI escapes would recolour the log; CR and LF are kept for the `%0D`/`%0A` escapes.
fn strip_controls_keep_newlines(s: &str) -> String {
    let normalized = s.replace("\r\n", "\n").replace('\r', "\n");
    strip_controls(&normalized)
}

fn command(f: &Finding) -> &'static str {
    match f.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    }
}

/// One annotation line (without the trailing newline).
pub fn annotation(f: &Finding, opts: &AnnotationOptions) -> String {
    let mut props = Vec::new();
    let mut title = format!("{} {}", f.code, f.rule);
    match &f.location {
        Some(l) => {
            props.push(format!(
                "file={}",
                escape_property(&repo_path(&opts.path_prefix, &l.file))
            ));
            props.push(format!("line={}", l.line.max(1)));
            if let Some(end) = l.end_line.filter(|&e| e > l.line) {
                props.push(format!("endLine={end}"));
            }
            props.push(format!("col={}", l.column.max(1)));
            // GitHub reads endColumn only for a region on one line.
            if let Some(end) = l
                .end_column
                .filter(|&e| e > l.column && l.end_line.is_none_or(|el| el == l.line))
            {
                props.push(format!("endColumn={end}"));
            }
        }
        // Without a file GitHub attaches the annotation to the run; the title then names
        // the resource so the reader knows what it is about.
        None => {
            if let Some(s) = &f.subject {
                title.push_str(&format!(" ({s})"));
            }
        }
    }
    props.push(format!("title={}", escape_property(&title)));
    let mut message = f.message.clone();
    if !f.help.is_empty() {
        message.push_str("\nhow to fix: ");
        message.push_str(&f.help);
    }
    format!(
        "::{} {}::{}",
        command(f),
        props.join(","),
        escape_data(&message)
    )
}

/// All annotations for the report: unsuppressed findings, errors first, at most
/// [`PER_LEVEL`] per level, then one notice counting the rest. Each line ends with `\n`.
pub fn render_annotations(report: &Report, opts: &AnnotationOptions) -> String {
    let mut out = String::new();
    let mut left_out = Vec::new();
    for sev in [Severity::Error, Severity::Warning, Severity::Note] {
        let list: Vec<&Finding> = report
            .findings
            .iter()
            .filter(|f| f.suppressed.is_none() && !f.in_baseline && f.severity == sev)
            .collect();
        for f in list.iter().take(PER_LEVEL) {
            out.push_str(&annotation(f, opts));
            out.push('\n');
        }
        if list.len() > PER_LEVEL {
            left_out.push(format!("{} more {}s", list.len() - PER_LEVEL, sev.as_str()));
        }
    }
    if !left_out.is_empty() {
        out.push_str(&format!(
            "::notice title=ecsnet::{} not annotated (GitHub shows {PER_LEVEL} per level); see the job summary\n",
            left_out.join(", ")
        ));
    }
    out
}

/// Appends the Markdown report to the job summary file (`$GITHUB_STEP_SUMMARY`).
///
/// The runner discards a step summary over 1 MiB, so render with
/// [`crate::report::markdown::SUMMARY_BUDGET`].
pub fn append_step_summary(markdown: &str, path: &Path) -> std::io::Result<()> {
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    f.write_all(markdown.as_bytes())?;
    if !markdown.ends_with('\n') {
        f.write_all(b"\n")?;
    }
    f.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testing::canned_report;

    fn opts() -> AnnotationOptions {
        AnnotationOptions {
            path_prefix: "infra".to_string(),
        }
    }

    #[test]
    fn canned_report_snapshot() {
        insta::assert_snapshot!(render_annotations(&canned_report(), &opts()));
    }

    #[test]
    fn escaping_follows_the_toolkit() {
        assert_eq!(escape_data("50% a:b,c\r\nd"), "50%25 a:b,c%0Ad");
        assert_eq!(escape_property("50% a:b,c\nd"), "50%25 a%3Ab%2Cc%0Ad");
        assert_eq!(escape_data("\u{1b}[31mred\u{1b}[0m"), "red");
    }

    #[test]
    fn hostile_message_stays_one_command() {
        let out = render_annotations(&canned_report(), &opts());
        for line in out.lines() {
            assert!(line.starts_with("::"), "{line}");
            // Exactly one `::` separator after the properties: the data holds no raw `::`
            // command start at a line beginning, and no raw newline.
            assert!(!line.contains('\u{1b}'));
        }
        let nasty = out
            .lines()
            .find(|l| l.contains("50%25 of tasks"))
            .expect("nasty finding annotated");
        assert!(nasty.starts_with(
            "::warning file=infra/modules/api/main.tf,line=30,col=5,title=ECS201 static-host-port-caps-scale::"
        ));
        assert!(nasty.contains("%0Asecond line"));
        assert!(
            !out.contains("suppressed") && !out.contains("443"),
            "suppressed finding annotated"
        );
    }

    #[test]
    fn finding_without_file_names_its_resource() {
        let out = render_annotations(&canned_report(), &opts());
        assert!(out.contains(
            "::notice title=ECS902 unresolved-container-definitions (module.api.aws_ecs_task_definition.web)::"
        ));
    }

    #[test]
    fn at_most_ten_per_level_then_a_notice() {
        let mut r = canned_report();
        let e = r.findings[0].clone();
        r.findings.extend(std::iter::repeat_n(e, 14));
        let out = render_annotations(&r, &opts());
        assert_eq!(
            out.lines().filter(|l| l.starts_with("::error ")).count(),
            10
        );
        assert_eq!(
            out.lines().filter(|l| l.starts_with("::warning ")).count(),
            1
        );
        assert_eq!(
            out.lines().last().unwrap(),
            "::notice title=ecsnet::5 more errors not annotated (GitHub shows 10 per level); see the job summary"
        );
    }

    #[test]
    fn step_summary_appends() {
        let dir = std::env::temp_dir().join(format!("ecsnet-summary-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("summary.md");
        let _ = std::fs::remove_file(&path);
        append_step_summary("# one", &path).unwrap();
        append_step_summary("# two\n", &path).unwrap();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "# one\n\n# two\n\n"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

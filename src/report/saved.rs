//! Reading a saved JSON report back (`--output json=FILE`, then
//! `ecsnet comment github --report FILE`), so a later step can render it without the inputs.
//!
//! [`Report`] borrows rule codes and the tool name from the binary (`&'static str`), so the
//! file is read into a mirror of the parts that differ. Codes this build knows resolve to the
//! registry's strings; others (a report from another version) are kept as written, leaked
//! for the rest of this one-shot process (at most the size of the file).

use crate::finding::{Finding, Severity};
use crate::model::{InputInfo, Location};
use crate::report::{
    OverrideReport, PoolReport, Report, SCHEMA_VERSION, ServiceReport, Summary,
    TaskDefinitionReport, Tool,
};
use serde::Deserialize;

#[derive(Deserialize)]
struct SavedReport {
    schema_version: u32,
    tool: SavedTool,
    inputs: Vec<InputInfo>,
    services: Vec<ServiceReport>,
    task_definitions: Vec<TaskDefinitionReport>,
    #[serde(default)]
    capacity_pools: Vec<PoolReport>,
    #[serde(default)]
    overrides: Vec<OverrideReport>,
    findings: Vec<SavedFinding>,
    summary: Summary,
}

#[derive(Deserialize)]
struct SavedTool {
    name: String,
    version: String,
}

#[derive(Deserialize)]
struct SavedFinding {
    code: String,
    rule: String,
    severity: Severity,
    message: String,
    subject: Option<String>,
    location: Option<Location>,
    help: String,
    #[serde(default)]
    related: Vec<Location>,
    #[serde(default)]
    suppressed: Option<String>,
    #[serde(default)]
    fingerprint: String,
    #[serde(default)]
    in_baseline: bool,
    #[serde(default)]
    changed_by_plan: Option<bool>,
}

/// Parses a report written by `--format json` / `--output json=FILE` of this ecsnet version.
pub fn parse_report(text: &str) -> Result<Report, String> {
    let saved: SavedReport =
        serde_json::from_str(text).map_err(|e| format!("not an ecsnet JSON report: {e}"))?;
    if saved.schema_version != SCHEMA_VERSION || saved.tool.name != "ecsnet" {
        return Err(format!(
            "not an ecsnet report of schema_version {SCHEMA_VERSION} (tool {:?}, schema_version {})",
            saved.tool.name, saved.schema_version
        ));
    }
    let findings = saved
        .findings
        .into_iter()
        .map(|f| {
            let (code, rule) = match crate::rules::lookup(&f.code) {
                Some(m) if m.code == f.code && m.name == f.rule => (m.code, m.name),
                _ => (leak(f.code), leak(f.rule)),
            };
            Finding {
                code,
                rule,
                severity: f.severity,
                message: f.message,
                subject: f.subject,
                location: f.location,
                help: f.help,
                related: f.related,
                suppressed: f.suppressed,
                fingerprint: f.fingerprint,
                in_baseline: f.in_baseline,
                changed_by_plan: f.changed_by_plan,
            }
        })
        .collect();
    let ours = Tool::default();
    let tool = Tool {
        name: ours.name,
        version: if saved.tool.version == ours.version {
            ours.version
        } else {
            leak(saved.tool.version)
        },
    };
    Ok(Report {
        schema_version: saved.schema_version,
        tool,
        inputs: saved.inputs,
        services: saved.services,
        task_definitions: saved.task_definitions,
        capacity_pools: saved.capacity_pools,
        overrides: saved.overrides,
        findings,
        summary: saved.summary,
    })
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::render_json;
    use crate::report::testing::canned_report;

    #[test]
    fn round_trips_the_json_report() {
        let r = canned_report();
        assert_eq!(parse_report(&render_json(&r)).unwrap(), r);
    }

    #[test]
    fn round_trips_an_analyzed_plan() {
        let inv = crate::run::Invocation {
            paths: vec![concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/example/plan.json").into()],
            ..Default::default()
        };
        let r = crate::run::analyze(&inv, &mut std::io::empty());
        assert!(r.services.iter().any(|s| s.change.is_some()));
        assert!(!r.findings.is_empty());
        assert_eq!(parse_report(&render_json(&r)).unwrap(), r);
    }

    #[test]
    fn rejects_foreign_or_unknown_reports() {
        let json = render_json(&canned_report());
        assert!(
            parse_report("{}")
                .unwrap_err()
                .contains("not an ecsnet JSON report")
        );
        let v2 = json.replacen("\"schema_version\": 1", "\"schema_version\": 2", 1);
        assert!(parse_report(&v2).unwrap_err().contains("schema_version 2"));
        let no_tool = json.replacen("\"ecsnet\"", "\"other\"", 1);
        assert!(parse_report(&no_tool).unwrap_err().contains("\"other\""));
    }

    #[test]
    fn keeps_codes_and_versions_this_build_does_not_know() {
        let json = render_json(&canned_report())
            .replacen("\"ECS101\"", "\"ECS999\"", 1)
            .replacen(env!("CARGO_PKG_VERSION"), "9.9.9", 1);
        let r = parse_report(&json).unwrap();
        assert!(r.findings.iter().any(|f| f.code == "ECS999"));
        assert_eq!(r.tool.version, "9.9.9");
        // Known codes resolve to the registry's own strings.
        let known = parse_report(&render_json(&canned_report())).unwrap();
        let f = known.findings.iter().find(|f| f.code == "ECS101").unwrap();
        assert!(std::ptr::eq(
            f.code,
            crate::rules::fargate_requires_awsvpc::META.code
        ));
    }
}

//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning, from hand-written serde structs
//! (about 100 lines; no dependency). GitHub's ingestion rules are summarized in
//! github-integration.md §3.3; the mapping is documented in `docs/output-formats.md`.
//!
//! - `tool.driver.rules` lists every rule that fired (suppressed findings included), sorted
//!   by code, with its metadata from the rule registry.
//! - Every result has a physical location: GitHub rejects an upload whose result has none
//!   ("expected artifact location"). A finding without a source line (plan JSON only) is
//!   placed on line 1 of the input it came from and says so; its resource address is also
//!   given as a logical location.
//! - `partialFingerprints` carries our own key, `ecsnet/v1`, and never
//!   `primaryLocationLineHash`: `upload-sarif` computes that one only when it is missing.

use crate::finding::{Finding, Severity};
use crate::report::Report;
use crate::report::text::{repo_path, strip_controls, url_path};
use crate::rules::RuleMeta;
use serde::Serialize;
use std::collections::BTreeMap;

/// Where rule documentation lives; a rule's page is `<base><CODE>-<slug>.md`.
pub const RULE_DOCS_BASE: &str = "https://github.com/ecsnet/ecsnet/blob/main/docs/rules/";

/// The tool's home page.
pub const INFORMATION_URI: &str = "https://github.com/ecsnet/ecsnet";

const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// GitHub shows at most 1,024 characters of a rule description.
const DESCRIPTION_MAX: usize = 1024;

/// Options of [`render_sarif`].
#[derive(Debug, Clone, Default)]
pub struct SarifOptions {
    /// Where the analyzed root sits in the repository (`infra/`), prepended to every URI
    /// so code scanning finds the file; empty when the root is the repository root.
    pub path_prefix: String,
}

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    results: Vec<SarifResult<'a>>,
    column_kind: &'static str,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    information_uri: &'static str,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: String,
    name: String,
    short_description: Text,
    full_description: Text,
    help: Help,
    help_uri: String,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    markdown: Option<String>,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    tags: [&'static str; 3],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: Vec<ResultLocation>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<RelatedLocation>,
    partial_fingerprints: BTreeMap<&'static str, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressions: Vec<Suppression>,
    /// `unchanged` for a finding the `--baseline` report already had (SARIF §3.27.24).
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline_state: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultLocation {
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    logical_locations: Vec<LogicalLocation>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RelatedLocation {
    id: usize,
    physical_location: PhysicalLocation,
    message: Text,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    /// `%SRCROOT%` for a path relative to the workspace root (SARIF §3.4.4); absent for a
    /// `file://` URI outside it.
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<u32>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LogicalLocation {
    fully_qualified_name: String,
    kind: &'static str,
}

#[derive(Serialize)]
struct Suppression {
    kind: &'static str,
    justification: String,
}

/// The SARIF level of a severity.
pub fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// Renders the report as a SARIF 2.1.0 log (pretty JSON, trailing newline).
///
/// `rules` looks a code up in the rule registry; a code it does not know still gets a rule
/// entry built from the finding, so the log stays valid.
pub fn render_sarif(
    report: &Report,
    rules: &dyn Fn(&str) -> Option<&'static RuleMeta>,
    opts: &SarifOptions,
) -> String {
    let mut fired: BTreeMap<&str, &Finding> = BTreeMap::new();
    for f in &report.findings {
        fired.entry(f.code).or_insert(f);
    }
    let index: BTreeMap<&str, usize> = fired.keys().enumerate().map(|(i, c)| (*c, i)).collect();
    let rule_entries = fired
        .values()
        .map(|f| rule_entry(f, rules(f.code)))
        .collect();
    let results = report
        .findings
        .iter()
        .map(|f| result(report, f, index.get(f.code).copied().unwrap_or(0), opts))
        .collect();
    let log = Log {
        schema: SCHEMA_URI,
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: report.tool.name,
                    version: report.tool.version,
                    semantic_version: report.tool.version,
                    information_uri: INFORMATION_URI,
                    rules: rule_entries,
                },
            },
            results,
            column_kind: "unicodeCodePoints",
        }],
    };
    // Serializing plain structs of strings and numbers cannot fail.
    let mut out = serde_json::to_string_pretty(&log).unwrap_or_default();
    out.push('\n');
    super::text::json_escape_invisible(out)
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut t: String = s.chars().take(max - 1).collect();
    t.push('…');
    t
}

/// The first paragraph under `## What it does`, else the summary.
fn what_it_does(doc: &str) -> Option<String> {
    let rest = doc.split("## What it does").nth(1)?;
    let para: Vec<&str> = rest
        .trim_start()
        .lines()
        .take_while(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .collect();
    (!para.is_empty()).then(|| para.join(" "))
}

fn rule_entry(f: &Finding, meta: Option<&'static RuleMeta>) -> Rule {
    let (short, full, help, markdown, default) = match meta {
        Some(m) => (
            m.summary.to_string(),
            what_it_does(m.doc).unwrap_or_else(|| m.summary.to_string()),
            m.help.to_string(),
            Some(m.doc.to_string()),
            m.severity,
        ),
        None => (
            f.rule.to_string(),
            f.rule.to_string(),
            f.help.clone(),
            None,
            f.severity,
        ),
    };
    Rule {
        id: f.code.to_string(),
        name: f.rule.to_string(),
        short_description: Text {
            text: truncate(&short, DESCRIPTION_MAX),
        },
        full_description: Text {
            text: truncate(&full, DESCRIPTION_MAX),
        },
        help: Help {
            text: help,
            markdown,
        },
        help_uri: format!("{RULE_DOCS_BASE}{}-{}.md", f.code, f.rule),
        default_configuration: Configuration {
            level: level(default),
        },
        properties: RuleProperties {
            tags: ["ecs", "terraform", "networking"],
        },
    }
}

/// The input a finding came from: the input of the service or task definition it is
/// about, else the first input.
fn input_path<'r>(report: &'r Report, f: &Finding) -> &'r str {
    let idx = f.subject.as_deref().and_then(|s| {
        report
            .services
            .iter()
            .find(|x| x.address == s)
            .map(|x| x.input)
            .or_else(|| {
                report
                    .task_definitions
                    .iter()
                    .find(|x| x.address == s)
                    .map(|x| x.input)
            })
    });
    match report.inputs.get(idx.unwrap_or(0)).map(|i| i.path.as_str()) {
        Some("-") | None => "stdin",
        Some(p) => p,
    }
}

fn result<'a>(
    report: &Report,
    f: &'a Finding,
    rule_index: usize,
    opts: &SarifOptions,
) -> SarifResult<'a> {
    let mut text = strip_controls(&f.message);
    let (file, line, column, end) = match &f.location {
        Some(l) => (&*l.file, l.line.max(1), l.column.max(1), end_of(l)),
        None => {
            let subject = f.subject.as_deref().unwrap_or("the input");
            text.push_str(&format!(
                " (no source location for {}; reported on the input file)",
                strip_controls(subject)
            ));
            (input_path(report, f), 1, 1, None)
        }
    };
    if !f.help.is_empty() {
        text.push_str("\nHow to fix: ");
        text.push_str(&strip_controls(&f.help));
    }
    let logical_locations = f
        .subject
        .iter()
        .map(|s| LogicalLocation {
            fully_qualified_name: s.clone(),
            kind: "resource",
        })
        .collect();
    let related_locations = f
        .related
        .iter()
        .enumerate()
        .map(|(i, l)| RelatedLocation {
            id: i + 1,
            physical_location: physical(&opts.path_prefix, &l.file, (l.line, l.column), end_of(l)),
            message: Text {
                text: "related location".to_string(),
            },
        })
        .collect();
    let mut partial_fingerprints = BTreeMap::new();
    partial_fingerprints.insert("ecsnet/v1", fingerprint(f));
    SarifResult {
        rule_id: f.code,
        rule_index,
        level: level(f.severity),
        message: Text { text },
        locations: vec![ResultLocation {
            physical_location: physical(&opts.path_prefix, file, (line, column), end),
            logical_locations,
        }],
        related_locations,
        partial_fingerprints,
        suppressions: f
            .suppressed
            .iter()
            .map(|why| Suppression {
                kind: "inSource",
                justification: strip_controls(why),
            })
            .collect(),
        baseline_state: f.in_baseline.then_some("unchanged"),
    }
}

/// The end of a location's region, when it has one after its start.
fn end_of(l: &crate::model::Location) -> Option<(u32, u32)> {
    match (l.end_line, l.end_column) {
        (Some(el), Some(ec)) if (el, ec) > (l.line, l.column) => Some((el, ec)),
        _ => None,
    }
}

fn physical(
    prefix: &str,
    file: &str,
    (line, column): (u32, u32),
    end: Option<(u32, u32)>,
) -> PhysicalLocation {
    let path = repo_path(prefix, file).replace('\\', "/");
    // A URI reference: spaces, `#`, `?`, `%` and non-ASCII names percent-encoded. Paths are
    // relative to the workspace root (report::paths) unless the file lies outside it.
    let (uri, uri_base_id) = if path.starts_with('/') {
        (format!("file://{}", url_path(&path)), None)
    } else {
        (url_path(&path), Some("%SRCROOT%"))
    };
    PhysicalLocation {
        artifact_location: ArtifactLocation { uri, uri_base_id },
        region: Region {
            start_line: line.max(1),
            start_column: column.max(1),
            end_line: end.map(|e| e.0),
            end_column: end.map(|e| e.1),
        },
    }
}

/// The finding's stable key ([`Finding::fingerprint`]), computed when the finding was made
/// elsewhere (a saved report of an older version).
pub fn fingerprint(f: &Finding) -> String {
    if f.fingerprint.is_empty() {
        f.stable_key()
    } else {
        f.fingerprint.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded() {
        let p = physical("infra dir/", "a b/c#d?.tf", (3, 1), None);
        assert_eq!(p.artifact_location.uri, "infra%20dir/a%20b/c%23d%3F.tf");
        assert_eq!(
            physical("", "m\\é.tf", (1, 1), None).artifact_location.uri,
            "m/%C3%A9.tf"
        );
    }
    use crate::report::testing::{canned_report, lookup};
    use serde_json::Value;

    fn render() -> String {
        render_sarif(
            &canned_report(),
            &lookup,
            &SarifOptions {
                path_prefix: "infra".to_string(),
            },
        )
    }

    #[test]
    fn canned_report_snapshot() {
        insta::assert_snapshot!(render());
    }

    #[test]
    fn validates_against_the_sarif_schema() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/schemas/sarif-schema-2.1.0.json"
        );
        let mut schema: Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        // The published schema's `language` patterns have a stray `]` that strict regex
        // meta-validation rejects (see tests/schemas/README.md); we never emit `language`.
        assert_eq!(drop_language_patterns(&mut schema), 2);
        let validator = jsonschema::validator_for(&schema).unwrap();
        let sarif: Value = serde_json::from_str(&render()).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&sarif)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
        // The schema is really applied: a wrong level is rejected.
        let mut bad = sarif.clone();
        bad["runs"][0]["results"][0]["level"] = Value::from("critical");
        assert!(!validator.is_valid(&bad));
    }

    fn drop_language_patterns(v: &mut Value) -> usize {
        let n = v
            .get_mut("language")
            .and_then(Value::as_object_mut)
            .and_then(|lang| lang.remove("pattern"))
            .map_or(0, |_| 1);
        match v {
            Value::Object(o) => o.values_mut().map(drop_language_patterns).sum::<usize>() + n,
            Value::Array(a) => a.iter_mut().map(drop_language_patterns).sum::<usize>() + n,
            _ => n,
        }
    }

    #[test]
    fn rules_results_and_suppressions() {
        let v: Value = serde_json::from_str(&render()).unwrap();
        let run = &v["runs"][0];
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
        assert_eq!(ids, ["ECS101", "ECS201", "ECS902"]);
        assert_eq!(
            rules[0]["helpUri"],
            "https://github.com/ecsnet/ecsnet/blob/main/docs/rules/ECS101-fargate-requires-awsvpc.md"
        );
        for r in run["results"].as_array().unwrap() {
            let idx = r["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[idx]["id"], r["ruleId"]);
            assert!(
                r["partialFingerprints"]
                    .get("primaryLocationLineHash")
                    .is_none()
            );
            assert!(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].is_string());
        }
        let results = run["results"].as_array().unwrap();
        let suppressed: Vec<&Value> = results
            .iter()
            .filter(|r| r.get("suppressions").is_some())
            .collect();
        assert_eq!(suppressed.len(), 1);
        assert_eq!(suppressed[0]["suppressions"][0]["kind"], "inSource");
        let plan_only = results.iter().find(|r| r["ruleId"] == "ECS902").unwrap();
        assert_eq!(
            plan_only["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "infra/plan.json"
        );
        assert_eq!(
            plan_only["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
            "module.api.aws_ecs_task_definition.web"
        );
        assert!(!render().contains('\u{1b}'));
    }

    #[test]
    fn fingerprints_ignore_numbers_and_lines_but_not_subjects() {
        let mut a = canned_report().findings[0].clone();
        a.message = "needs 12 tasks".to_string();
        let mut same = a.clone();
        same.message = "needs 13 tasks".to_string();
        same.location.as_mut().unwrap().line += 10;
        assert_eq!(fingerprint(&a), fingerprint(&same));
        let mut other_message = a.clone();
        other_message.message = "needs 12 more tasks".to_string();
        assert_ne!(fingerprint(&a), fingerprint(&other_message));
        let mut other_subject = a.clone();
        other_subject.subject = Some("aws_ecs_service.other".to_string());
        assert_ne!(fingerprint(&a), fingerprint(&other_subject));
    }
}

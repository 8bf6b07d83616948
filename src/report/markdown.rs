//! `--format markdown`: the pull-request comment (and, with a larger budget, the job summary).
//!
//! Layout: a headline verdict, one table row per service, planned changes, findings grouped by
//! severity (a table, then the fixes in a `<details>` block), suppressed findings and unknown
//! values collapsed. Everything taken from the input goes through [`md_inline`].
//!
//! Size: GitHub rejects comments over 65,536 characters, so the body is budgeted in UTF-8 bytes
//! (bytes ≥ characters however they are counted; github-integration.md §2.5). Whole units
//! (a finding, a service row, a change) are dropped, lowest priority first, and counted in a
//! closing line; a `<details>` block or table is always closed because it is assembled only
//! from the units it keeps.

use crate::finding::{Finding, Severity};
use crate::model::Location;
use crate::report::text::{md_inline, md_message, repo_path, url_path};
use crate::report::{Report, ScalingReport, ServiceReport};

/// The comment budget: under GitHub's 65,536-character limit with room for the bot's marker.
pub const COMMENT_BUDGET: usize = 60_000;

/// Ends the body of a report with nothing to show, so that `ecsnet comment github
/// --body-file` can tell a clean pull request without the report (an HTML comment: GitHub
/// does not show it, and input text can never produce one since `<` is always escaped).
pub const CLEAN_MARKER: &str = "<!-- ecsnet: clean -->";

/// The job-summary budget: the runner drops summaries over 1 MiB per step.
pub const SUMMARY_BUDGET: usize = 900_000;

/// Options of [`render_markdown`].
#[derive(Debug, Clone)]
pub struct MarkdownOptions {
    /// Base of blob links, `https://github.com/{owner}/{repo}/blob/{sha}`; without it
    /// locations are plain text.
    pub blob_base: Option<String>,
    /// Where the analyzed root sits in the repository (`infra/`), prepended to report paths
    /// in links; empty when the root is the repository root.
    pub path_prefix: String,
    /// Most bytes the body may take.
    pub max_bytes: usize,
}

impl Default for MarkdownOptions {
    fn default() -> Self {
        MarkdownOptions {
            blob_base: None,
            path_prefix: String::new(),
            max_bytes: COMMENT_BUDGET,
        }
    }
}

/// What a dropped unit counts as in the closing line.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Finding,
    Service,
    Other,
}

/// A block assembled from the units it keeps: `head`, kept units, `tail`; omitted when empty.
struct Section {
    head: String,
    tail: String,
    units: Vec<String>,
    kept: usize,
    kind: Kind,
}

impl Section {
    fn new(head: impl Into<String>, tail: impl Into<String>, kind: Kind) -> Section {
        Section {
            head: head.into(),
            tail: tail.into(),
            units: Vec::new(),
            kept: 0,
            kind,
        }
    }

    fn render(&self, out: &mut String) {
        if self.kept == 0 {
            return;
        }
        out.push_str(&self.head);
        for u in &self.units[..self.kept] {
            out.push_str(u);
        }
        out.push_str(&self.tail);
    }
}

/// Renders the report as GitHub-flavoured Markdown within `opts.max_bytes`.
pub fn render_markdown(report: &Report, opts: &MarkdownOptions) -> String {
    // What this pull request changes leads; findings on resources the plan leaves alone
    // ("already there") and those of the baseline do not.
    let shown = |f: &&Finding| f.suppressed.is_none() && !f.in_baseline;
    let active: Vec<&Finding> = report
        .findings
        .iter()
        .filter(shown)
        .filter(|f| f.changed_by_plan != Some(false))
        .collect();
    let already: Vec<&Finding> = report
        .findings
        .iter()
        .filter(shown)
        .filter(|f| f.changed_by_plan == Some(false))
        .collect();
    let clean = active.is_empty();
    let headline = headline(report, already.len());

    // With a plan, services the plan changes are listed open, the others collapsed.
    let is_changed = |s: &&ServiceReport| {
        s.change
            .as_ref()
            .is_some_and(|c| c.actions.iter().any(|a| a != "no-op" && a != "read"))
    };
    let planned = report.services.iter().any(|s| s.change.is_some());
    let (open, rest): (Vec<&ServiceReport>, Vec<&ServiceReport>) = if planned {
        report.services.iter().partition(is_changed)
    } else if clean {
        (Vec::new(), report.services.iter().collect())
    } else {
        (report.services.iter().collect(), Vec::new())
    };
    let open_head = if planned {
        format!("#### Changed services ({})\n\n{TABLE_HEAD}", open.len())
    } else {
        TABLE_HEAD.to_string()
    };
    let mut services = Section::new(open_head, "\n", Kind::Service);
    services.units = open.iter().map(|s| service_row(s)).collect();
    let rest_title = if planned {
        "Services this plan does not change"
    } else {
        "Services"
    };
    let mut others = Section::new(
        format!(
            "<details><summary>{rest_title} ({})</summary>\n\n{TABLE_HEAD}",
            rest.len()
        ),
        "\n</details>\n\n",
        Kind::Service,
    );
    others.units = rest.iter().map(|s| service_row(s)).collect();

    let mut changes = Section::new("#### Planned changes\n\n", "\n", Kind::Other);
    changes.units = report.services.iter().filter_map(change_item).collect();

    // Indices: 0 changed (or all) services, 1 changes, 2..=7 (table, fixes) per level,
    // 8 unknowns, 9 suppressed, 10 other services, 11 already there, 12 capacity pools.
    let mut sections = vec![services, changes];
    for sev in [Severity::Error, Severity::Warning, Severity::Note] {
        let list: Vec<&&Finding> = active.iter().filter(|f| f.severity == sev).collect();
        let (emoji, title) = match sev {
            Severity::Error => ("🔴", "Errors"),
            Severity::Warning => ("🟠", "Warnings"),
            Severity::Note => ("🔵", "Notes"),
        };
        let mut table = Section::new(
            format!(
                "#### {emoji} {title} ({})\n\n| Rule | Resource | Where | Finding |\n|---|---|---|---|\n",
                list.len()
            ),
            "\n",
            Kind::Finding,
        );
        table.units = list.iter().map(|f| finding_row(f, opts)).collect();
        let mut fixes = Section::new(
            "<details><summary>How to fix</summary>\n\n",
            "\n</details>\n\n",
            Kind::Other,
        );
        fixes.units = list.iter().map(|f| fix_item(f, opts)).collect();
        sections.push(table);
        sections.push(fixes);
    }

    let mut suppressed = Section::new(
        format!(
            "<details><summary>Suppressed findings ({})</summary>\n\n",
            report.summary.suppressed
        ),
        "\n</details>\n\n",
        Kind::Other,
    );
    suppressed.units = report
        .findings
        .iter()
        .filter(|f| f.suppressed.is_some())
        .map(|f| suppressed_item(f, opts))
        .collect();

    let unknown_count: usize = report.services.iter().map(|s| s.unknowns.len()).sum();
    let mut unknowns = Section::new(
        format!("<details><summary>Unknown values ({unknown_count})</summary>\n\n"),
        "\n</details>\n\n",
        Kind::Other,
    );
    unknowns.units = report
        .services
        .iter()
        .flat_map(|s| {
            s.unknowns.iter().map(|u| {
                format!(
                    "- <code>{}</code>: {}\n",
                    md_inline(&s.address),
                    md_message(u)
                )
            })
        })
        .collect();

    let mut already_section = Section::new(
        format!(
            "<details><summary>Already there ({}: on resources this plan does not change)</summary>\n\n| Rule | Resource | Where | Finding |\n|---|---|---|---|\n",
            already.len()
        ),
        "\n</details>\n\n",
        Kind::Finding,
    );
    already_section.units = already.iter().map(|f| finding_row(f, opts)).collect();

    let mut pools = Section::new(
        format!(
            "<details><summary>Capacity pools ({})</summary>\n\n",
            report.capacity_pools.len()
        ),
        "\n</details>\n\n",
        Kind::Other,
    );
    pools.units = report
        .capacity_pools
        .iter()
        .map(|p| {
            let [first, second] = super::text::pool_lines(p);
            format!("- {}<br>{}\n", md_message(&first), md_message(&second))
        })
        .collect();

    sections.push(unknowns);
    sections.push(suppressed);
    sections.push(others);
    sections.push(already_section);
    sections.push(pools);
    // Reviewers need errors first, then what the plan changes; the fix texts of a level are
    // kept only with their table rows (pairs), notes and collapsed extras come last.
    const FOOTER_RESERVE: usize = 300;
    let mut used = headline.len() + FOOTER_RESERVE;
    let budget = opts.max_bytes;
    let priority: [&[usize]; 10] = [
        &[2, 3],
        &[4, 5],
        &[1],
        &[0],
        &[6, 7],
        &[10],
        &[12],
        &[11],
        &[8],
        &[9],
    ];
    for group in priority {
        keep_within(&mut sections, group, &mut used, budget);
    }

    let mut out = String::with_capacity(used);
    out.push_str(&headline);
    out.push_str(&not_loaded(report));
    out.push_str(&what_if(report));
    // Findings first, then the planned changes and changed services, then collapsed the rest.
    for i in [2usize, 3, 4, 5, 6, 7, 1, 0, 10, 12, 11, 9, 8] {
        sections[i].render(&mut out);
    }
    let dropped_findings: usize = sections
        .iter()
        .filter(|s| s.kind == Kind::Finding)
        .map(|s| s.units.len() - s.kept)
        .sum::<usize>()
        + (sections[9].units.len() - sections[9].kept);
    let dropped_services =
        sections[0].units.len() - sections[0].kept + (sections[10].units.len() - sections[10].kept);
    let dropped_other = (sections[1].units.len() - sections[1].kept)
        + (sections[8].units.len() - sections[8].kept)
        + (sections[12].units.len() - sections[12].kept);
    out.push_str(&footer(
        report,
        dropped_findings,
        dropped_services,
        dropped_other,
    ));
    if is_clean(report) {
        out.push_str(CLEAN_MARKER);
        out.push('\n');
    }
    out
}

/// Nothing to show a reviewer: no finding that is neither suppressed nor in the baseline,
/// and every module of the inputs loaded.
pub fn is_clean(report: &Report) -> bool {
    report
        .findings
        .iter()
        .all(|f| f.suppressed.is_some() || f.in_baseline)
        && report
            .inputs
            .iter()
            .all(|i| i.modules_not_loaded.is_empty())
}

/// Keeps units of the sections in `group` in order while they fit. Units of paired sections
/// (a finding's row and its fix) are kept or dropped together; a section stops at its first
/// unit that does not fit so severity order and table order survive.
fn keep_within(sections: &mut [Section], group: &[usize], used: &mut usize, budget: usize) {
    let n = group
        .iter()
        .map(|&i| sections[i].units.len())
        .max()
        .unwrap_or(0);
    for u in 0..n {
        let mut cost = 0;
        for &i in group {
            let s = &sections[i];
            if let Some(unit) = s.units.get(u) {
                cost += unit.len();
                if s.kept == 0 {
                    cost += s.head.len() + s.tail.len();
                }
            }
        }
        if *used + cost > budget {
            return;
        }
        *used += cost;
        for &i in group {
            if sections[i].units.len() > u {
                sections[i].kept = u + 1;
            }
        }
    }
}

const TABLE_HEAD: &str = "| Service | Platform | Network mode | Port strategy | Ports (host→container) | Tasks / instance | Max tasks | Desired / max |\n|---|---|---|---|---|---|---|---|\n";

fn headline(report: &Report, already: usize) -> String {
    let s = &report.summary;
    let services = plural(s.services, "service", "services");
    let mut parts = Vec::new();
    if s.errors > 0 {
        parts.push(plural(s.errors, "error", "errors"));
    }
    if s.warnings > 0 {
        parts.push(plural(s.warnings, "warning", "warnings"));
    }
    if s.notes > 0 {
        parts.push(plural(s.notes, "note", "notes"));
    }
    let mut aside = Vec::new();
    if s.suppressed > 0 {
        aside.push(format!("{} suppressed", s.suppressed));
    }
    if already > 0 {
        aside.push(format!("{already} already there"));
    }
    if s.in_baseline > 0 {
        aside.push(format!("{} in the baseline", s.in_baseline));
    }
    let suppressed = if aside.is_empty() {
        String::new()
    } else {
        format!(" ({})", aside.join(", "))
    };
    let emoji = match report.max_severity() {
        Some(Severity::Error) => "🔴",
        Some(Severity::Warning) => "🟠",
        Some(Severity::Note) => "🔵",
        None => "✅",
    };
    if parts.is_empty() {
        format!("### {emoji} ecsnet: no findings in {services}{suppressed}\n\n")
    } else {
        format!(
            "### {emoji} ecsnet: {} in {services}{suppressed}\n\n",
            parts.join(", ")
        )
    }
}

/// Module sources not on disk: what they declare is missing from the report, which a
/// "no findings" headline must not hide.
fn not_loaded(report: &Report) -> String {
    let mut out = String::new();
    for i in report
        .inputs
        .iter()
        .filter(|i| !i.modules_not_loaded.is_empty())
    {
        let list: Vec<String> = i
            .modules_not_loaded
            .iter()
            .take(10)
            .map(|m| format!("<code>{}</code>", md_inline(m)))
            .collect();
        let more = i.modules_not_loaded.len().saturating_sub(10);
        out.push_str(&format!(
            "> ⚠️ Not analyzed in <code>{}</code>: {}{}: the module source is not on disk (run `terraform init` before ecsnet, or analyze the plan).\n\n",
            md_inline(&i.path),
            list.join(", "),
            if more > 0 { format!(" and {more} more") } else { String::new() }
        ));
    }
    out
}

/// The what-if overrides, said before anything else: the report is not of the Terraform as
/// written.
fn what_if(report: &Report) -> String {
    if report.overrides.is_empty() {
        return String::new();
    }
    let list: Vec<String> = report
        .overrides
        .iter()
        .map(|o| {
            format!(
                "<code>{}.{} = {}</code> (was <code>{}</code>)",
                md_inline(&o.address),
                md_inline(&o.attribute),
                md_inline(&o.value.to_string()),
                md_inline(&o.was.to_string())
            )
        })
        .collect();
    format!("> 🧪 What-if: {}.\n\n", list.join(", "))
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn opt(v: Option<&str>) -> String {
    v.map(md_inline).unwrap_or_else(|| "unknown".to_string())
}

/// `sc`: the service's scaling, to put CPU, memory and GPU figures in words (per instance).
fn with_limit(n: Option<u64>, by: Option<&str>, sc: Option<&ScalingReport>) -> String {
    match (n, by) {
        (Some(n), Some(by)) => format!(
            "{} ({})",
            super::text::thousands(n),
            md_inline(&sc.map_or_else(|| by.to_string(), |sc| super::text::limit_words(by, sc)))
        ),
        (Some(n), None) => n.to_string(),
        (None, _) => "unknown".to_string(),
    }
}

fn service_row(s: &ServiceReport) -> String {
    let ports = if s.ports.is_empty() {
        "none".to_string()
    } else {
        s.ports
            .iter()
            .take(super::text::MAX_LISTED_PORTS)
            .map(|p| {
                let container = match (&p.container_port_range, p.container_port) {
                    (Some(r), _) => md_inline(r),
                    (None, Some(c)) => c.to_string(),
                    (None, None) => "?".to_string(),
                };
                let host = match (p.host_port, p.kind.as_str()) {
                    (Some(h), _) => h.to_string(),
                    (None, "dynamic") => "dynamic".to_string(),
                    (None, "range") => "range".to_string(),
                    (None, _) => "?".to_string(),
                };
                format!("{host}→{container}/{}", md_inline(&p.protocol))
            })
            .chain(super::text::more(s.ports.len()))
            .collect::<Vec<_>>()
            .join("<br>")
    };
    let per_instance = match s.scaling.tasks_per_instance {
        None if s.launch_type.as_deref() == Some("FARGATE") => "n/a (Fargate)".to_string(),
        n => with_limit(
            n,
            s.scaling.tasks_per_instance_limited_by.as_deref(),
            Some(&s.scaling),
        ),
    };
    let desired = match s.scaling.desired_count {
        Some(d) => d.to_string(),
        None if s.scheduling_strategy.as_deref() == Some("DAEMON") => "daemon".to_string(),
        None => "?".to_string(),
    };
    let max = s
        .scaling
        .max_capacity
        .map(|m| m.to_string())
        .unwrap_or_else(|| "–".to_string());
    format!(
        "| <code>{}</code> | {} | {} | {} | {} | {} | {} | {desired} / {max} |\n",
        md_inline(&s.address),
        opt(s.launch_type.as_deref()),
        opt(s.network_mode.as_deref()),
        md_inline(&s.port_strategy),
        ports,
        per_instance,
        with_limit(
            s.scaling.max_tasks,
            s.scaling.max_tasks_limited_by.as_deref(),
            None
        ),
    )
}

fn change_item(s: &ServiceReport) -> Option<String> {
    let c = s.change.as_ref()?;
    let acts: Vec<&str> = c.actions.iter().map(String::as_str).collect();
    let action = match acts.as_slice() {
        ["no-op"] | ["read"] | [] if c.differences.is_empty() => return None,
        ["delete", "create"] => "replace".to_string(),
        ["create", "delete"] => "replace (create before destroy)".to_string(),
        _ => md_inline(&c.actions.join(", ")),
    };
    let mode_line = match (&c.network_mode_before, &s.network_mode) {
        (Some(before), Some(after)) if before != after => {
            Some(format!("network mode {before} → {after}"))
        }
        _ => None,
    };
    let mut item = format!("- **{action}** <code>{}</code>", md_inline(&s.address));
    if let Some(m) = &mode_line {
        item.push_str(": ");
        item.push_str(&md_message(m));
    }
    item.push('\n');
    for d in &c.differences {
        if Some(d) != mode_line.as_ref() {
            item.push_str(&format!("  - {}\n", md_message(d)));
        }
    }
    Some(item)
}

fn location_text(loc: &Location, opts: &MarkdownOptions) -> String {
    let text = md_inline(&format!("{}:{}", loc.file, loc.line));
    match &opts.blob_base {
        Some(base) => format!(
            "[{text}]({}/{}#L{})",
            base.trim_end_matches('/'),
            url_path(&repo_path(&opts.path_prefix, &loc.file)),
            loc.line
        ),
        None => text,
    }
}

fn where_(f: &Finding, opts: &MarkdownOptions) -> String {
    match &f.location {
        Some(l) => location_text(l, opts),
        None => "no source location".to_string(),
    }
}

fn subject(f: &Finding) -> String {
    match &f.subject {
        Some(s) => format!("<code>{}</code>", md_inline(s)),
        None => "–".to_string(),
    }
}

fn finding_row(f: &Finding, opts: &MarkdownOptions) -> String {
    format!(
        "| {} {} | {} | {} | {} |\n",
        md_inline(f.code),
        md_inline(f.rule),
        subject(f),
        where_(f, opts),
        md_message(&f.message),
    )
}

fn fix_item(f: &Finding, opts: &MarkdownOptions) -> String {
    let mut item = format!(
        "- **{}** at {}: {}",
        md_inline(f.code),
        where_(f, opts),
        md_message(&f.help)
    );
    if !f.related.is_empty() {
        let related: Vec<String> = f.related.iter().map(|l| location_text(l, opts)).collect();
        item.push_str(" (see also ");
        item.push_str(&related.join(", "));
        item.push(')');
    }
    item.push('\n');
    item
}

fn suppressed_item(f: &Finding, opts: &MarkdownOptions) -> String {
    format!(
        "- **{}** {} at {}: {} — suppressed: {}\n",
        md_inline(f.code),
        subject(f),
        where_(f, opts),
        md_message(&f.message),
        md_inline(f.suppressed.as_deref().unwrap_or_default()),
    )
}

fn footer(report: &Report, findings: usize, services: usize, other: usize) -> String {
    let mut parts = vec![format!("ecsnet {}", md_inline(report.tool.version))];
    if findings > 0 {
        parts.push(format!(
            "{} not shown (size limit; see the job summary or SARIF)",
            plural(findings, "more finding", "more findings")
        ));
    }
    if services > 0 {
        parts.push(plural(services, "more service", "more services"));
    }
    if other > 0 {
        parts.push(format!("{other} more lines of changes or unknowns omitted"));
    }
    format!("<sub>{}</sub>\n", parts.join(" · "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testing::{NASTY, canned_report, clean_report};

    fn opts() -> MarkdownOptions {
        MarkdownOptions {
            blob_base: Some("https://github.com/acme/infra/blob/0123abc".to_string()),
            path_prefix: "infra".to_string(),
            ..MarkdownOptions::default()
        }
    }

    #[test]
    fn canned_report_snapshot() {
        insta::assert_snapshot!(render_markdown(&canned_report(), &opts()));
    }

    #[test]
    fn clean_report_is_quiet() {
        let md = render_markdown(&clean_report(), &MarkdownOptions::default());
        insta::assert_snapshot!(md);
        assert!(md.starts_with("### ✅ ecsnet: no findings in 2 services\n"));
        assert!(md.contains("<details><summary>Services (2)</summary>"));
    }

    #[test]
    fn plain_text_locations_without_a_base() {
        let md = render_markdown(&canned_report(), &MarkdownOptions::default());
        assert!(md.contains("| main.tf:52 |"));
        assert!(!md.contains("](https://"));
    }

    #[test]
    fn hostile_text_is_inert() {
        let md = render_markdown(&canned_report(), &opts());
        assert!(!md.contains("<!-- marker"), "raw HTML comment survived");
        assert!(!md.contains("-->"));
        assert!(!md.contains("@org"), "a team mention survived");
        assert!(!md.contains('\u{1b}'));
        assert!(!md.contains("#12"));
        // The message's newline must not end the table row.
        let row = md
            .lines()
            .find(|l| l.contains("50% of tasks"))
            .expect("row present");
        assert!(row.ends_with("second line |"), "{row}");
        // Every table row has the same number of unescaped cell separators as its header.
        for table in md.split("\n\n").filter(|b| b.starts_with('|')) {
            let counts: Vec<usize> = table.lines().map(unescaped_pipes).collect();
            assert!(counts.windows(2).all(|w| w[0] == w[1]), "{table}");
        }
        let _ = NASTY;
    }

    fn unescaped_pipes(line: &str) -> usize {
        let b = line.as_bytes();
        (0..b.len())
            .filter(|&i| b[i] == b'|' && (i == 0 || b[i - 1] != b'\\'))
            .count()
    }

    #[test]
    fn shows_the_bridge_to_awsvpc_change() {
        let md = render_markdown(&canned_report(), &opts());
        assert!(md.contains(
            "- **replace** <code>aws\\_ecs\\_service.worker</code>: network mode bridge → awsvpc\n  - host port 80 → 8000 (awsvpc)\n"
        ));
    }

    #[test]
    fn budget_drops_whole_findings_and_closes_blocks() {
        let mut r = canned_report();
        let template = r.findings[0].clone();
        for i in 0..2000 {
            let mut f = template.clone();
            f.message = format!("finding number {i} with some padding text to take room");
            r.findings.push(f);
        }
        r.summary = crate::report::Summary::count(r.services.len(), &r.findings);
        let md = render_markdown(&r, &opts());
        assert!(md.len() <= COMMENT_BUDGET, "{}", md.len());
        assert!(md.len() > COMMENT_BUDGET - 2_000, "budget badly used");
        assert_eq!(
            md.matches("<details>").count(),
            md.matches("</details>").count()
        );
        let shown = md.matches("| ECS101 fargate-requires-awsvpc |").count();
        let more = md
            .lines()
            .last()
            .and_then(|l| l.split(" · ").nth(1))
            .and_then(|p| p.split(' ').next())
            .and_then(|n| n.parse::<usize>().ok())
            .expect("a 'N more findings' footer");
        // 2001 ECS101 findings + 1 warning + 1 note + 1 suppressed were in the report.
        assert_eq!(shown + more, 2001 + 3 - suppressed_and_others_shown(&md));
        assert!(md.ends_with("</sub>\n"));
    }

    fn suppressed_and_others_shown(md: &str) -> usize {
        [
            "| ECS201 static-host-port-caps-scale |",
            "| ECS902 ",
            "— suppressed:",
        ]
        .iter()
        .map(|p| md.matches(p).count())
        .sum()
    }

    #[test]
    fn tiny_budget_keeps_headline_and_footer() {
        let o = MarkdownOptions {
            max_bytes: 300,
            ..opts()
        };
        let md = render_markdown(&canned_report(), &o);
        assert!(md.starts_with("### 🔴 ecsnet: 1 error, 1 warning, 1 note in 2 services"));
        assert!(md.contains("4 more findings not shown"), "{md}");
        assert!(md.len() <= 300 + 300, "{}", md.len());
    }
}

//! `--format table`: one row per service, then the findings, then a summary line.

use super::model::{Report, ServiceReport};
use super::text::inert;
use crate::finding::Finding;
use comfy_table::{ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};
use std::fmt::Write;

/// Renders the report for a terminal. `width` limits the table (None = unbounded).
pub fn render_table(report: &Report, width: Option<u16>) -> String {
    let mut out = String::new();
    if !report.services.is_empty() {
        let mut t = Table::new();
        t.load_style(UTF8_FULL_CONDENSED);
        t.force_no_tty();
        match width {
            Some(w) => {
                t.set_content_arrangement(ContentArrangement::Dynamic);
                t.set_width(w);
            }
            None => {
                t.set_content_arrangement(ContentArrangement::Disabled);
            }
        }
        t.set_header([
            "service",
            "platform",
            "network",
            "ports",
            "desired/max",
            "tasks/instance",
            "max tasks",
        ]);
        for s in &report.services {
            t.add_row(row(s));
        }
        let _ = writeln!(out, "{t}");
        let unknown: Vec<&ServiceReport> = report
            .services
            .iter()
            .filter(|s| !s.unknowns.is_empty())
            .collect();
        for s in unknown {
            for u in &s.unknowns {
                let _ = writeln!(out, "unknown: {}: {}", inert(&s.address), inert(u));
            }
        }
    }
    for f in &report.findings {
        out.push_str(&finding_line(f));
    }
    let s = &report.summary;
    let _ = write!(
        out,
        "{} service{}, {} error{}, {} warning{}, {} note{}",
        s.services,
        plural(s.services),
        s.errors,
        plural(s.errors),
        s.warnings,
        plural(s.warnings),
        s.notes,
        plural(s.notes)
    );
    if s.suppressed > 0 {
        let _ = write!(out, ", {} suppressed", s.suppressed);
    }
    out.push('\n');
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn or_unknown(v: Option<&str>) -> String {
    v.map_or_else(|| "unknown".to_string(), inert)
}

fn num(v: Option<u64>) -> String {
    v.map_or_else(|| "-".to_string(), |n| n.to_string())
}

fn row(s: &ServiceReport) -> Vec<String> {
    let mut network = or_unknown(s.network_mode.as_deref());
    if s.network_mode_source == "default" {
        network.push_str(" (default)");
    }
    let mut platform = or_unknown(s.launch_type.as_deref());
    if s.scheduling_strategy.as_deref() == Some("DAEMON") {
        platform.push_str(" daemon");
    }
    let mut address = inert(&s.address);
    if let Some(c) = &s.change {
        address.push_str(&format!(" ({})", inert(&c.actions.join("/"))));
    }
    let sc = &s.scaling;
    let desired = match (sc.desired_count, sc.max_capacity) {
        (None, None) => "-".to_string(),
        (d, m) => format!("{}/{}", num(d), num(m)),
    };
    let limited = |n: Option<u64>, by: &Option<String>| match (n, by) {
        (Some(n), Some(b)) => format!("{n} ({})", inert(b)),
        (n, _) => num(n),
    };
    vec![
        address,
        platform,
        network,
        ports(s),
        desired,
        limited(sc.tasks_per_instance, &sc.tasks_per_instance_limited_by),
        limited(sc.max_tasks, &sc.max_tasks_limited_by),
    ]
}

fn ports(s: &ServiceReport) -> String {
    let mut parts = Vec::new();
    for p in s.ports.iter().take(super::text::MAX_LISTED_PORTS) {
        let c = p
            .container_port_range
            .clone()
            .or_else(|| p.container_port.map(|c| c.to_string()))
            .unwrap_or_else(|| "?".into());
        let h = match (p.kind.as_str(), p.host_port) {
            ("dynamic" | "range", _) => "dynamic".to_string(),
            (_, Some(h)) => h.to_string(),
            _ => "?".to_string(),
        };
        parts.push(format!("{h}→{}/{}", inert(&c), inert(&p.protocol)));
    }
    parts.extend(super::text::more(s.ports.len()));
    let strategy = inert(&s.port_strategy);
    if parts.is_empty() {
        strategy
    } else {
        format!("{strategy}: {}", parts.join(", "))
    }
}

/// `file:line:col: severity[rule]: message`, then the help; the address stands in for the
/// file when the source is not known (plan input).
fn finding_line(f: &Finding) -> String {
    let place = match (&f.location, &f.subject) {
        (Some(l), _) => format!("{}:{}:{}: ", inert(&l.file), l.line, l.column),
        (None, Some(s)) => format!("{}: ", inert(s)),
        (None, None) => String::new(),
    };
    let mut line = format!(
        "{place}{}[{}]: {}",
        f.severity.as_str(),
        f.rule,
        inert(&f.message)
    );
    if let Some(why) = &f.suppressed {
        line.push_str(&format!(" (suppressed: {})", inert(why)));
    }
    line.push('\n');
    if !f.related.is_empty() {
        let related: Vec<String> = f
            .related
            .iter()
            .map(|l| format!("{}:{}:{}", inert(&l.file), l.line, l.column))
            .collect();
        line.push_str(&format!("  related: {}\n", related.join(", ")));
    }
    if f.suppressed.is_none() && !f.help.is_empty() {
        line.push_str(&format!("  help: {}\n", inert(&f.help)));
    }
    line
}

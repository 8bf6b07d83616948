//! `--format table`: one row per service, then the findings, then a summary line.
//!
//! The table fits the terminal it is shown on: when its natural width does not fit, each
//! service becomes a short block of lines instead of a table whose cells split addresses
//! mid-word.

use super::model::{Report, ServiceReport};
use super::text::inert;
use crate::finding::{Finding, Severity};
use comfy_table::{Cell, Color, ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};
use std::fmt::Write;

/// How the terminal shows the table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TableOptions {
    /// Columns of the terminal (`None`: unbounded, e.g. a pipe).
    pub width: Option<u16>,
    /// ANSI colours for severities and port kinds.
    pub color: bool,
}

/// Renders the report for a terminal. `width` limits the table (None = unbounded).
pub fn render_table(report: &Report, width: Option<u16>) -> String {
    render_table_with(
        report,
        &TableOptions {
            width,
            color: false,
        },
    )
}

/// Renders the report for a terminal of a width, with or without colour.
pub fn render_table_with(report: &Report, opts: &TableOptions) -> String {
    let mut out = String::new();
    let roots = report.inputs.len() > 1;
    let shown: Vec<&Finding> = visible(report).collect();
    if !report.services.is_empty() {
        let width_of = |t: &str| t.lines().map(|l| l.chars().count()).max().unwrap_or(0);
        let table = services_table(report, roots, opts.color, None);
        let fitted = match opts.width {
            Some(w) if width_of(&table) > usize::from(w) => {
                // Wrapped at spaces only: every column at least as wide as its longest word.
                let t = services_table(report, roots, opts.color, Some(w));
                (width_of(&t) <= usize::from(w)).then_some(t)
            }
            _ => Some(table),
        };
        match (fitted, opts.width) {
            (Some(t), _) => {
                out.push_str(&t);
                out.push('\n');
            }
            (None, w) => {
                let w = usize::from(w.unwrap_or(u16::MAX));
                out.push_str(&service_blocks(report, roots, w, opts.color));
            }
        }
        for s in report.services.iter().filter(|s| !s.unknowns.is_empty()) {
            for u in &s.unknowns {
                let _ = writeln!(
                    out,
                    "unknown: {}{}: {}",
                    root_prefix(report, s, roots),
                    inert(&s.address),
                    inert(u)
                );
            }
        }
    }
    // Shared pools only: a service alone on its instances is its own row.
    for p in report
        .capacity_pools
        .iter()
        .filter(|p| p.services.len() > 1)
    {
        let [first, second] = super::text::pool_lines(p);
        let _ = writeln!(out, "{}\n  {}", inert(&first), inert(&second));
    }
    for o in &report.overrides {
        let _ = writeln!(
            out,
            "what-if: {}.{} = {} (was {})",
            inert(&o.address),
            inert(&o.attribute),
            inert(&o.value.to_string()),
            inert(&o.was.to_string())
        );
    }
    let (new, already): (Vec<&Finding>, Vec<&Finding>) =
        shown.iter().partition(|f| f.changed_by_plan != Some(false));
    for f in &new {
        out.push_str(&finding_line(f, opts.color));
    }
    if !already.is_empty() {
        let _ = writeln!(
            out,
            "already there (on resources this plan does not change): {}",
            already.len()
        );
        for f in &already {
            out.push_str(&finding_line(f, opts.color));
        }
    }
    out.push_str(&summary_line(report));
    out
}

/// Findings a reader is shown: those not already in the baseline.
pub(super) fn visible(report: &Report) -> impl Iterator<Item = &Finding> {
    report.findings.iter().filter(|f| !f.in_baseline)
}

/// `3 services, 2 errors, 0 warnings, 0 notes[, 1 suppressed][, 4 in the baseline]`.
pub fn summary_line(report: &Report) -> String {
    let s = &report.summary;
    let mut out = format!(
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
    if s.in_baseline > 0 {
        let _ = write!(out, ", {} in the baseline", s.in_baseline);
    }
    out.push('\n');
    out
}

/// The services as a table: unbounded, or wrapped at spaces to `width` with no column
/// narrower than its longest word (the result may then still be wider than `width`).
fn services_table(report: &Report, roots: bool, color: bool, width: Option<u16>) -> String {
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED);
    t.force_no_tty();
    if color {
        t.enforce_styling();
    }
    match width {
        Some(w) => {
            t.set_content_arrangement(ContentArrangement::Dynamic);
            t.set_width(w);
        }
        None => {
            t.set_content_arrangement(ContentArrangement::Disabled);
        }
    }
    let mut header = Vec::new();
    if roots {
        header.push("root");
    }
    header.extend([
        "service",
        "platform",
        "network",
        "ports",
        "desired/max",
        "tasks/instance",
        "max tasks",
    ]);
    t.set_header(header.clone());
    // The texts of every row, computed once: the cells and the word widths both read them.
    let rows: Vec<(&ServiceReport, Vec<String>)> = report
        .services
        .iter()
        .map(|s| {
            let mut texts = Vec::with_capacity(header.len());
            if roots {
                texts.push(root_of(report, s));
            }
            texts.extend(row(s));
            (s, texts)
        })
        .collect();
    let ports_column = header.len() - 4;
    for (s, texts) in &rows {
        let cells: Vec<Cell> = texts
            .iter()
            .enumerate()
            .map(|(i, text)| {
                let c = Cell::new(text);
                if color && i == ports_column {
                    c.fg(kind_color(&s.port_strategy))
                } else {
                    c
                }
            })
            .collect();
        t.add_row(cells);
    }
    if width.is_some() {
        // No column narrower than its longest word (the constraint counts the cell's
        // padding, one column each side), so wrapping happens at spaces only.
        let longest_word = |text: &str| {
            text.split_whitespace()
                .map(|w| w.chars().count())
                .max()
                .unwrap_or(0)
        };
        for i in 0..header.len() {
            let n = rows
                .iter()
                .map(|(_, texts)| longest_word(&texts[i]))
                .chain(std::iter::once(longest_word(header[i])))
                .max()
                .unwrap_or(0);
            if let Some(col) = t.column_mut(i) {
                col.set_constraint(comfy_table::ColumnConstraint::LowerBoundary(
                    comfy_table::Width::Fixed(u16::try_from(n + 2).unwrap_or(u16::MAX)),
                ));
            }
        }
    }
    t.to_string()
}

/// The table as blocks of lines, for terminals narrower than it: the address whole on its own
/// line, the facts below, wrapped at spaces.
fn service_blocks(report: &Report, roots: bool, width: usize, color: bool) -> String {
    let mut out = String::new();
    for s in &report.services {
        let [
            address,
            platform,
            network,
            ports,
            desired,
            per_instance,
            max_tasks,
        ] = row(s);
        let _ = writeln!(out, "{}{address}", root_prefix(report, s, roots));
        let ports = if color {
            paint(&ports, kind_color(&s.port_strategy))
        } else {
            ports
        };
        // A figure and its reason (`1 (static-host-port)`) stay on one line.
        let keep = |s: &str| s.replace(' ', "\u{1f}");
        let facts = [
            format!("{platform}, {network}, {ports}"),
            format!(
                "desired/max {desired}; {}; {}",
                keep(&format!("tasks/instance {per_instance}")),
                keep(&format!("max tasks {max_tasks}"))
            ),
        ];
        for f in facts {
            out.push_str(&wrap(&f, width, "  ", "    "));
        }
    }
    out
}

/// Word-wraps `text` at spaces (never inside a word) to `width` columns.
fn wrap(text: &str, width: usize, first: &str, rest: &str) -> String {
    let mut out = String::new();
    let mut line = first.to_string();
    let mut empty = true;
    for word in text.split(' ') {
        let visible = |s: &str| strip_ansi(s).chars().count();
        if !empty && visible(&line) + 1 + visible(word) > width {
            out.push_str(line.trim_end());
            out.push('\n');
            line = rest.to_string();
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    out.push_str(line.trim_end());
    out.push('\n');
    out.replace('\u{1f}', " ")
}

fn strip_ansi(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_escape = false;
    for c in s.chars() {
        match (in_escape, c) {
            (false, '\u{1b}') => in_escape = true,
            (true, 'm') => in_escape = false,
            (true, _) => {}
            (false, c) => out.push(c),
        }
    }
    out
}

fn root_of(report: &Report, s: &ServiceReport) -> String {
    report
        .inputs
        .get(s.input)
        .map_or_else(String::new, |i| inert(&i.path))
}

fn root_prefix(report: &Report, s: &ServiceReport, roots: bool) -> String {
    if roots {
        format!("{}: ", root_of(report, s))
    } else {
        String::new()
    }
}

fn kind_color(strategy: &str) -> Color {
    match strategy {
        "static" | "mixed" => Color::Yellow,
        "dynamic" => Color::Green,
        "awsvpc" => Color::Cyan,
        "host" => Color::Magenta,
        "unknown" => Color::DarkGrey,
        _ => Color::Reset,
    }
}

fn ansi(c: Color) -> &'static str {
    match c {
        Color::Red => "\u{1b}[1;31m",
        Color::Yellow => "\u{1b}[33m",
        Color::Green => "\u{1b}[32m",
        Color::Cyan => "\u{1b}[36m",
        Color::Magenta => "\u{1b}[35m",
        Color::DarkGrey => "\u{1b}[90m",
        _ => "",
    }
}

fn paint(s: &str, c: Color) -> String {
    match ansi(c) {
        "" => s.to_string(),
        code => format!("{code}{s}\u{1b}[0m"),
    }
}

fn severity_text(sev: Severity, color: bool) -> String {
    if !color {
        return sev.as_str().to_string();
    }
    let c = match sev {
        Severity::Error => Color::Red,
        Severity::Warning => Color::Yellow,
        Severity::Note => Color::Cyan,
    };
    paint(sev.as_str(), c)
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

fn row(s: &ServiceReport) -> [String; 7] {
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
    // Per instance, CPU, memory and GPU limits are put in figures; in all, only named.
    let limited = |n: Option<u64>, by: &Option<String>, words: bool| match (n, by) {
        (Some(n), Some(b)) => format!(
            "{} ({})",
            super::text::thousands(n),
            inert(&if words {
                super::text::limit_words(b, sc)
            } else {
                b.clone()
            })
        ),
        (n, _) => num(n),
    };
    [
        address,
        platform,
        network,
        ports(s),
        desired,
        limited(
            sc.tasks_per_instance,
            &sc.tasks_per_instance_limited_by,
            true,
        ),
        limited(sc.max_tasks, &sc.max_tasks_limited_by, false),
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

/// `file:line:col: severity[rule]: message`; the address stands in for the file when the
/// source is not known (plan input).
/// `file:line:col: severity[rule]: message` (the subject when there is no file).
pub(super) fn headline(f: &Finding, color: bool) -> String {
    let place = match (&f.location, &f.subject) {
        (Some(l), _) => format!("{}:{}:{}: ", inert(&l.file), l.line, l.column),
        (None, Some(s)) => format!("{}: ", inert(s)),
        (None, None) => String::new(),
    };
    format!(
        "{place}{}[{}]: {}",
        severity_text(f.severity, color),
        f.rule,
        inert(&f.message)
    )
}

/// The headline, then the related places and the help.
fn finding_line(f: &Finding, color: bool) -> String {
    let mut line = headline(f, color);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_never_splits_a_word() {
        let w = wrap(
            "desired/max 3/-; tasks/instance 1 (static-host-port); max tasks 2 (static-host-port)",
            30,
            "  ",
            "    ",
        );
        for l in w.lines() {
            assert!(l.chars().count() <= 30, "{w}");
        }
        assert!(w.contains("(static-host-port);"), "{w}");
        // A word longer than the line stays whole.
        let w = wrap(
            "module.a_very_long_module_name.aws_ecs_service.this",
            10,
            "",
            "",
        );
        assert_eq!(w, "module.a_very_long_module_name.aws_ecs_service.this\n");
    }
}

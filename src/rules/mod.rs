//! Rules: one file per rule, each describing itself with a [`RuleMeta`]; [`ALL`] lists them
//! in code order and everything else (docs, `ecsnet rules`, SARIF) derives from it.

pub mod changes;
mod meta;
pub mod problems;
mod scope;

pub use meta::RuleMeta;

use crate::ecs::Analysis;
use crate::finding::Finding;
use crate::model::Resource;
use crate::scaling::Scaling;
use std::collections::HashMap;

/// A registered rule: its metadata and, unless it reports input problems, its check.
pub struct Rule {
    /// Metadata.
    pub meta: &'static RuleMeta,
    /// The check, `None` for the rules that report input problems ([`problems`]).
    pub check: Option<Check>,
}

/// A rule's check: it reads the ECS and scaling facts of one model and appends findings.
pub type Check = fn(&Analysis<'_>, &Scaling, &mut Vec<Finding>);

/// The one list of rules: declares each rule's module and builds [`ALL`] and [`MODULES`]
/// from it, so a rule is added in one place (and `tests/meta.rs` checks every file of
/// `src/rules/` is here).
macro_rules! rules {
    (checked: [$($c:ident),* $(,)?], problems: [$($p:ident),* $(,)?] $(,)?) => {
        $(pub mod $c;)*
        $(pub mod $p;)*

        /// Every rule, sorted by code.
        pub static ALL: &[Rule] = &[
            $(Rule { meta: &$c::META, check: Some($c::check) },)*
            $(Rule { meta: &$p::META, check: None },)*
        ];

        /// The module (file) name of every registered rule.
        pub const MODULES: &[&str] = &[$(stringify!($c),)* $(stringify!($p),)*];
    };
}

rules! {
    checked: [
        fargate_requires_awsvpc,
        external_awsvpc_unsupported,
        windows_network_mode,
        links_require_bridge,
        hostname_with_awsvpc,
        host_network_mode,
        fargate_unsupported_parameter,
        fargate_invalid_cpu_memory,
        awsvpc_host_port_mismatch,
        host_mode_host_port_mismatch,
        ports_in_none_mode,
        duplicate_host_port,
        reserved_host_port,
        static_port_in_dynamic_range,
        invalid_port_mapping,
        static_port_budget_exceeded,
        static_port_capacity_exceeded,
        static_port_deployment_deadlock,
        deployment_config_deadlock,
        eni_capacity_exceeded,
        subnet_ip_exhaustion,
        tasks_per_service_quota,
        daemon_invalid_config,
        task_exceeds_instance_resources,
        cluster_capacity_exceeded,
        deployment_capacity_deadlock,
        missing_network_configuration,
        network_configuration_not_allowed,
        public_ip_not_supported,
        target_type_mismatch,
        lb_container_not_found,
        lb_container_port_not_mapped,
        classic_lb_incompatible,
        service_discovery_mismatch,
        service_connect_mismatch,
        launch_type_with_capacity_provider,
        mixed_capacity_providers,
    ],
    problems: [
        invalid_input,
        unresolved_container_definitions,
        unresolved_task_definition,
        source_out_of_date,
    ],
}

/// The files of `src/rules/` that are not rules.
pub const HELPERS: &[&str] = &["changes", "meta", "problems", "scope"];

/// The rule with this code or slug.
pub fn lookup(code_or_slug: &str) -> Option<&'static RuleMeta> {
    ALL.iter()
        .map(|r| r.meta)
        .find(|m| m.code.eq_ignore_ascii_case(code_or_slug) || m.name == code_or_slug)
}

/// `Ok` when `name` is a rule's code or slug; else the message a typo deserves, with the
/// closest rule as a suggestion (`--ignore`, `--select`, `ecsnet.toml`, `ecsnet rules`).
pub fn check_known(name: &str) -> Result<&'static RuleMeta, String> {
    if let Some(m) = lookup(name) {
        return Ok(m);
    }
    let best = ALL
        .iter()
        .flat_map(|r| [r.meta.name, r.meta.code])
        .map(|c| {
            (
                strsim::jaro_winkler(&name.to_ascii_lowercase(), &c.to_ascii_lowercase()),
                c,
            )
        })
        .max_by(|a, b| a.0.total_cmp(&b.0));
    let hint = match best {
        Some((score, c)) if score >= 0.8 => format!("; did you mean `{c}`?"),
        _ => String::new(),
    };
    Err(format!(
        "no rule `{name}`{hint} (`ecsnet rules` lists them)"
    ))
}

/// Below this many services the rules run on one thread (they take microseconds).
const PARALLEL_SERVICES: usize = 200;

/// Reports the input problems of the model and its analysis (ECS901–904), runs every enabled
/// rule over the facts, then applies severities and suppressions.
pub fn run(a: &Analysis<'_>, scaling: &Scaling) -> Vec<Finding> {
    let mut out: Vec<Finding> = a
        .model
        .problems
        .iter()
        .chain(&a.problems)
        .map(problems::finding)
        .collect();
    let checks: Vec<_> = ALL
        .iter()
        .filter(|r| enabled(a.settings, r.meta.code, r.meta.name))
        .filter_map(|r| r.check)
        .collect();
    // Checks are independent and read only the analysis, so they share the cores when
    // there are services enough to matter; findings are appended in rule order either way.
    let min = if a.services.len() < PARALLEL_SERVICES {
        usize::MAX
    } else {
        1
    };
    for found in crate::par::map(&checks, min, |check| {
        let mut found = Vec::new();
        check(a, scaling, &mut found);
        found
    }) {
        out.extend(found);
    }
    let mut out = finish(a, out);
    changes::mark(a, &mut out);
    out
}

/// Whether the configuration runs a rule: `--select` never drops input problems (ECS901),
/// since what could not be read was not checked.
fn enabled(s: &crate::settings::Settings, code: &str, slug: &str) -> bool {
    if code == invalid_input::META.code {
        return !s.disabled(code, slug);
    }
    s.enabled(code, slug)
}

/// Applies configuration to findings: drops disabled rules, sets severities, and marks
/// findings suppressed by an inline `ecsnet:ignore` on their subject.
fn finish(a: &Analysis<'_>, findings: Vec<Finding>) -> Vec<Finding> {
    let by_address: HashMap<&str, &Resource> = a
        .model
        .resources
        .iter()
        .filter(|r| !r.suppressions.is_empty() || !r.module_calls.is_empty())
        .map(|r| (r.address.as_str(), r))
        .collect();
    findings
        .into_iter()
        .filter(|f| enabled(a.settings, f.code, f.rule))
        .map(|mut f| {
            f.severity = a.settings.severity(f.code, f.rule, f.severity);
            let subject = f.subject.as_deref().and_then(|s| by_address.get(s));
            // Issue 3: a finding on a resource inside a module also names the module calls
            // that lead to it, since the fix may belong in the caller's arguments.
            if f.related.is_empty()
                && let Some(r) = subject
            {
                f.related = r.module_calls.clone();
            }
            if let Some(r) = subject
                && let Some((_, why)) = r
                    .suppressions
                    .iter()
                    .find(|(rule, _)| rule == f.rule || rule.eq_ignore_ascii_case(f.code))
            {
                f.suppressed = Some(if why.is_empty() {
                    "suppressed inline".to_string()
                } else {
                    why.clone()
                });
            }
            f
        })
        .collect()
}

/// `ecsnet rules`: the list of rules, or one rule's documentation.
pub fn describe(rule: Option<&str>) -> Result<String, String> {
    match rule {
        None => {
            let mut s = String::new();
            for r in ALL {
                let m = r.meta;
                s.push_str(&format!(
                    "{}  {:<34} {:<8} {}\n",
                    m.code,
                    m.name,
                    m.severity.as_str(),
                    m.summary
                ));
            }
            Ok(s)
        }
        Some(name) => check_known(name).map(doc_page),
    }
}

/// The documentation page of a rule, as in `docs/rules/<CODE>-<slug>.md`.
pub fn doc_page(m: &RuleMeta) -> String {
    format!(
        "# {} ({})\n\nDefault severity: **{}**. {}.\n\nDisable it with `--ignore {}`, in `ecsnet.toml`, or inline on the resource with `# ecsnet:ignore {} <reason>`.\n\n{}\n## How to fix\n\n{}.\n",
        m.name,
        m.code,
        m.severity.as_str(),
        capitalize(m.summary),
        m.name,
        m.name,
        m.doc.trim_end().to_string() + "\n",
        capitalize(m.help)
    )
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// The location of the first of `paths` written in the configuration (HCL records where
/// attributes are written); else the location of the last one (or the block).
pub(crate) fn first_written(r: &Resource, paths: &[&str]) -> Option<crate::model::Location> {
    paths
        .iter()
        .find_map(|p| r.attr_locations.get(*p))
        .or_else(|| paths.last().and_then(|p| r.location_of(p)))
        .cloned()
}

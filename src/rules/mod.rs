//! Rules: one file per rule, each describing itself with a [`RuleMeta`]; [`ALL`] lists them
//! in code order and everything else (docs, `ecsnet rules`, SARIF) derives from it.

mod meta;
mod scope;

pub mod awsvpc_host_port_mismatch;
pub mod classic_lb_incompatible;
pub mod cluster_capacity_exceeded;
pub mod daemon_invalid_config;
pub mod deployment_capacity_deadlock;
pub mod deployment_config_deadlock;
pub mod duplicate_host_port;
pub mod eni_capacity_exceeded;
pub mod external_awsvpc_unsupported;
pub mod fargate_invalid_cpu_memory;
pub mod fargate_requires_awsvpc;
pub mod fargate_unsupported_parameter;
pub mod host_mode_host_port_mismatch;
pub mod host_network_mode;
pub mod hostname_with_awsvpc;
pub mod invalid_input;
pub mod invalid_port_mapping;
pub mod launch_type_with_capacity_provider;
pub mod lb_container_not_found;
pub mod lb_container_port_not_mapped;
pub mod links_require_bridge;
pub mod missing_network_configuration;
pub mod mixed_capacity_providers;
pub mod network_configuration_not_allowed;
pub mod ports_in_none_mode;
pub mod public_ip_not_supported;
pub mod reserved_host_port;
pub mod service_connect_mismatch;
pub mod service_discovery_mismatch;
pub mod source_out_of_date;
pub mod static_port_budget_exceeded;
pub mod static_port_capacity_exceeded;
pub mod static_port_deployment_deadlock;
pub mod static_port_in_dynamic_range;
pub mod subnet_ip_exhaustion;
pub mod target_type_mismatch;
pub mod task_exceeds_instance_resources;
pub mod tasks_per_service_quota;
pub mod unresolved_container_definitions;
pub mod unresolved_task_definition;
pub mod windows_network_mode;

pub use meta::RuleMeta;

use crate::ecs::Analysis;
use crate::finding::Finding;
use crate::model::Resource;
use std::collections::HashMap;

/// A registered rule: its metadata and, unless front ends or linking raise it, its check.
pub struct Rule {
    /// Metadata.
    pub meta: &'static RuleMeta,
    /// The check, `None` for rules raised while reading or linking inputs.
    pub check: Option<fn(&Analysis<'_>, &mut Vec<Finding>)>,
}

/// Every rule, sorted by code.
pub static ALL: &[Rule] = &[
    Rule {
        meta: &fargate_requires_awsvpc::META,
        check: Some(fargate_requires_awsvpc::check),
    },
    Rule {
        meta: &external_awsvpc_unsupported::META,
        check: Some(external_awsvpc_unsupported::check),
    },
    Rule {
        meta: &windows_network_mode::META,
        check: Some(windows_network_mode::check),
    },
    Rule {
        meta: &links_require_bridge::META,
        check: Some(links_require_bridge::check),
    },
    Rule {
        meta: &hostname_with_awsvpc::META,
        check: Some(hostname_with_awsvpc::check),
    },
    Rule {
        meta: &host_network_mode::META,
        check: Some(host_network_mode::check),
    },
    Rule {
        meta: &fargate_unsupported_parameter::META,
        check: Some(fargate_unsupported_parameter::check),
    },
    Rule {
        meta: &fargate_invalid_cpu_memory::META,
        check: Some(fargate_invalid_cpu_memory::check),
    },
    Rule {
        meta: &awsvpc_host_port_mismatch::META,
        check: Some(awsvpc_host_port_mismatch::check),
    },
    Rule {
        meta: &host_mode_host_port_mismatch::META,
        check: Some(host_mode_host_port_mismatch::check),
    },
    Rule {
        meta: &ports_in_none_mode::META,
        check: Some(ports_in_none_mode::check),
    },
    Rule {
        meta: &duplicate_host_port::META,
        check: Some(duplicate_host_port::check),
    },
    Rule {
        meta: &reserved_host_port::META,
        check: Some(reserved_host_port::check),
    },
    Rule {
        meta: &static_port_in_dynamic_range::META,
        check: Some(static_port_in_dynamic_range::check),
    },
    Rule {
        meta: &invalid_port_mapping::META,
        check: Some(invalid_port_mapping::check),
    },
    Rule {
        meta: &static_port_budget_exceeded::META,
        check: Some(static_port_budget_exceeded::check),
    },
    Rule {
        meta: &static_port_capacity_exceeded::META,
        check: Some(static_port_capacity_exceeded::check),
    },
    Rule {
        meta: &static_port_deployment_deadlock::META,
        check: Some(static_port_deployment_deadlock::check),
    },
    Rule {
        meta: &deployment_config_deadlock::META,
        check: Some(deployment_config_deadlock::check),
    },
    Rule {
        meta: &eni_capacity_exceeded::META,
        check: Some(eni_capacity_exceeded::check),
    },
    Rule {
        meta: &subnet_ip_exhaustion::META,
        check: Some(subnet_ip_exhaustion::check),
    },
    Rule {
        meta: &tasks_per_service_quota::META,
        check: Some(tasks_per_service_quota::check),
    },
    Rule {
        meta: &daemon_invalid_config::META,
        check: Some(daemon_invalid_config::check),
    },
    Rule {
        meta: &task_exceeds_instance_resources::META,
        check: Some(task_exceeds_instance_resources::check),
    },
    Rule {
        meta: &cluster_capacity_exceeded::META,
        check: Some(cluster_capacity_exceeded::check),
    },
    Rule {
        meta: &deployment_capacity_deadlock::META,
        check: Some(deployment_capacity_deadlock::check),
    },
    Rule {
        meta: &missing_network_configuration::META,
        check: Some(missing_network_configuration::check),
    },
    Rule {
        meta: &network_configuration_not_allowed::META,
        check: Some(network_configuration_not_allowed::check),
    },
    Rule {
        meta: &public_ip_not_supported::META,
        check: Some(public_ip_not_supported::check),
    },
    Rule {
        meta: &target_type_mismatch::META,
        check: Some(target_type_mismatch::check),
    },
    Rule {
        meta: &lb_container_not_found::META,
        check: Some(lb_container_not_found::check),
    },
    Rule {
        meta: &lb_container_port_not_mapped::META,
        check: Some(lb_container_port_not_mapped::check),
    },
    Rule {
        meta: &classic_lb_incompatible::META,
        check: Some(classic_lb_incompatible::check),
    },
    Rule {
        meta: &service_discovery_mismatch::META,
        check: Some(service_discovery_mismatch::check),
    },
    Rule {
        meta: &service_connect_mismatch::META,
        check: Some(service_connect_mismatch::check),
    },
    Rule {
        meta: &launch_type_with_capacity_provider::META,
        check: Some(launch_type_with_capacity_provider::check),
    },
    Rule {
        meta: &mixed_capacity_providers::META,
        check: Some(mixed_capacity_providers::check),
    },
    Rule {
        meta: &invalid_input::META,
        check: None,
    },
    Rule {
        meta: &unresolved_container_definitions::META,
        check: None,
    },
    Rule {
        meta: &unresolved_task_definition::META,
        check: None,
    },
    Rule {
        meta: &source_out_of_date::META,
        check: None,
    },
];

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

/// True when the plan deletes this resource: it is reported, not checked.
pub(crate) fn is_deleted(r: &Resource) -> bool {
    r.change
        .as_ref()
        .is_some_and(crate::model::Change::is_delete)
}

/// Runs every enabled rule over an analysis, then applies severities and suppressions to
/// those findings and to the analysis' own (`extra`).
pub fn run(a: &Analysis<'_>, extra: Vec<Finding>) -> Vec<Finding> {
    let mut out = extra;
    for rule in ALL {
        if let Some(check) = rule.check
            && a.settings.enabled(rule.meta.code, rule.meta.name)
        {
            check(a, &mut out);
        }
    }
    finish(a, out)
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
        .filter(|f| a.settings.enabled(f.code, f.rule))
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

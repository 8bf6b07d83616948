//! What a plan changes in a service's networking, from the `before` and `after` of the
//! service and of its task definition: the comparison is made once, here, and the report
//! copies it (`services[].change`).

use super::facts::{NetworkMode, Os, PortFact, PortKind, ServiceFacts};
use super::link::Index;
use super::ports;
use crate::model::Value;
use crate::model::containers;

/// `services[].change` (plan input only).
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceChange {
    /// Terraform's actions.
    pub actions: Vec<String>,
    /// Network mode before the change (`None` on create or unknown).
    pub network_mode_before: Option<String>,
    /// Human-readable differences (`network mode bridge → awsvpc`, `host port 80 → dynamic`).
    pub differences: Vec<String>,
}

/// What a plan changes in a service's networking, from `before`/`after`.
pub fn of(ix: &Index<'_>, svc: &ServiceFacts) -> Option<ServiceChange> {
    let r = ix.res(svc.res);
    let ch = r.change.as_ref()?;
    let mut differences = Vec::new();
    let replaced =
        ch.actions.iter().any(|x| x == "delete") && ch.actions.iter().any(|x| x == "create");
    if replaced {
        differences.push("service is replaced".to_string());
    }
    let before_td = svc
        .task_definition
        .one()
        .and_then(|t| ix.res(t).change.as_ref())
        .and_then(|c| c.before.as_ref());
    let mode_before = before_td.map(|b| match b.get("network_mode") {
        Some(Value::String(s)) if !s.is_empty() => NetworkMode::parse(s),
        // Omitted: the OS default (§1.3); the OS is taken from the current definition.
        _ => match svc.os {
            Some(Os::Windows) => Some(NetworkMode::Nat),
            Some(Os::Linux) => Some(NetworkMode::Bridge),
            None => None,
        },
    });
    let network_mode_before = mode_before.flatten().map(|m| m.as_str().to_string());
    if let (Some(b), Some(now)) = (&network_mode_before, svc.network_mode)
        && b != now.as_str()
    {
        differences.push(format!("network mode {b} → {}", now.as_str()));
    }
    if let Some(before) = ch.before.as_ref() {
        let lt = |v: &Value| {
            v.get("launch_type")
                .and_then(Value::as_str)
                .map(str::to_string)
        };
        if let (Some(b), Some(n)) = (lt(before), lt(&r.values))
            && b != n
        {
            differences.push(format!("launch type {b} → {n}"));
        }
        let dc = |v: &Value| v.get("desired_count").and_then(Value::as_i64);
        if let (Some(b), Some(n)) = (dc(before), dc(&r.values))
            && b != n
        {
            differences.push(format!("desired count {b} → {n}"));
        }
    }
    if let (Some(b), Some(Some(mode))) = (before_td, mode_before) {
        let defs = containers::decode(b.get("container_definitions"));
        let (old, _, _) = ports::classify(&defs, Some(mode));
        differences.extend(port_differences(&old, &svc.ports));
    }
    Some(ServiceChange {
        actions: ch.actions.clone(),
        network_mode_before,
        differences,
    })
}

fn describe(p: &PortFact) -> String {
    match (p.kind, p.host_port) {
        (PortKind::Static, Some(h)) => format!("host port {h}"),
        (PortKind::Dynamic, _) => "dynamic".into(),
        (k, _) => k.as_str().to_string(),
    }
}

fn port_differences(old: &[PortFact], new: &[PortFact]) -> Vec<String> {
    let key = |p: &PortFact| (p.container.clone(), p.container_port, p.protocol.clone());
    let mut out = Vec::new();
    for n in new {
        let label = format!(
            "`{}` {}/{}",
            n.container,
            n.container_port
                .map_or_else(|| "?".into(), |p| p.to_string()),
            n.protocol
        );
        match old.iter().find(|o| key(o) == key(n)) {
            Some(o) if describe(o) != describe(n) => {
                out.push(format!("{label}: {} → {}", describe(o), describe(n)));
            }
            Some(_) => {}
            None => out.push(format!("{label}: added ({})", describe(n))),
        }
    }
    for o in old {
        if !new.iter().any(|n| key(n) == key(o)) {
            out.push(format!(
                "`{}` {}/{}: removed",
                o.container,
                o.container_port
                    .map_or_else(|| "?".into(), |p| p.to_string()),
                o.protocol
            ));
        }
    }
    out
}

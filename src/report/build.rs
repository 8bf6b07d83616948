//! Turning analyses into the report. All analysis happens before this; here facts are only
//! copied into the contract's shape.

use super::model::{
    ChangeReport, PortReport, Report, ServiceReport, Summary, TaskDefinitionReport, Tool,
};
use crate::ecs::containers;
use crate::ecs::{self, Analysis, NetworkMode, PortFact, ServiceFacts, TaskDefFacts, ports};
use crate::finding::Finding;
use crate::model::{Model, Value};
use crate::settings::Settings;
use crate::{rules, scaling};

/// Analyzes every model and assembles one report.
pub fn build(models: &[Model], settings: &Settings) -> Report {
    build_each(models, &vec![settings; models.len()])
}

/// Analyzes every model under its own settings (`settings[i]` for `models[i]`: each input's
/// nearest `ecsnet.toml`) and assembles one report.
pub fn build_each(models: &[Model], settings: &[&Settings]) -> Report {
    let mut report = Report {
        schema_version: super::SCHEMA_VERSION,
        tool: Tool::default(),
        inputs: Vec::with_capacity(models.len()),
        services: Vec::new(),
        task_definitions: Vec::new(),
        capacity_pools: Vec::new(),
        overrides: Vec::new(),
        findings: Vec::new(),
        summary: Summary::default(),
    };
    for (input, model) in models.iter().enumerate() {
        report.inputs.push(model.input.clone());
        let mut a = ecs::analyze(model, settings[input]);
        let mut extra = model.findings.clone();
        extra.append(&mut a.findings);
        let mut found = rules::run(&a, extra);
        mark_changes(model, &a, &mut found);
        report.findings.extend(found);
        let first_pool = report.capacity_pools.len();
        for p in a.pools() {
            report.capacity_pools.push(super::pools::pool(&a, p, input));
        }
        let pool_of = scaling::pools::by_service(a.pools());
        let mut services: Vec<(usize, &ServiceFacts, &scaling::ServiceScaling)> = a
            .services
            .iter()
            .zip(a.scaling())
            .enumerate()
            .map(|(i, (s, sc))| (i, s, sc))
            .collect();
        services.sort_by(|x, y| a.res(x.1.res).address.cmp(&a.res(y.1.res).address));
        for (i, svc, sc) in services {
            let mut s = service(&a, svc, input, sc);
            s.scaling.capacity_pool = pool_of.get(&i).map(|p| first_pool + p);
            report.services.push(s);
        }
        for td in &a.task_definitions {
            report.task_definitions.push(task_definition(&a, td, input));
        }
    }
    report
        .findings
        .sort_by(|x, y| finding_key(x).cmp(&finding_key(y)));
    for f in &mut report.findings {
        f.fingerprint = f.stable_key();
    }
    report.summary = Summary::count(report.services.len(), &report.findings);
    report.summary.unreadable_inputs = models.iter().filter(|m| m.unreadable).count();
    report
}

/// Plan input: whether the plan changes what each finding is about — its subject, the task
/// definition of a subject service, or a resource its message names (`aws_autoscaling_group.ecs`
/// whose `max_size` went down makes an unchanged service's finding new). A resource the plan
/// does not list (a state, a plan without changes for it) leaves the answer unknown.
fn mark_changes(model: &Model, a: &Analysis<'_>, findings: &mut [Finding]) {
    if model.input.kind != crate::model::InputKind::Plan {
        return;
    }
    let changed: std::collections::HashMap<&str, bool> = model
        .resources
        .iter()
        .filter_map(|r| {
            let c = r.change.as_ref()?;
            let unchanged = c.actions.iter().all(|x| x == "no-op" || x == "read");
            Some((r.address.as_str(), !unchanged))
        })
        .collect();
    let td_of: std::collections::HashMap<&str, &str> = a
        .services
        .iter()
        .filter_map(|s| {
            let td = s.task_definition.one()?;
            Some((a.res(s.res).address.as_str(), a.res(td).address.as_str()))
        })
        .collect();
    for f in findings {
        let Some(subject) = f.subject.as_deref() else {
            continue;
        };
        let Some(&own) = changed.get(subject) else {
            continue;
        };
        let named = f
            .message
            .split('`')
            .skip(1)
            .step_by(2)
            .chain(td_of.get(subject).copied());
        let any = own || named.filter_map(|n| changed.get(n)).any(|&c| c);
        f.changed_by_plan = Some(any);
    }
}

/// Sort key: located findings first, by place; borrowed, so sorting clones nothing.
fn finding_key(f: &Finding) -> impl Ord + '_ {
    (
        f.location.is_none(),
        &f.location,
        &f.subject,
        f.code,
        &f.message,
    )
}

fn port(p: &PortFact) -> PortReport {
    PortReport {
        container: p.container.clone(),
        container_port: p.container_port,
        host_port: p.host_port,
        protocol: p.protocol.clone(),
        kind: p.kind.as_str().to_string(),
        container_port_range: p.range.clone(),
    }
}

fn service(
    a: &Analysis<'_>,
    svc: &ServiceFacts,
    input: usize,
    sc: &scaling::ServiceScaling,
) -> ServiceReport {
    let r = a.res(svc.res);
    let task_definition = match svc.task_definition.one() {
        Some(t) => Some(a.res(t).address.clone()),
        None => r
            .get("task_definition")
            .and_then(Value::as_str)
            .map(str::to_string),
    };
    ServiceReport {
        address: r.address.clone(),
        name: svc.name.clone(),
        input,
        location: r.location.clone(),
        task_definition,
        launch_type: svc.platform.launch_type.map(|l| l.as_str().to_string()),
        launch_type_source: svc.platform.source.to_string(),
        scheduling_strategy: svc.scheduling.map(str::to_string),
        network_mode: svc.network_mode.map(|m| m.as_str().to_string()),
        network_mode_source: svc.network_mode_source.as_str().to_string(),
        port_strategy: svc.port_strategy.as_str().to_string(),
        ports: svc.ports.iter().map(port).collect(),
        scaling: sc.report.clone(),
        unknowns: svc.unknowns.iter().chain(&sc.unknowns).cloned().collect(),
        change: change(a, svc),
    }
}

fn task_definition(a: &Analysis<'_>, td: &TaskDefFacts, input: usize) -> TaskDefinitionReport {
    let r = a.res(td.res);
    TaskDefinitionReport {
        address: r.address.clone(),
        input,
        family: td.family.clone(),
        network_mode: match &td.network_mode {
            ecs::Raw::Known(s) => Some(s.clone()),
            _ => None,
        },
        location: r.location.clone(),
        used_by: td
            .used_by
            .iter()
            .map(|&s| a.res(a.services[s].res).address.clone())
            .collect(),
    }
}

/// What a plan changes in a service's networking, from `before`/`after`.
fn change(a: &Analysis<'_>, svc: &ServiceFacts) -> Option<ChangeReport> {
    let r = a.res(svc.res);
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
        .and_then(|t| a.res(t).change.as_ref())
        .and_then(|c| c.before.as_ref());
    let mode_before = before_td.map(|b| match b.get("network_mode") {
        Some(Value::String(s)) if !s.is_empty() => NetworkMode::parse(s),
        // Omitted: the OS default (§1.3); the OS is taken from the current definition.
        _ => match svc.os {
            Some(ecs::Os::Windows) => Some(NetworkMode::Nat),
            Some(ecs::Os::Linux) => Some(NetworkMode::Bridge),
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
    Some(ChangeReport {
        actions: ch.actions.clone(),
        network_mode_before,
        differences,
    })
}

fn describe(p: &PortFact) -> String {
    match (p.kind, p.host_port) {
        (ecs::PortKind::Static, Some(h)) => format!("host port {h}"),
        (ecs::PortKind::Dynamic, _) => "dynamic".into(),
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

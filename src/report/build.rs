//! Turning analyses ([`Analyzed`]) into the report. All analysis happens before this, in
//! [`crate::pipeline`]; here facts are only copied into the contract's shape.

use super::model::{
    ChangeReport, PortReport, Report, ServiceReport, Summary, TaskDefinitionReport, Tool,
};
use crate::ecs::{self, Analysis, PortFact, ServiceFacts, TaskDefFacts};
use crate::finding::Finding;
use crate::model::Value;
use crate::pipeline::Analyzed;
use crate::scaling;

/// Assembles the report from each input's [`Part`], in input order (an analysis lives only
/// until its part is built).
pub struct Builder {
    report: Report,
    unreadable: usize,
}

impl Default for Builder {
    fn default() -> Self {
        Builder {
            report: Report {
                schema_version: super::SCHEMA_VERSION,
                tool: Tool::default(),
                inputs: Vec::new(),
                services: Vec::new(),
                task_definitions: Vec::new(),
                capacity_pools: Vec::new(),
                overrides: Vec::new(),
                findings: Vec::new(),
                summary: Summary::default(),
            },
            unreadable: 0,
        }
    }
}

/// One input's records, built from its analysis alone (so inputs can be built on all
/// cores) and appended to the report in input order by [`Builder::append`].
pub struct Part {
    input: crate::model::InputInfo,
    unreadable: bool,
    pools: Vec<super::model::PoolReport>,
    /// Each service's `scaling.capacity_pool` counts from this input's first pool here;
    /// [`Builder::append`] shifts it to the report's numbering.
    services: Vec<ServiceReport>,
    task_definitions: Vec<TaskDefinitionReport>,
    findings: Vec<Finding>,
}

/// The records of input number `input`.
pub fn part(an: Analyzed<'_>, input: usize) -> Part {
    let a = &an.ecs;
    let pools = an
        .scaling
        .pools
        .iter()
        .map(|p| super::pools::pool(a, p, input))
        .collect();
    let pool_of = scaling::pools::by_service(&an.scaling.pools);
    let mut services: Vec<(usize, &ServiceFacts, &scaling::ServiceScaling)> = a
        .services
        .iter()
        .zip(&an.scaling.services)
        .enumerate()
        .map(|(i, (s, sc))| (i, s, sc))
        .collect();
    services.sort_by(|x, y| a.res(x.1.res).address.cmp(&a.res(y.1.res).address));
    // Each service's and task definition's record reads only the analysis: built on all
    // cores, kept in order.
    let services = crate::par::map(&services, crate::par::PER_RESOURCE, |&(i, svc, sc)| {
        let mut s = service(a, svc, input, sc);
        s.scaling.capacity_pool = pool_of.get(&i).copied();
        s
    });
    let task_definitions = crate::par::map(&a.task_definitions, crate::par::PER_RESOURCE, |td| {
        task_definition(a, td, input)
    });
    Part {
        input: a.model.input.clone(),
        unreadable: a.model.unreadable,
        pools,
        services,
        task_definitions,
        findings: an.findings,
    }
}

impl Builder {
    /// Appends the next input's records: `p` must be [`part`] of input number
    /// `self.report.inputs.len()`.
    pub fn append(&mut self, p: Part) {
        let report = &mut self.report;
        debug_assert!(p.services.iter().all(|s| s.input == report.inputs.len()));
        report.inputs.push(p.input);
        if p.unreadable {
            self.unreadable += 1;
        }
        let first_pool = report.capacity_pools.len();
        report.capacity_pools.extend(p.pools);
        report.services.extend(p.services.into_iter().map(|mut s| {
            s.scaling.capacity_pool = s.scaling.capacity_pool.map(|i| first_pool + i);
            s
        }));
        report.task_definitions.extend(p.task_definitions);
        report.findings.extend(p.findings);
    }

    /// The report: findings sorted by place, fingerprinted and counted.
    pub fn finish(self) -> Report {
        let mut report = self.report;
        report
            .findings
            .sort_by(|x, y| finding_key(x).cmp(&finding_key(y)));
        for f in &mut report.findings {
            f.fingerprint = f.stable_key();
        }
        report.summary = Summary::count(report.services.len(), &report.findings);
        report.summary.unreadable_inputs = self.unreadable;
        report
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
        launch_type_source: svc.platform.origin.as_str().to_string(),
        scheduling_strategy: svc.scheduling.map(|s| s.as_str().to_string()),
        network_mode: svc.network_mode.map(|m| m.as_str().to_string()),
        network_mode_source: svc.network_mode_origin.as_str().to_string(),
        port_strategy: svc.port_strategy.as_str().to_string(),
        ports: svc.ports.iter().map(port).collect(),
        scaling: sc.summary.clone(),
        unknowns: svc.unknowns.iter().chain(&sc.unknowns).cloned().collect(),
        change: svc.change.as_ref().map(|c| ChangeReport {
            actions: c.actions.clone(),
            network_mode_before: c.network_mode_before.clone(),
            differences: c.differences.clone(),
        }),
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

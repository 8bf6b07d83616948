//! ECS knowledge: decoding container definitions, linking services to task definitions,
//! clusters and capacity providers, and the effective platform, network mode and ports.

pub mod change;
pub mod facts;
pub mod fargate;
pub mod host_ports;
pub mod link;
pub mod network;
pub mod platform;
pub mod portmap;
pub mod ports;
pub mod service_links;
pub mod task_size;
pub mod wiring;

pub use facts::{
    DeploymentController, LaunchType, LaunchTypeOrigin, NetworkMode, Origin, Os, Platform,
    PortFact, PortKind, PortStrategy, Raw, Scheduling, ServiceFacts, TaskDefFacts,
};

use crate::model::containers::{self, ContainerDefs};
use crate::model::{Model, Problem, ProblemKind, Value};
use crate::settings::Settings;
use link::{Index, Link, arn_name};
use std::collections::HashMap;

/// The analysis of one model: facts per task definition and per service.
pub struct Analysis<'m> {
    /// The model analyzed.
    pub model: &'m Model,
    /// Lookups over its resources.
    pub index: Index<'m>,
    /// The settings in force.
    pub settings: &'m Settings,
    /// One entry per `aws_ecs_task_definition` instance.
    pub task_definitions: Vec<TaskDefFacts>,
    /// One entry per `aws_ecs_service` instance.
    pub services: Vec<ServiceFacts>,
    /// Problems met while decoding and linking (the rules layer reports them as ECS901–903).
    pub problems: Vec<Problem>,
}

impl<'m> Analysis<'m> {
    /// The resource behind a task definition or service fact.
    pub fn res(&self, i: usize) -> &'m crate::model::Resource {
        self.index.res(i)
    }

    /// The task definition facts of a service, when linked.
    pub fn td_of(&self, svc: &ServiceFacts) -> Option<&TaskDefFacts> {
        svc.td.map(|t| &self.task_definitions[t])
    }
}

/// Analyzes a model.
pub fn analyze<'m>(model: &'m Model, settings: &'m Settings) -> Analysis<'m> {
    let index = Index::new(model);
    // Each task definition and each service is built from the model alone (decoding
    // `container_definitions` is most of the work), so they share the cores; facts and
    // problems are gathered in resource order, as one thread would.
    let built = crate::par::map(
        index.of_type("aws_ecs_task_definition"),
        crate::par::PER_RESOURCE,
        |&i| task_definition(&index, i),
    );
    let mut problems = Vec::new();
    let mut task_definitions = Vec::with_capacity(built.len());
    let mut td_pos = HashMap::new();
    for (td, found) in built {
        td_pos.insert(td.res, task_definitions.len());
        task_definitions.push(td);
        problems.extend(found);
    }
    let built = crate::par::map(
        index.of_type("aws_ecs_service"),
        crate::par::PER_RESOURCE,
        |&i| {
            let mut found = Vec::new();
            let mut svc = service(&index, i, &td_pos, &task_definitions, &mut found);
            svc.change = change::of(&index, &svc);
            (svc, found)
        },
    );
    let mut services = Vec::with_capacity(built.len());
    for (svc, found) in built {
        if let Some(t) = svc.td {
            task_definitions[t].used_by.push(services.len());
        }
        services.push(svc);
        problems.extend(found);
    }
    Analysis {
        model,
        index,
        settings,
        task_definitions,
        services,
        problems,
    }
}

/// The facts of one task definition (resource `i`) and the problems met decoding it.
fn task_definition(ix: &Index<'_>, i: usize) -> (TaskDefFacts, Vec<Problem>) {
    let mut problems = Vec::new();
    let r = ix.res(i);
    let containers = containers::decode(r.get("container_definitions"));
    if let ContainerDefs::Invalid(msg, path) = &containers
        && !r.is_deleted()
    {
        let at = if path.is_empty() {
            "container_definitions".to_string()
        } else {
            format!("container_definitions.{path}")
        };
        problems.push(Problem::invalid_input(
            format!("`{}`: {msg}", r.address),
            Some(r.address.clone()),
            r.location_of(&at).cloned(),
        ));
    }
    if let ContainerDefs::Unknown(why) = &containers
        && !r.is_deleted()
    {
        // A plan blanks the whole JSON string when any one value in it is unknown.
        let blanked = if why == crate::model::KNOWN_AFTER_APPLY {
            "; a plan shows the whole string as known after apply when any value in it is \
             (pass --source to read the ports from the configuration)"
        } else {
            ""
        };
        problems.push(Problem::new(
            ProblemKind::UnresolvedContainerDefinitions,
            format!(
                "`container_definitions` of `{}` is unknown: {why}{}{blanked}",
                r.address,
                unknown_inputs(r)
            ),
            Some(r.address.clone()),
            r.location_of("container_definitions").cloned(),
        ));
    }
    let td = TaskDefFacts {
        res: i,
        family: r.get("family").and_then(Value::as_str).map(str::to_string),
        network_mode: network::raw_mode(r),
        containers,
        os: network::os_of(r),
        requires_compatibilities: r.get("requires_compatibilities").and_then(|v| {
            v.as_list()?
                .iter()
                .map(|x| x.as_str().map(str::to_string))
                .collect()
        }),
        used_by: Vec::new(),
    };
    (td, problems)
}

/// What a plan's blanked `container_definitions` depends on: Terraform blanks the whole string
/// when any value inside is unknown, so the configuration references name the suspects.
fn unknown_inputs(r: &crate::model::Resource) -> String {
    let Some(refs) = r.references.get("container_definitions") else {
        return String::new();
    };
    // `aws_ecr_repository.app.repository_url` also lists `aws_ecr_repository.app`; keep the
    // most specific form of each.
    let specific: Vec<&str> = refs
        .iter()
        .map(String::as_str)
        .filter(|x| {
            !refs
                .iter()
                .any(|y| y.len() > x.len() && y.starts_with(&format!("{x}.")))
        })
        .collect();
    if specific.is_empty() {
        return String::new();
    }
    let shown: Vec<String> = specific.iter().take(5).map(|x| format!("`{x}`")).collect();
    let more = specific.len().saturating_sub(5);
    format!(
        " (it uses {}{})",
        shown.join(", "),
        if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        }
    )
}

fn service(
    ix: &Index<'_>,
    i: usize,
    td_pos: &HashMap<usize, usize>,
    tds: &[TaskDefFacts],
    problems: &mut Vec<Problem>,
) -> ServiceFacts {
    let r = ix.res(i);
    let deleted = r.is_deleted();
    let mut unknowns = Vec::new();
    let (task_definition, assumed) = ix.follow_explained(
        r,
        "task_definition",
        &["aws_ecs_task_definition"],
        &td_matches,
    );
    if let Some(a) = assumed {
        unknowns.push(format!("task definition: {a}"));
    }
    let td = task_definition.one().and_then(|t| td_pos.get(&t).copied());
    if td.is_none() && !deleted {
        let why = match &task_definition {
            Link::Unresolved(w) => w.clone(),
            Link::Absent => "`task_definition` is not set".into(),
            Link::Found(_) => "`task_definition` matches several task definitions".into(),
        };
        unknowns.push(format!("task definition: {why}"));
        problems.push(Problem::new(
            ProblemKind::UnresolvedTaskDefinition,
            format!("task definition of `{}` is not resolved: {why}", r.address),
            Some(r.address.clone()),
            r.location_of("task_definition").cloned(),
        ));
    }
    let cluster = ix.follow(
        r,
        "cluster",
        &["aws_ecs_cluster"],
        &platform::cluster_matches,
    );
    let platform = platform::resolve(ix, r, &cluster);
    if let Some(why) = &platform.reason {
        unknowns.push(format!("platform: {why}"));
    }
    let scheduling = match r.get("scheduling_strategy") {
        None | Some(Value::Null) => Some(Scheduling::Replica),
        Some(Value::String(s)) if s == "DAEMON" => Some(Scheduling::Daemon),
        Some(Value::String(s)) if s == "REPLICA" => Some(Scheduling::Replica),
        Some(Value::Unknown(_)) if !r.references.contains_key("scheduling_strategy") => {
            Some(Scheduling::Replica)
        }
        _ => None,
    };
    let deployment_controller = match r.get("deployment_controller.0.type") {
        None | Some(Value::Null) => Some(DeploymentController::Ecs),
        Some(Value::String(s)) => DeploymentController::parse(s),
        _ => None,
    };
    let tdf = td.map(|t| &tds[t]);
    let (network_mode, network_mode_origin, os) = match tdf {
        Some(t) => {
            let (m, s, why) = network::effective(t, platform.launch_type);
            unknowns.extend(why.map(|w| format!("network mode: {w}")));
            (m, s, t.os)
        }
        None => (None, Origin::Unknown, None),
    };
    let (ports, port_strategy) = match tdf {
        Some(t) => {
            let (p, s, why) = ports::classify(&t.containers, network_mode);
            unknowns.extend(why);
            if ix
                .res(t.res)
                .from_configuration
                .iter()
                .any(|a| a == "container_definitions")
            {
                unknowns.push(
                    "container definitions: read from the configuration (--source): the plan \
                     has the whole `container_definitions` as known after apply"
                        .to_string(),
                );
            }
            (p, s)
        }
        None => (Vec::new(), PortStrategy::Unknown),
    };
    ServiceFacts {
        res: i,
        name: r.get("name").and_then(Value::as_str).map(str::to_string),
        deleted,
        task_definition,
        td,
        cluster,
        platform,
        scheduling,
        deployment_controller,
        os,
        network_mode,
        network_mode_origin,
        ports,
        port_strategy,
        unknowns,
        target_groups: service_links::target_groups(ix, r),
        change: None,
    }
}

/// Whether task definition `r` is the one `s` names: an ARN, `family:revision` or `family`.
pub fn td_matches(r: &crate::model::Resource, s: &str) -> bool {
    if r.get("arn").and_then(Value::as_str) == Some(s)
        || r.get("arn_without_revision").and_then(Value::as_str) == Some(s)
    {
        return true;
    }
    let Some(family) = r.get("family").and_then(Value::as_str) else {
        return false;
    };
    let name = arn_name(s);
    let (fam, rev) = match name.rsplit_once(':') {
        Some((f, rv)) if rv.chars().all(|c| c.is_ascii_digit()) => (f, Some(rv)),
        _ => (name, None),
    };
    if fam != family {
        return false;
    }
    match (rev, r.get("revision").and_then(Value::as_i64)) {
        (Some(rv), Some(have)) => rv == have.to_string(),
        _ => true,
    }
}

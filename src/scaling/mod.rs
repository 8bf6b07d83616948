//! Scaling (ecs-networking.md §4): desired count, deployment percents, Application Auto
//! Scaling limits, capacity ([`crate::capacity`]) and the bounds that follow — tasks per
//! instance, the most tasks a service can run, and whether a rolling deployment can make
//! progress. Unknown inputs give `null`, never a guess.

pub mod arith;
mod bounds;
mod demand;
pub mod pools;
pub mod resources;
pub mod summary;

pub use bounds::EniDetails;
pub use demand::Demand;
pub use pools::Pool;

use crate::capacity::{self, Capacity};
use crate::ecs::link::arn_name;
use crate::ecs::service_links;
use crate::ecs::{Analysis, LaunchType, ServiceFacts};
use crate::model::Value;
use arith::Bound;
use resources::{Fit, Need, Shape};
use std::collections::HashMap;
use summary::{ResourceLimitReport, ResourcesReport, ScalingReport};

/// Everything the scaling analysis knows about one service (same order as
/// `Analysis::services`).
#[derive(Debug, Clone)]
pub struct ServiceScaling {
    /// What the report shows as `services[].scaling`.
    pub summary: ScalingReport,
    /// The instances behind the service.
    pub capacity: Capacity,
    /// The `aws_appautoscaling_target` of the service (`model.resources`).
    pub target: Option<usize>,
    /// Tasks per container instance.
    pub tasks_per_instance: Bound,
    /// tasks_per_instance × max_instances (`Unbounded` on Fargate).
    pub instance_capacity: Bound,
    /// Tasks per container instance by ports, ENIs and constraints alone (CPU, memory and GPUs
    /// left out): what the port and ENI rules check, each against its own limit.
    pub slots_per_instance: Bound,
    /// slots_per_instance × max_instances.
    pub slot_capacity: Bound,
    /// Task IPs in the service subnets (`Unbounded` unless awsvpc).
    pub subnet_capacity: Bound,
    /// The `aws_subnet` resources of the service.
    pub subnets: Vec<usize>,
    /// The tasks-per-service quota.
    pub quota: Bound,
    /// The instance type and trunking behind an ENI bound.
    pub eni: EniDetails,
    /// What could not be known, and choices made (most restrictive instance type).
    pub unknowns: Vec<String>,
    /// What one task reserves (CPU, memory, GPUs; Service Connect's proxy included).
    pub need: Result<Need, String>,
    /// What each instance type of the capacity registers.
    pub shapes: Result<Vec<Shape>, String>,
    /// What the cluster's daemon services take first on every instance.
    pub daemons: Result<Need, String>,
    /// The CPU, memory and GPU fits, when the task and the instances are known.
    pub fit: Option<Fit>,
    /// Which cluster the service runs in, for grouping (`None` when unknown).
    pub cluster_key: Option<String>,
}

/// The scaling facts of one model: per service, and per shared capacity pool.
#[derive(Debug, Clone)]
pub struct Scaling {
    /// Same order as `Analysis::services`.
    pub services: Vec<ServiceScaling>,
    /// The capacity pools services share (ecs-capacity.md §4).
    pub pools: Vec<Pool>,
}

/// The scaling facts of a model's services and the pools they share: computed once per
/// model by the pipeline, after the ECS facts and before the rules.
pub fn analyze(a: &Analysis<'_>) -> Scaling {
    let targets = autoscaling_targets(a);
    // Every service's need and bounds read only the analysis (and the daemons' needs):
    // computed on all cores, kept in service order.
    let pre: Vec<(Result<Need, String>, Option<String>)> =
        crate::par::map(&a.services, crate::par::PER_RESOURCE, |svc| {
            (need_of(a, svc), cluster_key(a, svc))
        });
    // Few services are daemons: listing them once keeps 2,000 services from each scanning
    // all 2,000 (quadratic).
    let daemons: Vec<usize> = a
        .services
        .iter()
        .enumerate()
        .filter(|(_, d)| {
            !d.deleted
                && d.scheduling == Some(crate::ecs::Scheduling::Daemon)
                && d.platform.launch_type != Some(LaunchType::Fargate)
        })
        .map(|(i, _)| i)
        .collect();
    let order: Vec<usize> = (0..a.services.len()).collect();
    let mut services: Vec<ServiceScaling> =
        crate::par::map(&order, crate::par::PER_RESOURCE, |&i| {
            let svc = &a.services[i];
            let daemons = daemon_reserve(a, i, &daemons, &pre);
            service(
                a,
                svc,
                targets.get(&svc.res).copied(),
                pre[i].clone(),
                daemons,
            )
        });
    let pools = pools::build(a, &services);
    for p in &pools {
        for (k, _) in &p.deadlocks {
            services[p.services[*k]].summary.deployment_can_progress = Some(false);
        }
    }
    Scaling { services, pools }
}

/// What one task of the service reserves.
fn need_of(a: &Analysis<'_>, svc: &ServiceFacts) -> Result<Need, String> {
    let td = a
        .td_of(svc)
        .ok_or_else(|| "the task definition is not resolved".to_string())?;
    let size = crate::ecs::task_size::of(td, a.res(td.res));
    resources::task_need(&size, service_links::uses_service_connect(a.res(svc.res)))
}

/// The cluster a service runs in: the linked `aws_ecs_cluster`, else the name in `cluster`,
/// else `default` (the API's default cluster when `cluster` is omitted).
fn cluster_key(a: &Analysis<'_>, svc: &ServiceFacts) -> Option<String> {
    if let Some(c) = svc.cluster.one() {
        return Some(a.res(c).address.clone());
    }
    match a.res(svc.res).get("cluster") {
        None | Some(Value::Null) => Some("default".into()),
        Some(Value::String(s)) => Some(arn_name(s).to_string()),
        _ => None,
    }
}

/// Σ of the reservations of the other DAEMON services in the same cluster: ECS places them
/// first on every instance ([SVC], ecs-capacity.md §3).
fn daemon_reserve(
    a: &Analysis<'_>,
    me: usize,
    daemons: &[usize],
    pre: &[(Result<Need, String>, Option<String>)],
) -> Result<Need, String> {
    let mine = &pre[me].1;
    let mut total = Need::default();
    for &i in daemons {
        if i == me {
            continue;
        }
        let d = &a.services[i];
        match (&pre[i].1, mine) {
            (Some(x), Some(y)) if x == y => {}
            (Some(_), Some(_)) => continue,
            _ => {
                return Err(format!(
                    "whether the daemon `{}` runs on these instances is unknown (its cluster or                      this service's is unknown)",
                    a.res(d.res).address
                ));
            }
        }
        match &pre[i].0 {
            Ok(n) => total = total.plus(*n),
            Err(why) => {
                return Err(format!(
                    "the reservation of the daemon `{}` is unknown: {why}",
                    a.res(d.res).address
                ));
            }
        }
    }
    Ok(total)
}

/// The Application Auto Scaling target of each service (index into `model.resources`),
/// keyed by the service's resource index.
pub fn autoscaling_targets(a: &Analysis<'_>) -> HashMap<usize, usize> {
    let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
    for s in &a.services {
        if let Some(n) = &s.name {
            by_name.entry(n.as_str()).or_default().push(s.res);
        }
    }
    let mut out = HashMap::new();
    for &t in a.index.of_type("aws_appautoscaling_target") {
        let r = a.res(t);
        if r.get("scalable_dimension").and_then(Value::as_str) != Some("ecs:service:DesiredCount")
            && !matches!(r.get("scalable_dimension"), Some(Value::Unknown(_)))
        {
            continue;
        }
        // `resource_id` is `service/<cluster name>/<service name>`.
        if let Some(id) = r.get("resource_id").and_then(Value::as_str) {
            let mut parts = id.split('/');
            if let (Some("service"), Some(cluster), Some(name)) =
                (parts.next(), parts.next(), parts.next())
            {
                let hits: Vec<usize> = by_name
                    .get(name)
                    .map(|v| {
                        v.iter()
                            .copied()
                            .filter(|&s| service_in_cluster(a, s, cluster))
                            .collect()
                    })
                    .unwrap_or_default();
                if hits.len() == 1 {
                    out.insert(hits[0], t);
                    continue;
                }
            }
        }
        let link = a
            .index
            .follow(r, "resource_id", &["aws_ecs_service"], &|_, _| false);
        if let Some(s) = link.one() {
            out.insert(s, t);
        }
    }
    out
}

fn service_in_cluster(a: &Analysis<'_>, svc_res: usize, cluster: &str) -> bool {
    let r = a.res(svc_res);
    match r.get("cluster").and_then(Value::as_str) {
        Some(c) => arn_name(c) == cluster,
        None => a
            .services
            .iter()
            .find(|s| s.res == svc_res)
            .and_then(|s| s.cluster.one())
            .and_then(|c| a.res(c).get("name").and_then(Value::as_str))
            .is_none_or(|n| n == cluster),
    }
}

fn whole(v: Option<&Value>) -> Option<u64> {
    v.and_then(Value::as_i64)
        .and_then(|n| u64::try_from(n).ok())
}

/// The scaling facts of one service.
fn service(
    a: &Analysis<'_>,
    svc: &ServiceFacts,
    target: Option<usize>,
    (need, cluster_key): (Result<Need, String>, Option<String>),
    daemons: Result<Need, String>,
) -> ServiceScaling {
    let mut s = settings_of(a, svc, target);
    let daemon = svc.scheduling == Some(crate::ecs::Scheduling::Daemon);
    let fargate = svc.platform.launch_type == Some(LaunchType::Fargate);
    let capacity = capacity::resolve(a, svc);
    let mut unknowns = Vec::new();
    if capacity.joined_by_user_data {
        let names: Vec<String> = capacity
            .asgs
            .iter()
            .map(|g| format!("`{}`", g.address))
            .collect();
        unknowns.push(format!(
            "instances: {} joins the cluster through `ECS_CLUSTER` in its user data (no \
             capacity provider); instances registered another way are not counted",
            names.join(", ")
        ));
    }
    let mut eni = EniDetails::default();
    let shapes = resources::shapes(&capacity, a.settings.usable_memory_percent);
    // A daemon is placed before the replicas: only the other daemons come first.
    let (fit, resource_bound) = match (&need, &shapes, &daemons) {
        _ if fargate => (None, Bound::Unbounded),
        (Ok(n), Ok(sh), Ok(d)) => {
            let f = resources::fit(sh, *n, *d);
            if !f.holds_none.is_empty() {
                unknowns.push(format!(
                    "instances of type {} hold no task of this service; the count per instance \
                     is that of the other types",
                    f.holds_none
                        .iter()
                        .map(|t| format!("`{t}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            let b = f.bound.clone();
            (Some(f), b)
        }
        (Err(why), _, _) | (_, Err(why), _) | (_, _, Err(why)) => (
            None,
            // One task is assumed to fit (a task that cannot is its own finding), so the
            // port and ENI bounds stay known.
            Bound::Unknown {
                at_least: 1,
                why: format!("CPU and memory per instance: {why}"),
            },
        ),
    };
    let slots = bounds::tasks_per_instance(a, svc, &capacity, daemon, &mut unknowns, &mut eni);
    // Ports and ENIs first, so that an equal CPU or memory bound does not rename the result.
    // An unknown CPU or memory fit under a known port or ENI bound still says why.
    if let Bound::Unknown { why, .. } = &resource_bound
        && !fargate
    {
        unknowns.push(why.clone());
    }
    let tpi = arith::min_bound(vec![slots.clone(), resource_bound]);
    let times_instances = |b: &Bound| {
        if fargate {
            Bound::Unbounded
        } else {
            arith::times(
                b,
                capacity
                    .max_instances
                    .as_ref()
                    .copied()
                    .map_err(String::as_str),
            )
        }
    };
    let instance_capacity = times_instances(&tpi);
    let slot_capacity = times_instances(&slots);
    let (subnet_capacity, subnets) = bounds::subnet_capacity(a, svc);
    let quota = bounds::quota(a.res(svc.res));
    let max_tasks = arith::min_bound(vec![
        instance_capacity.clone(),
        subnet_capacity.clone(),
        quota.clone(),
    ]);
    for b in [&tpi, &instance_capacity, &subnet_capacity, &quota] {
        if let Bound::Unknown { why, .. } = b
            && !unknowns.contains(why)
        {
            unknowns.push(why.clone());
        }
    }
    s.tasks_per_instance = tpi.known();
    s.tasks_per_instance_limited_by = tpi.label().map(str::to_string);
    if !fargate {
        s.max_instances = capacity.max_instances.as_ref().ok().copied();
    }
    if let Ok(n) = &need {
        s.task_resources = Some(ResourcesReport {
            cpu: n.cpu,
            memory: n.memory,
            gpu: n.gpu,
        });
    }
    let td_res = a.td_of(svc).map(|t| a.res(t.res));
    s.resource_limit = fit
        .as_ref()
        .and_then(|f| f.binding.as_ref())
        .map(|b| ResourceLimitReport {
            resource: b.resource.as_str().to_string(),
            task: b.task,
            per_instance: b.available,
            instance_type: b.instance_type.clone(),
            assumed: b.resource == resources::Kind::Memory,
            location: td_res.and_then(|r| reservation_location(r, b.resource)),
        });
    s.subnet_ip_capacity = subnet_capacity.known();
    s.max_tasks = max_tasks.known();
    s.max_tasks_limited_by = max_tasks.label().map(str::to_string);
    if !daemon && svc.deployment_controller == Some(crate::ecs::DeploymentController::Ecs) {
        let slots = arith::min_bound(vec![instance_capacity.clone(), subnet_capacity.clone()]);
        s.deployment_can_progress = can_progress(&s, &slots);
    }
    ServiceScaling {
        summary: s,
        capacity,
        target,
        tasks_per_instance: tpi,
        instance_capacity,
        slots_per_instance: slots,
        slot_capacity,
        subnet_capacity,
        subnets,
        quota,
        eni,
        unknowns,
        need,
        shapes,
        daemons,
        fit,
        cluster_key,
    }
}

/// Where a task definition writes its reservation of `resource`: the task-level attribute
/// when written, else `container_definitions`.
fn reservation_location(
    r: &crate::model::Resource,
    resource: resources::Kind,
) -> Option<crate::model::Location> {
    let task_level = match resource {
        resources::Kind::Cpu => Some("cpu"),
        resources::Kind::Memory => Some("memory"),
        resources::Kind::Gpu => None,
    };
    task_level
        .and_then(|k| r.attr_locations.get(k))
        .or_else(|| r.location_of("container_definitions"))
        .cloned()
}

/// Whether a rolling deployment can make progress (§4.4), when that is known.
fn can_progress(s: &ScalingReport, slots: &Bound) -> Option<bool> {
    let d = s.desired_count?;
    let max = s.deployment_maximum_percent?;
    let min = s.deployment_minimum_healthy_percent?;
    if arith::config_deadlock(d, max, min) {
        return Some(false);
    }
    if arith::can_stop_first(d, min) {
        return Some(true);
    }
    match slots {
        Bound::Known(n, _) => Some(arith::can_progress(d, max, min, Some(*n))),
        Bound::Unbounded => Some(arith::can_progress(d, max, min, None)),
        Bound::Unknown { at_least, .. } if *at_least > d => Some(true),
        Bound::Unknown { .. } => None,
    }
}

/// Desired count, deployment percents and Application Auto Scaling limits.
fn settings_of(a: &Analysis<'_>, svc: &ServiceFacts, target: Option<usize>) -> ScalingReport {
    let r = a.res(svc.res);
    let mut s = ScalingReport::default();
    if svc.scheduling != Some(crate::ecs::Scheduling::Daemon) {
        s.desired_count = whole(r.get("desired_count"));
        // Provider defaults for REPLICA: 200 / 100 (§1.4).
        s.deployment_maximum_percent = percent(r.get("deployment_maximum_percent"), 200);
        s.deployment_minimum_healthy_percent =
            percent(r.get("deployment_minimum_healthy_percent"), 100);
    } else {
        // DAEMON: the provider sends no maximum and sends the minimum only when it is not
        // 100, so the API defaults 100 / 0 apply (§1.4).
        s.deployment_maximum_percent = Some(100);
        s.deployment_minimum_healthy_percent =
            match whole(r.get("deployment_minimum_healthy_percent")) {
                Some(100) | None => Some(0),
                Some(n) => Some(n),
            };
    }
    if let Some(t) = target {
        let tr = a.res(t);
        s.min_capacity = whole(tr.get("min_capacity"));
        s.max_capacity = whole(tr.get("max_capacity"));
    }
    s
}

fn percent(v: Option<&Value>, default: u64) -> Option<u64> {
    match v {
        None | Some(Value::Null) => Some(default),
        other => whole(other),
    }
}

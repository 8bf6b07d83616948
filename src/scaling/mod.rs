//! Scaling (ecs-networking.md §4): desired count, deployment percents, Application Auto
//! Scaling limits, capacity ([`crate::capacity`]) and the bounds that follow — tasks per
//! instance, the most tasks a service can run, and whether a rolling deployment can make
//! progress. Unknown inputs give `null`, never a guess.

pub mod arith;
mod bounds;
mod demand;

pub use bounds::EniDetails;
pub use demand::Demand;

use crate::capacity::{self, Capacity};
use crate::ecs::link::arn_name;
use crate::ecs::{Analysis, LaunchType, ServiceFacts};
use crate::model::Value;
use crate::report::ScalingReport;
use arith::Bound;
use std::collections::HashMap;

/// Everything the scaling analysis knows about one service (same order as
/// `Analysis::services`).
#[derive(Debug, Clone)]
pub struct ServiceScaling {
    /// The report's `scaling` object.
    pub report: ScalingReport,
    /// The instances behind the service.
    pub capacity: Capacity,
    /// The `aws_appautoscaling_target` of the service (`model.resources`).
    pub target: Option<usize>,
    /// Tasks per container instance.
    pub tasks_per_instance: Bound,
    /// tasks_per_instance × max_instances (`Unbounded` on Fargate).
    pub instance_capacity: Bound,
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
}

impl Analysis<'_> {
    /// The scaling facts of every service, computed once.
    pub fn scaling(&self) -> &[ServiceScaling] {
        self.scaling_cache.get_or_init(|| {
            let targets = autoscaling_targets(self);
            self.services
                .iter()
                .map(|svc| service(self, svc, targets.get(&svc.res).copied()))
                .collect()
        })
    }
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
fn service(a: &Analysis<'_>, svc: &ServiceFacts, target: Option<usize>) -> ServiceScaling {
    let mut s = settings_of(a, svc, target);
    let daemon = svc.scheduling == Some("DAEMON");
    let fargate = svc.platform.launch_type == Some(LaunchType::Fargate);
    let capacity = capacity::resolve(a, svc);
    let mut unknowns = Vec::new();
    let mut eni = EniDetails::default();
    let tpi = bounds::tasks_per_instance(a, svc, &capacity, daemon, &mut unknowns, &mut eni);
    let instance_capacity = if fargate {
        Bound::Unbounded
    } else {
        arith::times(
            &tpi,
            capacity
                .max_instances
                .as_ref()
                .copied()
                .map_err(String::as_str),
        )
    };
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
    s.subnet_ip_capacity = subnet_capacity.known();
    s.max_tasks = max_tasks.known();
    s.max_tasks_limited_by = max_tasks.label().map(str::to_string);
    if !daemon && svc.deployment_controller.as_deref() == Some("ECS") {
        let slots = arith::min_bound(vec![instance_capacity.clone(), subnet_capacity.clone()]);
        s.deployment_can_progress = can_progress(&s, &slots);
    }
    ServiceScaling {
        report: s,
        capacity,
        target,
        tasks_per_instance: tpi,
        instance_capacity,
        subnet_capacity,
        subnets,
        quota,
        eni,
        unknowns,
    }
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
    if svc.scheduling != Some("DAEMON") {
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

//! Scaling arithmetic (ecs-networking.md §4): desired count, deployment percents, Application
//! Auto Scaling limits and the tasks-per-instance bound. Unknown inputs give `null`, never a
//! guess.

use crate::ecs::link::arn_name;
use crate::ecs::{Analysis, LaunchType, NetworkMode, PortKind, ServiceFacts};
use crate::model::Value;
use crate::report::ScalingReport;
use std::collections::HashMap;

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
pub fn scaling(a: &Analysis<'_>, svc: &ServiceFacts, target: Option<usize>) -> ScalingReport {
    let r = a.res(svc.res);
    let daemon = svc.scheduling == Some("DAEMON");
    let mut s = ScalingReport::default();
    if !daemon {
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
    let (tpi, by) = tasks_per_instance(svc, daemon);
    s.tasks_per_instance = tpi;
    s.tasks_per_instance_limited_by = by.map(str::to_string);
    s
}

fn percent(v: Option<&Value>, default: u64) -> Option<u64> {
    match v {
        None | Some(Value::Null) => Some(default),
        other => whole(other),
    }
}

/// The bound ports and scheduling alone impose (§4.1): one task per instance with any static
/// host port, in host mode with ports, or as a daemon.
fn tasks_per_instance(svc: &ServiceFacts, daemon: bool) -> (Option<u64>, Option<&'static str>) {
    if svc.platform.launch_type == Some(LaunchType::Fargate) {
        return (None, None);
    }
    if daemon {
        return (Some(1), Some("daemon"));
    }
    if svc.ports.iter().any(|p| p.kind == PortKind::Static) {
        return (Some(1), Some("static-host-port"));
    }
    if svc.network_mode == Some(NetworkMode::Host) && !svc.ports.is_empty() {
        return (Some(1), Some("host-network"));
    }
    (None, None)
}

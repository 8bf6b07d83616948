//! The bounds on a service's tasks that the inputs impose (ecs-networking.md §4.1–§4.3, §7):
//! per instance (ports, `distinctInstance`, ENIs, the dynamic port range), per subnet set,
//! and per service (quotas).

use super::arith::{Bound, parse_range, range_size, subnet_ips};
use crate::capacity::{Capacity, LimitTable, instance_limits};
use crate::ecs::service_links;
use crate::ecs::{Analysis, LaunchType, NetworkMode, Os, PortKind, PortStrategy, ServiceFacts};
use crate::model::{Resource, Value};
use crate::settings::Settings;

/// What the ENI bound was computed from, for messages.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EniDetails {
    /// The (most restrictive) instance type.
    pub instance_type: Option<String>,
    /// Whether trunking is enabled for the service's instances (Linux, account setting on).
    pub trunking_enabled: bool,
}

/// Tasks of a service per container instance (§4.1): the tightest of daemon, ports,
/// `distinctInstance`, ENIs and the dynamic port range (CPU, memory and GPUs come on top). `Unbounded` on Fargate.
pub(super) fn tasks_per_instance(
    a: &Analysis<'_>,
    svc: &ServiceFacts,
    cap: &Capacity,
    daemon: bool,
    notes: &mut Vec<String>,
    eni: &mut EniDetails,
) -> Bound {
    match svc.platform.launch_type {
        // Bridge and host tasks run only on container instances (EC2 or EXTERNAL, §2.1):
        // whichever it is, the instance's ports bound them.
        None if matches!(
            svc.network_mode,
            Some(NetworkMode::Bridge | NetworkMode::Host)
        ) => {}
        None => return Bound::unknown("the platform is unknown"),
        Some(LaunchType::Fargate) => return Bound::Unbounded,
        Some(_) => {}
    }
    let mut bounds = Vec::new();
    if daemon {
        // The daemon scheduler places exactly one task per instance (§4.5).
        bounds.push(Bound::Known(1, "daemon"));
    }
    bounds.push(port_bound(svc));
    bounds.push(distinct_instance(a.res(svc.res)));
    bounds.push(eni_bound(svc, cap, notes, eni));
    bounds.push(dynamic_range_bound(svc, a.res(svc.res), a.settings));
    super::arith::min_bound(bounds)
}

/// A static host port, or host mode with any port, allows one task per instance (§4.1
/// port_fit, [SEM], [HOST]).
fn port_bound(svc: &ServiceFacts) -> Bound {
    if svc.ports.iter().any(|p| p.kind == PortKind::Static) {
        return Bound::Known(1, "static-host-port");
    }
    if svc.network_mode == Some(NetworkMode::Host) && !svc.ports.is_empty() {
        return Bound::Known(1, "host-network");
    }
    match svc.port_strategy {
        PortStrategy::Unknown => Bound::Unknown {
            at_least: 1,
            why: "the port mappings are unknown".into(),
        },
        _ => Bound::Unbounded,
    }
}

/// `distinctInstance` places every task on a different instance (§4.1 constraint_fit, [TPC]).
fn distinct_instance(r: &Resource) -> Bound {
    match r.get("placement_constraints") {
        None | Some(Value::Null) => Bound::Unbounded,
        Some(Value::List(l)) => {
            let mut unknown = false;
            for c in l {
                match c.get("type") {
                    Some(Value::String(t)) if t == "distinctInstance" => {
                        return Bound::Known(1, "distinct-instance");
                    }
                    Some(Value::String(_)) => {}
                    _ => unknown = true,
                }
            }
            if unknown {
                Bound::Unknown {
                    at_least: 1,
                    why: "a placement constraint type is unknown".into(),
                }
            } else {
                Bound::Unbounded
            }
        }
        _ => Bound::Unknown {
            at_least: 1,
            why: "`placement_constraints` is unknown".into(),
        },
    }
}

/// awsvpc on EC2: the ECS task limit of the instance type, with trunking when enabled and
/// supported (never on Windows); the most restrictive of several types (§4.1 eni_fit, §8).
fn eni_bound(
    svc: &ServiceFacts,
    cap: &Capacity,
    notes: &mut Vec<String>,
    details: &mut EniDetails,
) -> Bound {
    match svc.network_mode {
        Some(NetworkMode::Awsvpc) => {}
        None => return Bound::unknown("the network mode is unknown"),
        Some(_) => return Bound::Unbounded,
    }
    match svc.platform.launch_type {
        Some(LaunchType::Ec2) => {}
        Some(LaunchType::ManagedInstances) => {
            return Bound::unknown("the ENI capacity of ECS Managed Instances is not modelled");
        }
        _ => return Bound::Unbounded,
    }
    let types = match &cap.instance_types {
        Ok(t) => t,
        Err(why) => return Bound::unknown(format!("awsvpc tasks per instance: {why}")),
    };
    let trunking = match (&cap.trunking, svc.os) {
        (_, Some(Os::Windows)) => false,
        (Ok(on), Some(Os::Linux)) => *on,
        (Err(why), _) => return Bound::unknown(format!("ENI trunking: {why}")),
        (_, None) => return Bound::unknown("the OS family is unknown"),
    };
    let mut best: Option<(u64, &'static str, &str)> = None;
    for t in types {
        let Some(l) = instance_limits(t) else {
            return Bound::unknown(format!(
                "the awsvpc task limit of instance type `{t}` is not known"
            ));
        };
        // A type newer than ECS's trunking table (m7i, c7i, ...; §8.2 item 4): whether and how
        // far trunking raises its limit is not known, so the limit without trunking is only a
        // lower bound, never a fact that could raise `eni-capacity-exceeded`.
        if trunking && l.tasks_with_trunking.is_none() && l.table == LimitTable::EniTable {
            return Bound::Unknown {
                at_least: l.tasks_without_trunking,
                why: format!(
                    "`{t}` is not in ECS's ENI trunking table, so its trunked awsvpc task limit is \
                     unknown; without trunking it holds {}",
                    l.tasks_without_trunking
                ),
            };
        }
        let (n, label) = match (trunking, l.tasks_with_trunking) {
            (true, Some(n)) => (n, "eni-trunking"),
            _ => (l.tasks_without_trunking, "eni"),
        };
        if best.is_none_or(|(m, _, _)| n < m) {
            best = Some((n, label, t));
        }
    }
    let Some((n, label, t)) = best else {
        return Bound::unknown("no instance type is known");
    };
    details.instance_type = Some(t.to_string());
    details.trunking_enabled = trunking;
    if types.len() > 1 {
        notes.push(format!(
            "instance types {}: the most restrictive, `{t}` ({n} awsvpc tasks), is used",
            types.join(", ")
        ));
    }
    Bound::Known(n, label)
}

/// Bridge/nat with dynamic host ports only: the dynamic range divided by the dynamic ports
/// each task takes (§3.3; a `containerPortRange` takes as many ports as it spans; a Service
/// Connect proxy listener takes one, §5.4).
fn dynamic_range_bound(svc: &ServiceFacts, r: &Resource, settings: &Settings) -> Bound {
    if !svc.network_mode.is_some_and(NetworkMode::is_bridge_like) {
        return Bound::Unbounded;
    }
    let mut per_task = match service_connect_proxy_ports(r) {
        Ok(n) => n,
        Err(why) => return Bound::unknown(why),
    };
    for p in &svc.ports {
        match p.kind {
            PortKind::Dynamic => per_task += 1,
            PortKind::Range => match p.range.as_deref().and_then(parse_range) {
                Some(r) => per_task += range_size(r),
                None => return Bound::unknown("a `containerPortRange` is unknown or invalid"),
            },
            _ => {}
        }
    }
    if per_task == 0 {
        return Bound::Unbounded;
    }
    let range = match svc.os {
        Some(Os::Linux) => settings.dynamic_port_range_linux,
        Some(Os::Windows) => settings.dynamic_port_range_windows,
        None => return Bound::unknown("the OS family (and so the dynamic port range) is unknown"),
    };
    Bound::Known(range_size(range) / per_task, "dynamic-port-range")
}

/// The ephemeral host ports a Service Connect proxy takes per task in bridge mode: one per
/// `service` entry, unless `ingress_port_override` names its port (§5.4, §3.3: the proxy's
/// ports count against the dynamic range). Entries with an override are not counted, so the
/// per-instance bound never undercounts what fits.
fn service_connect_proxy_ports(r: &Resource) -> Result<u64, String> {
    match service_links::uses_service_connect(r) {
        Some(false) => return Ok(0),
        None => return Err("whether Service Connect is enabled is unknown".into()),
        Some(true) => {}
    }
    match r.get("service_connect_configuration.0.service") {
        None | Some(Value::Null) => Ok(0),
        Some(Value::List(entries)) => Ok(entries
            .iter()
            .filter(|e| matches!(e.get("ingress_port_override"), None | Some(Value::Null)))
            .count() as u64),
        Some(_) => Err("the Service Connect `service` entries are unknown".into()),
    }
}

/// awsvpc: Σ (2^(32−prefix) − 5) over the service subnets, when every subnet and CIDR is
/// known (§4.3). `Unbounded` for other modes.
pub(super) fn subnet_capacity(a: &Analysis<'_>, svc: &ServiceFacts) -> (Bound, Vec<usize>) {
    match svc.network_mode {
        Some(NetworkMode::Awsvpc) => {}
        None => return (Bound::unknown("the network mode is unknown"), Vec::new()),
        Some(_) => return (Bound::Unbounded, Vec::new()),
    }
    let r = a.res(svc.res);
    let subnets = match service_links::subnets(&a.index, r) {
        crate::ecs::link::Link::Found(v) => v,
        crate::ecs::link::Link::Absent => {
            return (Bound::unknown("the service names no subnets"), Vec::new());
        }
        crate::ecs::link::Link::Unresolved(why) => {
            return (Bound::unknown(format!("subnets: {why}")), Vec::new());
        }
    };
    let mut total = 0u64;
    for &s in &subnets {
        match service_links::ipv4_prefix(a.res(s)) {
            Some(p) => total += subnet_ips(p),
            None => {
                let why = format!("`cidr_block` of `{}` is unknown", a.res(s).address);
                return (Bound::unknown(why), subnets);
            }
        }
    }
    (Bound::Known(total, "subnet-ips"), subnets)
}

/// Tasks per service: 5,000, or 1,000 with service discovery or Service Connect (§7, [SQ]).
pub(super) fn quota(r: &Resource) -> Bound {
    let sd = service_links::uses_service_discovery(r);
    let sc = service_links::uses_service_connect(r);
    match (sd, sc) {
        (Some(true), _) => Bound::Known(1000, "service-discovery-quota"),
        (_, Some(true)) => Bound::Known(1000, "service-connect-quota"),
        (Some(false), Some(false)) => Bound::Known(5000, "service-quota"),
        _ => Bound::Unknown {
            at_least: 1000,
            why: "whether the service uses service discovery or Service Connect is unknown".into(),
        },
    }
}

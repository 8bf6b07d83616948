//! Capacity shared by services (ecs-capacity.md §4): the replica services of one cluster whose
//! capacity providers lead to the same Auto Scaling groups compete for the same instances, so
//! they are checked together at their desired counts, at their auto scaling maxima and during
//! each one's rolling-deployment surge.

use super::ServiceScaling;
use super::resources::{Kind, Need, Shape};
use crate::ecs::{Analysis, LaunchType};
use std::collections::BTreeMap;

/// What one instance has for replica tasks once the daemons are placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PerInstance {
    /// The guarantee: per resource, the smallest instance type, memory as assumed usable.
    pub assured: Need,
    /// The most: per resource, the largest instance type, memory as advertised.
    pub most: Need,
    /// Memory of the smallest type as advertised (for "may not fit").
    pub memory_advertised: u64,
}

/// The pool under one set of task counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Load {
    /// Each pool service's task count (same order as [`Pool::services`]).
    pub counts: Vec<u64>,
    /// Σ count × task reservation.
    pub need: Need,
    /// Instances needed at least, with the guaranteed figures; `None` when a task cannot be
    /// placed on any instance at all.
    pub instances: Option<u64>,
    /// Instances needed at least even with the most generous figures (largest type, advertised
    /// memory): above the pool's maximum, the load certainly does not fit.
    pub instances_at_best: Option<u64>,
    /// The resource that needs the most instances (`cpu`, `memory`, `gpu`).
    pub binding: Kind,
}

/// One capacity pool.
#[derive(Debug, Clone)]
pub struct Pool {
    /// The cluster (its address, or the name the services give).
    pub cluster: String,
    /// The Auto Scaling groups (indexes into `model.resources`), sorted.
    pub asgs: Vec<usize>,
    /// The replica services on it (indexes into `Analysis::services`).
    pub services: Vec<usize>,
    /// The cluster's daemon services, placed first on every instance.
    pub daemons: Vec<usize>,
    /// The instance types.
    pub instance_types: Vec<String>,
    /// Σ `max_size`.
    pub max_instances: Result<u64, String>,
    /// Per-instance resources after the daemons.
    pub per_instance: Result<PerInstance, String>,
    /// At the desired counts.
    pub at_desired: Result<Load, String>,
    /// At the auto scaling maxima (the desired count where a service has none).
    pub at_max: Result<Load, String>,
    /// The worst rolling-deployment surge: the service surging (index into `services`) and
    /// the load while the others stay at their desired counts.
    pub worst_surge: Result<Option<(usize, Load)>, String>,
    /// Services (indexes into `services`) whose rolling deployment cannot start: the desired
    /// counts fit, one more task of theirs certainly does not, and
    /// `deployment_minimum_healthy_percent` forbids stopping one first (ecs-networking.md
    /// §4.4 in CPU, memory and GPUs); with the load of that one extra task.
    pub deadlocks: Vec<(usize, Load)>,
}

/// Groups the services into pools and computes each pool's loads.
pub fn build(a: &Analysis<'_>, scaling: &[ServiceScaling]) -> Vec<Pool> {
    // Union of Auto Scaling group sets per cluster: services whose sets overlap share
    // instances.
    let mut groups: Vec<(String, Vec<usize>, Vec<usize>)> = Vec::new();
    for (i, (svc, sc)) in a.services.iter().zip(scaling).enumerate() {
        if svc.deleted
            || svc.scheduling != Some(crate::ecs::Scheduling::Replica)
            || svc.platform.launch_type == Some(LaunchType::Fargate)
            || sc.capacity.asgs.is_empty()
        {
            continue;
        }
        let Some(cluster) = &sc.cluster_key else {
            continue;
        };
        let mut asgs: Vec<usize> = sc.capacity.asgs.iter().map(|g| g.res).collect();
        let mut members = vec![i];
        groups.retain(|(c, g, m)| {
            let overlaps = c == cluster && g.iter().any(|x| asgs.contains(x));
            if overlaps {
                asgs.extend(g);
                members.extend(m);
            }
            !overlaps
        });
        asgs.sort_unstable();
        asgs.dedup();
        members.sort_unstable();
        groups.push((cluster.clone(), asgs, members));
    }
    groups.sort_by(|x, y| {
        let key = |g: &(String, Vec<usize>, Vec<usize>)| a.res(g.1[0]).address.clone();
        key(x).cmp(&key(y))
    });
    groups
        .into_iter()
        .map(|(cluster, asgs, services)| pool(a, scaling, cluster, asgs, services))
        .collect()
}

fn pool(
    a: &Analysis<'_>,
    scaling: &[ServiceScaling],
    cluster: String,
    asgs: Vec<usize>,
    services: Vec<usize>,
) -> Pool {
    let daemons: Vec<usize> = a
        .services
        .iter()
        .enumerate()
        .filter(|(i, d)| {
            !d.deleted
                && d.scheduling == Some(crate::ecs::Scheduling::Daemon)
                && scaling[*i].cluster_key.as_deref() == Some(cluster.as_str())
        })
        .map(|(i, _)| i)
        .collect();
    // Every member has the pool's groups or a subset; the shapes of the member with the most
    // groups cover the others'.
    let mut shapes: Result<Vec<Shape>, String> = Ok(Vec::new());
    for &s in &services {
        match (&mut shapes, &scaling[s].shapes) {
            (Ok(all), Ok(sh)) => {
                for x in sh {
                    if !all.contains(x) {
                        all.push(x.clone());
                    }
                }
            }
            (Ok(_), Err(why)) => shapes = Err(why.clone()),
            (Err(_), _) => {}
        }
    }
    let mut instance_types: Vec<String> = shapes
        .as_ref()
        .map(|v| v.iter().map(|s| s.instance_type.clone()).collect())
        .unwrap_or_default();
    instance_types.sort();
    instance_types.dedup();
    // The members' groups, resolved once by `capacity::resolve`.
    let facts: Vec<&crate::capacity::AsgFacts> = asgs
        .iter()
        .filter_map(|&g| {
            services
                .iter()
                .find_map(|&s| scaling[s].capacity.asgs.iter().find(|f| f.res == g))
        })
        .collect();
    let max_instances = facts.iter().try_fold(0u64, |sum, g| {
        g.max_size
            .map(|m| sum.saturating_add(m))
            .ok_or_else(|| format!("`max_size` of `{}` is unknown", g.address))
    });
    let daemon_need = scaling[services[0]].daemons.clone();
    let per_instance = match (&shapes, &daemon_need) {
        (Ok(sh), Ok(d)) if !sh.is_empty() => Ok(per_instance(sh, *d)),
        (Ok(_), Ok(_)) => Err("no instance type is known".into()),
        (Err(why), _) | (_, Err(why)) => Err(why.clone()),
    };
    let tasks: Result<Vec<Need>, String> = services
        .iter()
        .map(|&s| {
            scaling[s].need.clone().map_err(|why| {
                format!(
                    "the reservation of `{}` is unknown: {why}",
                    a.res(a.services[s].res).address
                )
            })
        })
        .collect();
    let desired: Result<Vec<u64>, String> = services
        .iter()
        .map(|&s| {
            scaling[s].summary.desired_count.ok_or_else(|| {
                format!(
                    "the desired count of `{}` is unknown",
                    a.res(a.services[s].res).address
                )
            })
        })
        .collect();
    let load_of = |counts: &[u64]| -> Result<Load, String> {
        let pi = per_instance.clone()?;
        Ok(load(&pi, &tasks.clone()?, counts))
    };
    let at_desired = desired.clone().and_then(|d| load_of(&d));
    let at_max = desired.clone().and_then(|d| {
        let counts: Vec<u64> = d
            .iter()
            .zip(&services)
            .map(|(&n, &s)| scaling[s].summary.max_capacity.map_or(n, |m| m.max(n)))
            .collect();
        load_of(&counts)
    });
    let deadlocks = match (&desired, &at_desired, &max_instances) {
        (Ok(d), Ok(now), Ok(max)) if now.instances_at_best.is_some_and(|n| n <= *max) => services
            .iter()
            .enumerate()
            .filter_map(|(k, &s)| {
                let sc = &scaling[s].summary;
                let (max_pct, min_pct) = (
                    sc.deployment_maximum_percent?,
                    sc.deployment_minimum_healthy_percent?,
                );
                // A deployment that may not start a task above the desired count is
                // `deployment-config-deadlock`'s; one that may stop a task first progresses.
                if a.services[s].deployment_controller
                    != Some(crate::ecs::DeploymentController::Ecs)
                    || d[k] == 0
                    || super::arith::config_deadlock(d[k], max_pct, min_pct)
                    || super::arith::can_stop_first(d[k], min_pct)
                {
                    return None;
                }
                let mut counts = d.clone();
                counts[k] += 1;
                let l = load_of(&counts).ok()?;
                l.instances_at_best
                    .is_none_or(|n| n > *max)
                    .then_some((k, l))
            })
            .collect(),
        _ => Vec::new(),
    };
    let worst_surge = desired.and_then(|d| {
        let mut worst: Option<(usize, Load)> = None;
        for (k, &s) in services.iter().enumerate() {
            let sc = &scaling[s].summary;
            if a.services[s].deployment_controller != Some(crate::ecs::DeploymentController::Ecs) {
                continue;
            }
            let Some(max) = sc.deployment_maximum_percent else {
                continue;
            };
            let mut counts = d.clone();
            counts[k] = d[k] * max / 100;
            let l = load_of(&counts)?;
            let worse = match (&worst, l.instances) {
                (None, _) => true,
                (Some((_, w)), Some(n)) => w.instances.is_some_and(|m| n > m),
                (Some(_), None) => true,
            };
            if worse {
                worst = Some((k, l));
            }
        }
        Ok(worst)
    });
    Pool {
        cluster,
        asgs,
        services,
        daemons,
        instance_types,
        max_instances,
        per_instance,
        at_desired,
        at_max,
        worst_surge,
        deadlocks,
    }
}

/// Per resource: the smallest type's figure (memory assumed usable) and the largest's (memory
/// advertised), each after the daemons.
fn per_instance(shapes: &[Shape], d: Need) -> PerInstance {
    let min = |f: fn(&Shape) -> u64| shapes.iter().map(f).min().unwrap_or(0);
    let max = |f: fn(&Shape) -> u64| shapes.iter().map(f).max().unwrap_or(0);
    PerInstance {
        assured: Need {
            cpu: min(|s| s.cpu).saturating_sub(d.cpu),
            memory: min(|s| s.memory).saturating_sub(d.memory),
            gpu: min(|s| s.gpu).saturating_sub(d.gpu),
        },
        most: Need {
            cpu: max(|s| s.cpu).saturating_sub(d.cpu),
            memory: max(|s| s.memory_advertised).saturating_sub(d.memory),
            gpu: max(|s| s.gpu).saturating_sub(d.gpu),
        },
        memory_advertised: min(|s| s.memory_advertised).saturating_sub(d.memory),
    }
}

/// Tasks of `task` one instance with `avail` holds (`None`: no limit).
pub fn fits(avail: Need, task: Need) -> Option<u64> {
    [
        (avail.cpu, task.cpu),
        (avail.memory, task.memory),
        (avail.gpu, task.gpu),
    ]
    .into_iter()
    .filter(|(_, t)| *t > 0)
    .map(|(a, t)| a / t)
    .min()
}

/// The instances a load needs at least: the most of, per resource, ⌈Σ / per instance⌉ and, per
/// service, ⌈count / tasks per instance⌉ (a task is never split across instances). Bin
/// packing can need more; never fewer.
/// `fallback`: per-instance figures for a service whose task `avail` holds none of (a mixed
/// group's smallest type): the scheduler places it on the larger types.
fn needed(
    avail: Need,
    fallback: Need,
    tasks: &[Need],
    counts: &[u64],
    total: Need,
) -> (Option<u64>, Kind) {
    // The most instances; among equal counts, the resource nearest to its next instance.
    let mut most: (Option<u64>, f64, Kind) = (Some(0), 0.0, Kind::Cpu);
    let mut take = |n: Option<u64>, ratio: f64, r: Kind| {
        let bigger = match (n, most.0) {
            (None, Some(_)) => true,
            (Some(x), Some(y)) => x > y || (x == y && ratio > most.1),
            _ => false,
        };
        if bigger {
            most = (n, ratio, r);
        }
    };
    for (r, need, have) in [
        (Kind::Cpu, total.cpu, avail.cpu),
        (Kind::Memory, total.memory, avail.memory),
        (Kind::Gpu, total.gpu, avail.gpu),
    ] {
        if need == 0 {
            continue;
        }
        take(
            (have > 0).then(|| need.div_ceil(have)),
            need as f64 / have.max(1) as f64,
            r,
        );
    }
    for (t, &n) in tasks.iter().zip(counts) {
        if n == 0 {
            continue;
        }
        let room = match fits(avail, *t) {
            Some(0) => fallback,
            _ => avail,
        };
        let r = binding_of(room, *t);
        match fits(room, *t) {
            Some(0) => take(None, f64::INFINITY, r),
            Some(per) => take(Some(n.div_ceil(per)), n as f64 / per as f64, r),
            None => {}
        }
    }
    (most.0, most.2)
}

/// The resource that limits `task` on `avail` most.
fn binding_of(avail: Need, task: Need) -> Kind {
    [
        (Kind::Cpu, avail.cpu, task.cpu),
        (Kind::Memory, avail.memory, task.memory),
        (Kind::Gpu, avail.gpu, task.gpu),
    ]
    .into_iter()
    .filter(|(_, _, t)| *t > 0)
    .min_by_key(|(_, a, t)| a / t)
    .map_or(Kind::Cpu, |(r, _, _)| r)
}

fn load(pi: &PerInstance, tasks: &[Need], counts: &[u64]) -> Load {
    let need = tasks
        .iter()
        .zip(counts)
        .fold(Need::default(), |acc, (t, &n)| acc.plus(t.times(n)));
    let (instances, binding) = needed(pi.assured, pi.most, tasks, counts, need);
    let (instances_at_best, _) = needed(pi.most, pi.most, tasks, counts, need);
    Load {
        counts: counts.to_vec(),
        need,
        instances,
        instances_at_best,
        binding,
    }
}

/// Index of pools by service (`Analysis::services` index → pool index).
pub fn by_service(pools: &[Pool]) -> BTreeMap<usize, usize> {
    let mut out = BTreeMap::new();
    for (p, pool) in pools.iter().enumerate() {
        for &s in &pool.services {
            out.insert(s, p);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const M5L: PerInstance = PerInstance {
        assured: Need {
            cpu: 2048,
            memory: 7782,
            gpu: 0,
        },
        most: Need {
            cpu: 2048,
            memory: 8192,
            gpu: 0,
        },
        memory_advertised: 8192,
    };

    #[test]
    fn per_task_granularity() {
        // Two 3 GiB tasks per m5.large: 5 tasks need 3 instances though the memory sum fits
        // in 2 at the advertised size.
        let t = Need {
            cpu: 256,
            memory: 3072,
            gpu: 0,
        };
        let l = load(&M5L, &[t], &[5]);
        assert_eq!(
            (l.instances, l.instances_at_best, l.binding),
            (Some(3), Some(3), Kind::Memory)
        );
        assert_eq!(load(&M5L, &[t], &[4]).instances, Some(2));
    }

    #[test]
    fn services_add_up() {
        let a = Need {
            cpu: 1024,
            memory: 1024,
            gpu: 0,
        };
        let b = Need {
            cpu: 512,
            memory: 2048,
            gpu: 0,
        };
        // CPU: 3×1024 + 4×512 = 5120 → 3 instances of 2048.
        let l = load(&M5L, &[a, b], &[3, 4]);
        assert_eq!((l.instances, l.binding), (Some(3), Kind::Cpu));
        let huge = Need {
            cpu: 4096,
            memory: 1,
            gpu: 0,
        };
        assert_eq!(load(&M5L, &[huge], &[1]).instances, None);
    }
}

//! Copying the capacity pools of an analysis into the report's shape.

use super::model::{LoadReport, PoolReport, ResourcesReport};
use crate::ecs::Analysis;
use crate::scaling::pools::{Load, Pool};
use crate::scaling::resources::Need;

fn resources(n: Need) -> ResourcesReport {
    ResourcesReport {
        cpu: n.cpu,
        memory: n.memory,
        gpu: n.gpu,
    }
}

fn load(l: &Load, max: Option<u64>, deploying: Option<String>) -> LoadReport {
    LoadReport {
        deploying,
        tasks: l.counts.clone(),
        demand: resources(l.need),
        instances_needed: l.instances,
        instances_needed_at_best: l.instances_at_best,
        limited_by: l.binding.as_str().to_string(),
        fits: match (l.instances, max) {
            (Some(n), Some(m)) => Some(n <= m),
            (None, _) => Some(false),
            _ => None,
        },
    }
}

/// The report entry of one pool of input `input`.
pub(super) fn pool(a: &Analysis<'_>, p: &Pool, input: usize) -> PoolReport {
    let addr = |i: &usize| a.res(a.services[*i].res).address.clone();
    let max = p.max_instances.as_ref().ok().copied();
    let mut unknowns = Vec::new();
    let mut keep = |r: &Result<_, String>| {
        if let Err(why) = r
            && !unknowns.contains(why)
        {
            unknowns.push(why.clone());
        }
    };
    keep(&p.max_instances.as_ref().map(|_| ()).map_err(Clone::clone));
    keep(&p.per_instance.as_ref().map(|_| ()).map_err(Clone::clone));
    keep(&p.at_desired.as_ref().map(|_| ()).map_err(Clone::clone));
    keep(&p.at_max.as_ref().map(|_| ()).map_err(Clone::clone));
    keep(&p.worst_surge.as_ref().map(|_| ()).map_err(Clone::clone));
    PoolReport {
        input,
        cluster: p.cluster.clone(),
        auto_scaling_groups: p.asgs.iter().map(|&g| a.res(g).address.clone()).collect(),
        instance_types: p.instance_types.clone(),
        max_instances: max,
        per_instance: p.per_instance.as_ref().ok().map(|pi| resources(pi.assured)),
        per_instance_at_most: p.per_instance.as_ref().ok().map(|pi| resources(pi.most)),
        services: p.services.iter().map(addr).collect(),
        daemons: p.daemons.iter().map(addr).collect(),
        at_desired: p.at_desired.as_ref().ok().map(|l| load(l, max, None)),
        at_max: p.at_max.as_ref().ok().map(|l| load(l, max, None)),
        worst_surge: p
            .worst_surge
            .as_ref()
            .ok()
            .and_then(|w| w.as_ref())
            .map(|(k, l)| load(l, max, Some(addr(&p.services[*k])))),
        unknowns,
    }
}

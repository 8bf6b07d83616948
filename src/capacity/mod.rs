//! Capacity resolution (ecs-networking.md §4.1, §4.2): a service's effective capacity
//! providers → their Auto Scaling groups (`max_size`) → launch template / launch
//! configuration / mixed-instances overrides → instance types; and whether awsvpc ENI
//! trunking is enabled (`aws_ecs_account_setting_default`).

pub mod instance_limits;
pub mod instance_resources;
pub mod user_data;

use crate::ecs::link::{Index, Link, arn_name};
use crate::ecs::{Analysis, LaunchType, ServiceFacts};
use crate::model::{Resource, Value};

pub use instance_limits::{LimitTable, Limits, instance_limits};

/// One Auto Scaling group behind a service's capacity providers.
#[derive(Debug, Clone, PartialEq)]
pub struct AsgFacts {
    /// Index into `model.resources`.
    pub res: usize,
    /// Its address, for messages.
    pub address: String,
    /// `max_size`, when known.
    pub max_size: Option<u64>,
    /// `min_size`, when known.
    pub min_size: Option<u64>,
    /// `desired_capacity`, when known.
    pub desired_capacity: Option<u64>,
    /// The instance types it launches, or why they are unknown.
    pub instance_types: Result<Vec<String>, String>,
    /// `ECS_RESERVED_MEMORY` (MiB) in its launch template's or configuration's user data.
    pub reserved_memory: Result<u64, String>,
}

/// Where `max_instances` came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InstancesFrom {
    /// The sum of the Auto Scaling groups' `max_size`.
    AutoScalingGroups,
    /// `--max-instances` / `max_instances` in `ecsnet.toml`.
    Setting,
}

/// What the inputs say about the instances a service's tasks can run on.
#[derive(Debug, Clone, PartialEq)]
pub struct Capacity {
    /// The Auto Scaling groups behind the effective strategy.
    pub asgs: Vec<AsgFacts>,
    /// The most container instances, or why it is unknown.
    pub max_instances: Result<u64, String>,
    /// Where `max_instances` came from.
    pub max_instances_from: InstancesFrom,
    /// Every instance type the service's instances may have (sorted, deduplicated).
    pub instance_types: Result<Vec<String>, String>,
    /// Whether `awsvpcTrunking` is enabled account-wide.
    pub trunking: Result<bool, String>,
    /// The groups were found through `ECS_CLUSTER` in their user data, not through capacity
    /// providers.
    pub joined_by_user_data: bool,
}

/// Resolves the capacity behind one service.
pub fn resolve(a: &Analysis<'_>, svc: &ServiceFacts) -> Capacity {
    let mut asgs = Vec::new();
    let mut missing: Option<String> = None;
    for &cp in &svc.platform.capacity_providers {
        match asg_of(&a.index, a.res(cp)) {
            Ok(asg) => asgs.push(asg_facts(&a.index, asg)),
            Err(why) => {
                missing.get_or_insert(why);
            }
        }
    }
    let mut joined_by_user_data = false;
    if svc.platform.capacity_providers.is_empty()
        && svc.platform.launch_type == Some(LaunchType::Ec2)
    {
        asgs = joined_by_cluster_name(a, svc);
        joined_by_user_data = !asgs.is_empty();
    }
    let from_asgs = asg_total(&asgs, svc, missing.clone());
    let (max_instances, max_instances_from) = match (from_asgs, a.settings.max_instances) {
        (Ok(n), _) => (Ok(n), InstancesFrom::AutoScalingGroups),
        (Err(_), Some(n)) => (Ok(n), InstancesFrom::Setting),
        (Err(why), None) => (Err(why), InstancesFrom::AutoScalingGroups),
    };
    let instance_types = match missing {
        Some(why) => Err(why),
        None if asgs.is_empty() => {
            Err("no Auto Scaling group capacity provider describes the instances".into())
        }
        None => union_types(&asgs),
    };
    Capacity {
        asgs,
        max_instances,
        max_instances_from,
        instance_types,
        trunking: trunking(&a.index),
        joined_by_user_data,
    }
}

/// The Auto Scaling groups whose instances join the service's cluster through `ECS_CLUSTER`
/// in their user data (ecs-capacity.md §5: the weaker link, without a capacity provider),
/// where the EC2 launch type places the service's tasks.
fn joined_by_cluster_name(a: &Analysis<'_>, svc: &ServiceFacts) -> Vec<AsgFacts> {
    let name = match svc.cluster.one() {
        Some(c) => a
            .res(c)
            .get("name")
            .and_then(Value::as_str)
            .map(str::to_string),
        None => a
            .res(svc.res)
            .get("cluster")
            .and_then(Value::as_str)
            .map(|c| arn_name(c).to_string()),
    };
    let Some(name) = name else {
        return Vec::new();
    };
    a.index
        .of_type("aws_autoscaling_group")
        .iter()
        .filter(|&&g| {
            let r = a.res(g);
            !r.is_deleted()
                && asg_instance_types(&a.index, r)
                    .1
                    .is_ok_and(|src| user_data::cluster(a.res(src)).as_deref() == Some(&name))
        })
        .map(|&g| asg_facts(&a.index, g))
        .collect()
}

/// Σ `max_size` over the groups (§4.2), or why it cannot be known.
fn asg_total(
    asgs: &[AsgFacts],
    svc: &ServiceFacts,
    missing: Option<String>,
) -> Result<u64, String> {
    if let Some(why) = missing {
        return Err(why);
    }
    if asgs.is_empty() {
        return Err(match svc.platform.launch_type {
            Some(LaunchType::External) => {
                "ECS Anywhere instances are registered outside Terraform; set --max-instances".into()
            }
            Some(LaunchType::ManagedInstances) => {
                "ECS Managed Instances scale outside the inputs; set --max-instances".into()
            }
            // With `launch_type = "EC2"` tasks go to any instance registered to the cluster,
            // not through capacity providers: the inputs cannot bound that set.
            _ if svc.platform.origin == crate::ecs::LaunchTypeOrigin::LaunchType => "`launch_type = \"EC2\"` places tasks on any instance registered to the cluster, which the inputs cannot count; set --max-instances".into(),
            _ => "the service's capacity comes from no capacity provider with an Auto Scaling group in the inputs; set --max-instances".into(),
        });
    }
    asgs.iter().try_fold(0u64, |sum, g| {
        g.max_size
            .map(|m| sum.saturating_add(m))
            .ok_or_else(|| format!("`max_size` of `{}` is unknown", g.address))
    })
}

fn union_types(asgs: &[AsgFacts]) -> Result<Vec<String>, String> {
    let mut all = Vec::new();
    for g in asgs {
        all.extend(g.instance_types.clone()?);
    }
    all.sort();
    all.dedup();
    Ok(all)
}

/// The Auto Scaling group of an `aws_ecs_capacity_provider`.
fn asg_of(ix: &Index<'_>, cp: &Resource) -> Result<usize, String> {
    let path = "auto_scaling_group_provider.0.auto_scaling_group_arn";
    match ix.follow(cp, path, &["aws_autoscaling_group"], &asg_matches) {
        Link::Found(v) if v.len() == 1 => Ok(v[0]),
        Link::Found(_) => Err(format!(
            "`{path}` of `{}` matches several Auto Scaling groups",
            cp.address
        )),
        Link::Absent => Err(format!("`{}` names no Auto Scaling group", cp.address)),
        Link::Unresolved(why) => Err(format!(
            "the Auto Scaling group of `{}` is not in the inputs ({why})",
            cp.address
        )),
    }
}

/// An Auto Scaling group named by ARN (`…:autoScalingGroupName/NAME`), name or id.
fn asg_matches(r: &Resource, s: &str) -> bool {
    r.get("arn").and_then(Value::as_str) == Some(s)
        || r.get("id").and_then(Value::as_str) == Some(s)
        || r.get("name").and_then(Value::as_str) == Some(arn_name(s))
}

fn whole(r: &Resource, path: &str) -> Option<u64> {
    r.get(path)
        .and_then(Value::as_i64)
        .and_then(|n| u64::try_from(n).ok())
}

fn asg_facts(ix: &Index<'_>, i: usize) -> AsgFacts {
    let r = ix.res(i);
    let (types, source) = asg_instance_types(ix, r);
    AsgFacts {
        res: i,
        address: r.address.clone(),
        max_size: whole(r, "max_size"),
        min_size: whole(r, "min_size"),
        desired_capacity: whole(r, "desired_capacity"),
        instance_types: types.map_err(|why| format!("instance type of `{}`: {why}", r.address)),
        reserved_memory: source
            .map_err(|why| format!("the user data of `{}`: {why}", r.address))
            .and_then(|s| user_data::reserved_memory(ix.res(s))),
    }
}

/// True when a block is written: a non-empty list. An unknown without configuration
/// references is the plan's placeholder for an unset Optional+Computed block.
fn written(r: &Resource, path: &str) -> Option<bool> {
    match r.get(path) {
        None | Some(Value::Null) => Some(false),
        Some(Value::List(l)) => Some(!l.is_empty()),
        Some(Value::Object(_)) => Some(true),
        Some(Value::Unknown(_)) => {
            let prefix = format!("{path}.");
            let referenced = r
                .references
                .keys()
                .any(|k| k == path || k.starts_with(&prefix));
            (!referenced).then_some(false)
        }
        Some(_) => None,
    }
}

/// The instance types an Auto Scaling group launches: mixed-instances overrides, else its
/// launch template or launch configuration; and that template or configuration.
fn asg_instance_types(
    ix: &Index<'_>,
    asg: &Resource,
) -> (Result<Vec<String>, String>, Result<usize, String>) {
    const MIP: &str = "mixed_instances_policy.0.launch_template.0";
    match written(asg, "mixed_instances_policy") {
        None => {
            let why = "`mixed_instances_policy` is unknown".to_string();
            return (Err(why.clone()), Err(why));
        }
        Some(true) => {
            let spec = format!("{MIP}.launch_template_specification.0");
            let source = template(
                ix,
                asg,
                &format!("{spec}.launch_template_id"),
                &format!("{spec}.launch_template_name"),
            );
            if let Some(Value::List(ov)) = asg.get(&format!("{MIP}.override"))
                && !ov.is_empty()
            {
                return (override_types(ov), source);
            }
            return (types_of(ix, &source), source);
        }
        Some(false) => {}
    }
    if written(asg, "launch_template") == Some(true) {
        let source = template(ix, asg, "launch_template.0.id", "launch_template.0.name");
        return (types_of(ix, &source), source);
    }
    let lc = ix.follow(
        asg,
        "launch_configuration",
        &["aws_launch_configuration"],
        &|r, s| {
            r.get("name").and_then(Value::as_str) == Some(s)
                || r.get("id").and_then(Value::as_str) == Some(s)
        },
    );
    let source = match lc {
        Link::Found(v) if v.len() == 1 => Ok(v[0]),
        Link::Absent => Err("no launch template or launch configuration".into()),
        Link::Found(_) => {
            Err("`launch_configuration` matches several launch configurations".into())
        }
        Link::Unresolved(why) => Err(format!(
            "the launch configuration is not in the inputs ({why})"
        )),
    };
    (types_of(ix, &source), source)
}

fn types_of(ix: &Index<'_>, source: &Result<usize, String>) -> Result<Vec<String>, String> {
    match source {
        Ok(i) => instance_type_of(ix.res(*i)).map(|t| vec![t]),
        Err(why) => Err(why.clone()),
    }
}

fn override_types(ov: &[Value]) -> Result<Vec<String>, String> {
    ov.iter()
        .map(|o| match o.get("instance_type") {
            Some(Value::String(t)) if !t.is_empty() => Ok(t.clone()),
            Some(Value::Unknown(u)) => Err(format!(
                "an override's `instance_type` is unknown ({})",
                u.reason
            )),
            _ => {
                Err("an override selects instances by `instance_requirements`, not by type".into())
            }
        })
        .collect()
}

/// The launch template named by `id_path` (matched on `id`) or `name_path` (matched on
/// `name`).
fn template(
    ix: &Index<'_>,
    asg: &Resource,
    id_path: &str,
    name_path: &str,
) -> Result<usize, String> {
    let by_id = ix.follow(asg, id_path, &["aws_launch_template"], &|r, s| {
        r.get("id").and_then(Value::as_str) == Some(s)
    });
    let link = match by_id {
        Link::Found(_) => by_id,
        _ => match ix.follow(asg, name_path, &["aws_launch_template"], &|r, s| {
            r.get("name").and_then(Value::as_str) == Some(s)
        }) {
            Link::Absent => by_id,
            other => other,
        },
    };
    match link {
        Link::Found(v) if v.len() == 1 => Ok(v[0]),
        Link::Found(_) => {
            Err("the launch template reference matches several launch templates".into())
        }
        Link::Absent => Err("the launch template names neither `id` nor `name`".into()),
        Link::Unresolved(why) => Err(format!("the launch template is not in the inputs ({why})")),
    }
}

fn instance_type_of(r: &Resource) -> Result<String, String> {
    match r.get("instance_type") {
        Some(Value::String(t)) if !t.is_empty() => Ok(t.clone()),
        Some(Value::Unknown(u)) => Err(format!(
            "`instance_type` of `{}` is unknown ({})",
            r.address, u.reason
        )),
        _ => Err(format!("`{}` sets no `instance_type`", r.address)),
    }
}

/// `awsvpcTrunking` from `aws_ecs_account_setting_default` (§4.1, [ACCT]): enabled only when
/// a setting says `enabled`. With no such resource in the inputs it counts as off.
fn trunking(ix: &Index<'_>) -> Result<bool, String> {
    let mut on = false;
    for &i in ix.of_type("aws_ecs_account_setting_default") {
        let r = ix.res(i);
        if r.is_deleted() {
            continue;
        }
        match r.get("name") {
            Some(Value::String(n)) if n == "awsvpcTrunking" => {}
            Some(Value::String(_)) => continue,
            _ => return Err(format!("`name` of `{}` is unknown", r.address)),
        }
        match r.get("value") {
            Some(Value::String(v)) => on |= v == "enabled",
            _ => return Err(format!("`value` of `{}` is unknown", r.address)),
        }
    }
    Ok(on)
}

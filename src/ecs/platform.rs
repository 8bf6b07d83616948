//! The effective platform of a service (ecs-networking.md §1.1): `launch_type`, else the
//! service's capacity provider strategy, else the cluster's default strategy, else EC2.

use super::facts::{LaunchType, LaunchTypeOrigin, Platform};
use super::link::{Index, Link, arn_name};
use crate::model::{Resource, Value};

/// The platform of one capacity provider name (`FARGATE`, or an `aws_ecs_capacity_provider`).
fn provider_platform(
    ix: &Index<'_>,
    from: &Resource,
    path: &str,
    name: Option<&str>,
) -> Result<(LaunchType, Option<usize>), String> {
    if let Some(n) = name
        && (n == "FARGATE" || n == "FARGATE_SPOT")
    {
        return Ok((LaunchType::Fargate, None));
    }
    let link = ix.follow(from, path, &["aws_ecs_capacity_provider"], &|r, s| {
        r.get("name").and_then(Value::as_str) == Some(s)
            || r.get("arn").and_then(Value::as_str) == Some(s)
    });
    let Some(cp) = link.one() else {
        return Err(match (link, name) {
            // `why` already names the value when the lookup found nothing.
            (Link::Unresolved(why), Some(n)) if why.starts_with(&format!("`{n}`")) => {
                format!("capacity provider {why}")
            }
            (Link::Unresolved(why), Some(n)) => format!("capacity provider `{n}`: {why}"),
            (Link::Unresolved(why), None) => why,
            _ => format!("`{path}` is not set"),
        });
    };
    let r = ix.res(cp);
    let has = |block: &str| match r.get(block) {
        Some(Value::List(l)) => !l.is_empty(),
        Some(Value::Object(_)) => true,
        _ => false,
    };
    if has("managed_instances_provider") {
        Ok((LaunchType::ManagedInstances, Some(cp)))
    } else if has("auto_scaling_group_provider") {
        Ok((LaunchType::Ec2, Some(cp)))
    } else {
        Err(format!(
            "capacity provider `{}` has neither an Auto Scaling group nor managed instances",
            r.address
        ))
    }
}

/// Resolves a `capacity_provider_strategy`-shaped block list of `from` at `block`.
/// `None` when the list is empty or absent.
fn strategy(
    ix: &Index<'_>,
    from: &Resource,
    block: &str,
    origin: LaunchTypeOrigin,
) -> Option<Platform> {
    let items = match from.get(block) {
        Some(Value::List(l)) if !l.is_empty() => l,
        Some(Value::Unknown(u)) => {
            return Some(unknown(format!("`{block}` is unknown ({})", u.reason)));
        }
        _ => return None,
    };
    let mut p = Platform {
        launch_type: None,
        origin,
        reason: None,
        capacity_providers: Vec::new(),
        strategy: Vec::new(),
    };
    let mut kinds = Vec::new();
    for (i, it) in items.iter().enumerate() {
        let path = format!("{block}.{i}.capacity_provider");
        let name = it.get("capacity_provider").and_then(Value::as_str);
        p.strategy
            .push(name.map_or_else(|| "(unknown)".to_string(), str::to_string));
        match provider_platform(ix, from, &path, name) {
            Ok((lt, cp)) => {
                kinds.push(lt);
                p.capacity_providers.extend(cp);
            }
            Err(why) => {
                p.reason = Some(why);
                return Some(p);
            }
        }
    }
    kinds.dedup();
    if kinds.len() == 1 {
        p.launch_type = Some(kinds[0]);
    } else {
        // AWS rejects a strategy mixing Fargate and Auto Scaling group providers (§5.5).
        p.reason = Some("the strategy mixes capacity providers of different platforms".into());
    }
    Some(p)
}

fn unknown(reason: String) -> Platform {
    Platform {
        launch_type: None,
        origin: LaunchTypeOrigin::Unknown,
        reason: Some(reason),
        capacity_providers: Vec::new(),
        strategy: Vec::new(),
    }
}

/// Decides the effective platform of `svc` (whose cluster link is `cluster`).
pub fn resolve(ix: &Index<'_>, svc: &Resource, cluster: &Link) -> Platform {
    match svc.get("launch_type") {
        Some(Value::String(s)) if !s.is_empty() => {
            return match LaunchType::parse(s) {
                Some(lt) => Platform {
                    launch_type: Some(lt),
                    origin: LaunchTypeOrigin::LaunchType,
                    reason: None,
                    capacity_providers: Vec::new(),
                    strategy: Vec::new(),
                },
                None => unknown(format!("`launch_type` {s:?} is not a launch type")),
            };
        }
        // Optional+Computed: a plan shows an unset launch_type as unknown with no
        // configuration reference; only a referenced value is really unknown (§1.1).
        Some(Value::Unknown(u)) if svc.references.contains_key("launch_type") => {
            return unknown(format!("`launch_type` is unknown ({})", u.reason));
        }
        _ => {}
    }
    if let Some(p) = strategy(
        ix,
        svc,
        "capacity_provider_strategy",
        LaunchTypeOrigin::CapacityProviderStrategy,
    ) {
        return p;
    }
    // The cluster's default strategy applies when the service names neither (§1.1 step 3).
    let ccps = cluster_capacity_providers(ix, svc, cluster);
    match ccps {
        Ok(Some(ccp)) => strategy(
            ix,
            ix.res(ccp),
            "default_capacity_provider_strategy",
            LaunchTypeOrigin::ClusterDefaultStrategy,
        )
        .unwrap_or_else(ec2_default),
        Ok(None) => match cluster.one() {
            Some(c) => strategy(
                ix,
                ix.res(c),
                "default_capacity_provider_strategy",
                LaunchTypeOrigin::ClusterDefaultStrategy,
            )
            .unwrap_or_else(ec2_default),
            None => ec2_default(),
        },
        Err(why) => unknown(why),
    }
}

fn ec2_default() -> Platform {
    Platform {
        launch_type: Some(LaunchType::Ec2),
        origin: LaunchTypeOrigin::Default,
        reason: None,
        capacity_providers: Vec::new(),
        strategy: Vec::new(),
    }
}

/// The `aws_ecs_cluster_capacity_providers` of the service's cluster. `Ok(None)` when the
/// cluster is in the inputs and has none; `Err` when the cluster is not in the inputs (its
/// default strategy, defined elsewhere, would decide the platform).
fn cluster_capacity_providers(
    ix: &Index<'_>,
    svc: &Resource,
    cluster: &Link,
) -> Result<Option<usize>, String> {
    let cluster_name = svc.get("cluster").and_then(Value::as_str).map(arn_name);
    for &ccp in ix.of_type("aws_ecs_cluster_capacity_providers") {
        let r = ix.res(ccp);
        if let (Some(n), Some(want)) = (r.get("cluster_name").and_then(Value::as_str), cluster_name)
            && arn_name(n) == want
        {
            return Ok(Some(ccp));
        }
        if let Some(c) = cluster.one() {
            let back = ix.follow(r, "cluster_name", &["aws_ecs_cluster"], &|cr, s| {
                cluster_matches(cr, s)
            });
            if back.one() == Some(c) {
                return Ok(Some(ccp));
            }
        }
    }
    match cluster {
        Link::Found(_) => Ok(None),
        Link::Absent => Ok(None),
        Link::Unresolved(why) => Err(format!(
            "no launch type or capacity provider strategy, and the cluster's default strategy is not in the inputs ({why})"
        )),
    }
}

/// Whether cluster resource `r` is the one named by `s` (name, id or ARN).
pub fn cluster_matches(r: &Resource, s: &str) -> bool {
    ["arn", "id"]
        .iter()
        .any(|k| r.get(k).and_then(Value::as_str) == Some(s))
        || r.get("name").and_then(Value::as_str) == Some(arn_name(s))
}

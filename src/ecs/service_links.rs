//! What a service is wired to (ecs-networking.md §4.3, §5.1–§5.4): its awsvpc subnets, its
//! load balancer target groups, its Cloud Map service and whether it uses Service Connect.
//! Shared by the scaling arithmetic and the service wiring rules.

use super::link::{Index, Link};
use crate::model::{Resource, Value};
use std::collections::BTreeSet;

const SUBNETS: &str = "network_configuration.0.subnets";

/// The subnets of a service's `network_configuration`, found only when EVERY element of the
/// list is accounted for (a subnet total over part of the list would be a guess). Elements
/// are matched by known id/ARN, else through the configuration references, narrowed to the
/// instance an indexed reference (`aws_subnet.a[0].id`) names.
pub fn subnets(ix: &Index<'_>, svc: &Resource) -> Link {
    let value = svc.get(SUBNETS);
    let refs = svc.references.get(SUBNETS);
    if matches!(value, None | Some(Value::Null)) && refs.is_none() {
        return Link::Absent;
    }
    let mut found = BTreeSet::new();
    let mut unmatched = 0usize;
    // A plan blanks the whole list when one id is unknown; the configuration (--source)
    // traced each element to its subnet instance.
    if matches!(value, Some(Value::Unknown(_))) {
        let traced: Vec<Option<usize>> = (0..)
            .map(|n| format!("{SUBNETS}.{n}"))
            .take_while(|p| svc.resolved.contains_key(p))
            .map(|p| ix.traced_one(svc, &p, "aws_subnet"))
            .collect();
        if !traced.is_empty() && traced.iter().all(Option::is_some) {
            return Link::Found(
                traced
                    .into_iter()
                    .flatten()
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect(),
            );
        }
    }
    let len = match value {
        Some(Value::List(items)) => {
            for (n, it) in items.iter().enumerate() {
                // An unknown id the HCL evaluator traced to its subnet instance.
                if let Some(i) = ix.traced_one(svc, &format!("{SUBNETS}.{n}"), "aws_subnet") {
                    found.insert(i);
                    continue;
                }
                match it.as_str().map(|s| subnet_by_value(ix, s)) {
                    Some(Some(i)) => {
                        found.insert(i);
                    }
                    Some(None) => {
                        return Link::Unresolved(format!(
                            "subnet `{}` is not defined in the inputs",
                            it.as_str().unwrap_or_default()
                        ));
                    }
                    None => unmatched += 1,
                }
            }
            Some(items.len())
        }
        _ => None,
    };
    if unmatched > 0 || len.is_none() {
        let refs = refs.map(|r| through_modules(svc, SUBNETS, r));
        match refs.map(|r| referenced_instances(ix, &r, "aws_subnet")) {
            Some(Ok(v)) => found.extend(v),
            Some(Err(why)) => return Link::Unresolved(why),
            None => {
                return Link::Unresolved(format!(
                    "`{SUBNETS}` is unknown and refers to no `aws_subnet` in the inputs"
                ));
            }
        }
    }
    match len {
        Some(n) if found.len() != n => Link::Unresolved(format!(
            "`{SUBNETS}` lists {n} subnets, {} of which are found in the inputs",
            found.len()
        )),
        _ if found.is_empty() => Link::Unresolved(format!("`{SUBNETS}` names no subnet")),
        _ => Link::Found(found.into_iter().collect()),
    }
}

fn subnet_by_value(ix: &Index<'_>, s: &str) -> Option<usize> {
    ix.with_key(s, "aws_subnet").find(|&i| {
        let r = ix.res(i);
        r.get("id").and_then(Value::as_str) == Some(s)
            || r.get("arn").and_then(Value::as_str) == Some(s)
    })
}

/// The references of `from`'s attribute `path` as (module instance, reference) pairs, with
/// every `var.NAME` / `module.CALL.OUTPUT` reference replaced by what it stands for in the
/// calling or called module (`Resource::module_call_references`): the subnets of a service
/// in `modules/app` usually come from `var.subnet_ids`, which the root passes as
/// `module.network.private_subnet_ids`, an output over `aws_subnet.private`. A module
/// reference that leads nowhere is kept as it is, so the set stays visibly incomplete.
pub fn through_modules(from: &Resource, path: &str, refs: &[String]) -> Vec<(String, String)> {
    let callers = from.module_call_references.get(path);
    let crosses = |r: &str| r.starts_with("var.") || r.starts_with("module.");
    let mut out = Vec::new();
    for r in refs {
        let resolved = crosses(r)
            && callers.is_some_and(|cs| cs.iter().any(|c| leads_from(&from.module, r, &c.module)));
        if !resolved {
            out.push((from.module.clone(), r.clone()));
        }
    }
    for c in callers.into_iter().flatten() {
        if !crosses(&c.reference) {
            out.push((c.module.to_string(), c.reference.to_string()));
        }
    }
    out
}

/// Whether a caller reference relative to module instance `to` can stand for `reference`
/// written in `module`: `var.` leads to an enclosing module, `module.CALL.` into `CALL`.
fn leads_from(module: &str, reference: &str, to: &str) -> bool {
    if reference.starts_with("var.") {
        return to.len() < module.len() && module.starts_with(to);
    }
    let call = reference
        .strip_prefix("module.")
        .and_then(|r| r.split(['.', '[']).next())
        .unwrap_or_default();
    let prefix = if module.is_empty() {
        format!("module.{call}")
    } else {
        format!("{module}.module.{call}")
    };
    to == prefix || to.starts_with(&format!("{prefix}[")) || to.starts_with(&format!("{prefix}."))
}

/// The instances of `rtype` that configuration references name, each relative to its
/// module instance. An indexed reference (`aws_subnet.a[0]`) narrows to that instance; a
/// bare one (`aws_subnet.a`, as a splat writes it) means every instance. Any reference to
/// something else (a variable, a module output, another resource type) makes the set
/// incomplete: `Err`.
pub fn referenced_instances(
    ix: &Index<'_>,
    refs: &[(String, String)],
    rtype: &str,
) -> Result<Vec<usize>, String> {
    let mut names: Vec<(&str, &str, Option<String>)> = Vec::new();
    for (module, r) in refs {
        let Some(rest) = r.strip_prefix(rtype).and_then(|x| x.strip_prefix('.')) else {
            return Err(format!(
                "the value comes from `{r}`, which is not in the inputs as an `{rtype}`"
            ));
        };
        let head = rest.split('.').next().unwrap_or(rest);
        let (name, key) = match head.split_once('[') {
            Some((n, k)) => (n, Some(k.trim_end_matches(']').to_string())),
            None => (head, None),
        };
        names.push((module, name, key));
    }
    let mut out = BTreeSet::new();
    for (module, name, _) in &names {
        let keys: Vec<&String> = names
            .iter()
            .filter(|(m, n, k)| m == module && n == name && k.is_some())
            .filter_map(|(_, _, k)| k.as_ref())
            .collect();
        for &i in ix.instances(module, rtype, name) {
            let r = ix.res(i);
            let key = r.key.as_ref().map(|k| {
                let s = k.to_string();
                s[1..s.len() - 1].to_string()
            });
            if keys.is_empty() || key.as_ref().is_some_and(|k| keys.contains(&k)) {
                out.insert(i);
            }
        }
    }
    if out.is_empty() {
        return Err(format!("no `{rtype}` the value refers to is in the inputs"));
    }
    Ok(out.into_iter().collect())
}

/// The prefix length of a subnet's IPv4 `cidr_block` (`10.0.1.0/24` → 24), when known.
pub fn ipv4_prefix(subnet: &Resource) -> Option<u32> {
    let cidr = subnet.get("cidr_block")?.as_str()?;
    let (addr, len) = cidr.split_once('/')?;
    let len: u32 = len.parse().ok()?;
    (addr.parse::<std::net::Ipv4Addr>().is_ok() && len <= 32).then_some(len)
}

/// The target group of each `load_balancer` block, by block index.
pub fn target_groups(ix: &Index<'_>, svc: &Resource) -> Vec<(usize, Link)> {
    let n = svc
        .get("load_balancer")
        .and_then(Value::as_list)
        .map_or(0, <[Value]>::len);
    (0..n)
        .map(|i| {
            let path = format!("load_balancer.{i}.target_group_arn");
            let link = ix.follow(
                svc,
                &path,
                &["aws_lb_target_group", "aws_alb_target_group"],
                &|r, s| {
                    r.get("arn").and_then(Value::as_str) == Some(s)
                        || r.get("id").and_then(Value::as_str) == Some(s)
                },
            );
            (i, link)
        })
        .collect()
}

/// A target group's `target_type` (`instance` when omitted, the provider default); `None`
/// when unknown.
pub fn target_type(tg: &Resource) -> Option<&str> {
    match tg.get("target_type") {
        None | Some(Value::Null) => Some("instance"),
        Some(v) => v.as_str(),
    }
}

/// The Cloud Map service of `service_registries` (`aws_service_discovery_service`).
pub fn registry(ix: &Index<'_>, svc: &Resource) -> Link {
    ix.follow(
        svc,
        "service_registries.0.registry_arn",
        &["aws_service_discovery_service"],
        &|r, s| {
            r.get("arn").and_then(Value::as_str) == Some(s)
                || r.get("id").and_then(Value::as_str) == Some(s)
        },
    )
}

/// The DNS record types of a Cloud Map service (`A`, `AAAA`, `SRV`, `CNAME`), when known.
pub fn dns_record_types(sd: &Resource) -> Option<Vec<String>> {
    match sd.get("dns_config.0.dns_records") {
        None | Some(Value::Null) => Some(Vec::new()),
        Some(Value::List(l)) => l
            .iter()
            .map(|r| r.get("type").and_then(Value::as_str).map(str::to_string))
            .collect(),
        _ => None,
    }
}

/// Whether the service registers in Cloud Map (`service_registries`); `None` when unknown.
pub fn uses_service_discovery(svc: &Resource) -> Option<bool> {
    block_present(svc.get("service_registries"))
}

/// Whether Service Connect is enabled; `None` when unknown.
pub fn uses_service_connect(svc: &Resource) -> Option<bool> {
    match block_present(svc.get("service_connect_configuration"))? {
        false => Some(false),
        true => match svc.get("service_connect_configuration.0.enabled") {
            Some(Value::Bool(b)) => Some(*b),
            _ => None,
        },
    }
}

fn block_present(v: Option<&Value>) -> Option<bool> {
    match v {
        None | Some(Value::Null) => Some(false),
        Some(Value::List(l)) => Some(!l.is_empty()),
        Some(Value::Object(_)) => Some(true),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CallerReference, InputInfo, InputKind, InstanceKey, Mode, Model};

    fn res(rtype: &str, name: &str, key: Option<InstanceKey>, vals: &[(&str, Value)]) -> Resource {
        let mut r = Resource::new("", Mode::Managed, rtype, name, key);
        r.values = Value::Object(
            vals.iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect::<crate::model::Map>(),
        );
        r
    }

    fn model(resources: Vec<Resource>) -> Model {
        let mut m = Model::new(InputInfo {
            kind: InputKind::Plan,
            path: "p".into(),
            ..InputInfo::default()
        });
        m.resources = resources;
        m
    }

    fn subnet(name: &str, key: Option<i64>, cidr: &str) -> Resource {
        res(
            "aws_subnet",
            name,
            key.map(InstanceKey::Int),
            &[("cidr_block", Value::String(cidr.into()))],
        )
    }

    fn service(subnets: Value, refs: &[&str]) -> Resource {
        let mut s = res(
            "aws_ecs_service",
            "web",
            None,
            &[(
                "network_configuration",
                Value::List(vec![Value::Object(
                    [("subnets".to_string(), subnets)].into(),
                )]),
            )],
        );
        if !refs.is_empty() {
            std::sync::Arc::make_mut(&mut s.references)
                .insert(SUBNETS.into(), refs.iter().map(|r| r.to_string()).collect());
        }
        s
    }

    #[test]
    fn subnets_by_reference_with_indexes_and_splats() {
        let m = model(vec![
            subnet("a", Some(0), "10.0.0.0/28"),
            subnet("a", Some(1), "10.0.0.16/28"),
            subnet("b", None, "10.0.1.0/24"),
            service(
                Value::unknown("known after apply"),
                &[
                    "aws_subnet.a[1].id",
                    "aws_subnet.a[1]",
                    "aws_subnet.a",
                    "aws_subnet.b.id",
                    "aws_subnet.b",
                ],
            ),
            service(
                Value::unknown("known after apply"),
                &["aws_subnet.a", "aws_subnet.b.id"],
            ),
            service(Value::unknown("known after apply"), &["var.subnets"]),
            service(
                Value::List(vec![Value::unknown("x"), Value::unknown("y")]),
                &["aws_subnet.b.id", "aws_subnet.b"],
            ),
        ]);
        let ix = Index::new(&m);
        assert_eq!(subnets(&ix, ix.res(3)), Link::Found(vec![1, 2]));
        assert_eq!(subnets(&ix, ix.res(4)), Link::Found(vec![0, 1, 2]));
        assert!(matches!(subnets(&ix, ix.res(5)), Link::Unresolved(_)));
        // Two elements, one subnet found: incomplete.
        assert!(matches!(subnets(&ix, ix.res(6)), Link::Unresolved(_)));
        assert_eq!(ipv4_prefix(ix.res(0)), Some(28));
        assert_eq!(ipv4_prefix(ix.res(2)), Some(24));
    }

    /// A service in `module.app` whose subnets are `var.subnet_ids`, passed by the root as
    /// `module.network.private_subnet_ids`, an output over `aws_subnet.private`.
    #[test]
    fn subnets_through_module_inputs_and_outputs() {
        let caller = |module: &str, reference: &str| CallerReference {
            module: module.into(),
            reference: reference.into(),
        };
        let mut a = subnet("private", Some(0), "10.0.0.0/28");
        let mut b = subnet("private", Some(1), "10.0.0.16/28");
        let mut other = subnet("private", Some(0), "10.9.0.0/24");
        a.module = "module.network".into();
        b.module = "module.network".into();
        other.module = "module.other".into();
        let unknowns = || Value::List(vec![Value::unknown("x"), Value::unknown("y")]);
        let mut svc = service(unknowns(), &["var.subnet_ids"]);
        svc.module = "module.app".into();
        svc.module_call_references.insert(
            SUBNETS.into(),
            vec![
                caller("", "module.network.private_subnet_ids"),
                caller("module.network", "aws_subnet.private"),
            ],
        );
        // The same, but the root passes a variable of its own that leads nowhere.
        let mut open = service(unknowns(), &["var.subnet_ids"]);
        open.module = "module.app".into();
        open.module_call_references
            .insert(SUBNETS.into(), vec![caller("", "var.subnet_ids")]);
        let m = model(vec![a, b, other, svc, open]);
        let ix = Index::new(&m);
        assert_eq!(subnets(&ix, ix.res(3)), Link::Found(vec![0, 1]));
        assert!(matches!(subnets(&ix, ix.res(4)), Link::Unresolved(_)));
    }

    #[test]
    fn service_discovery_and_connect() {
        let s = res(
            "aws_ecs_service",
            "web",
            None,
            &[(
                "service_connect_configuration",
                Value::List(vec![Value::Object(
                    [("enabled".to_string(), Value::Bool(true))].into(),
                )]),
            )],
        );
        assert_eq!(uses_service_connect(&s), Some(true));
        assert_eq!(uses_service_discovery(&s), Some(false));
    }
}

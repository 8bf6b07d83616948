//! Locations for plan and state input: a plan has no file names or line numbers, so the
//! Terraform root it was made from (`--source`) is read with the HCL front end and each
//! resource's block, attribute and `jsonencode` key positions are copied onto the plan's
//! resource with the same address. Values always stay the plan's; a source that disagrees
//! with the plan (edited after planning) gets a note and no locations for that resource.

use super::{LoadOptions, hcl};
use crate::model::FastMap as HashMap;
use crate::model::containers::{self, ContainerDefs};
use crate::model::{InputKind, Location, Model, Problem, Resource, Value};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// Makes the files of an HCL model's locations relative to where the user is (`infra/` +
/// `main.tf`), so every output names a path that exists from the working directory.
pub fn prefix_locations(m: &mut Model, dir: &Path) {
    let prefix = dir
        .to_string_lossy()
        .trim_end_matches('/')
        .trim_start_matches("./")
        .to_string();
    if prefix.is_empty() || prefix == "." {
        return;
    }
    let mut shown: HashMap<Arc<str>, Arc<str>> = HashMap::default();
    let mut fix = |l: &mut Location| {
        let joined = shown.entry(l.file.clone()).or_insert_with(|| {
            if Path::new(&*l.file).is_absolute() {
                l.file.clone()
            } else {
                join_shown(&prefix, &l.file).into()
            }
        });
        l.file = joined.clone();
    };
    for r in &mut m.resources {
        r.location.iter_mut().for_each(&mut fix);
        r.attr_locations.values_mut().for_each(&mut fix);
        r.module_calls.iter_mut().for_each(&mut fix);
    }
    for f in &mut m.problems {
        f.location.iter_mut().for_each(&mut fix);
    }
}

/// `prefix/file` with each `..` of `file` taken off the end of `prefix` (`envs/prod` +
/// `../../modules/app/main.tf` -> `modules/app/main.tf`): annotations and SARIF need a path
/// without `..` to match a file of the repository. Kept as written when the shortened path
/// is not the same file (a symlinked directory in `prefix`).
fn join_shown(prefix: &str, file: &str) -> String {
    let raw = format!("{prefix}/{file}");
    let mut parts: Vec<&str> = prefix.split('/').collect();
    let mut rest = file.split('/').peekable();
    while rest.peek() == Some(&"..") {
        match parts.last() {
            Some(&p) if !p.is_empty() && p != ".." && p != "." => {
                parts.pop();
                rest.next();
            }
            _ => break,
        }
    }
    parts.extend(rest);
    let short = if parts.is_empty() {
        file.to_string()
    } else {
        parts.join("/")
    };
    if short == raw {
        return raw;
    }
    match (
        Path::new(&raw).canonicalize(),
        Path::new(&short).canonicalize(),
    ) {
        (Ok(a), Ok(b)) if a == b => short,
        _ => raw,
    }
}

/// Attaches source locations to every plan and state model.
pub fn attach_all(models: &mut [Model], dir: &Path, opts: &LoadOptions) {
    if !models
        .iter()
        .any(|m| matches!(m.input.kind, InputKind::Plan | InputKind::State))
    {
        return;
    }
    let mut src = hcl::load_root(dir, opts);
    prefix_locations(&mut src, dir);
    for m in models
        .iter_mut()
        .filter(|m| matches!(m.input.kind, InputKind::Plan | InputKind::State))
    {
        attach(m, &src);
    }
}

/// Copies locations from `src` (the HCL model of the plan's root) onto `plan`.
pub fn attach(plan: &mut Model, src: &Model) {
    let by_address: HashMap<&str, &Resource> = src
        .resources
        .iter()
        .map(|r| (r.address.as_str(), r))
        .collect();
    // count/for_each that the HCL front end could not expand: every instance shares the block.
    let mut by_config: HashMap<String, &Resource> = HashMap::default();
    for r in &src.resources {
        by_config.entry(r.config_address()).or_insert(r);
    }
    let mut notes: Vec<Problem> = Vec::new();
    for r in &mut plan.resources {
        let Some(s) = by_address
            .get(r.address.as_str())
            .or_else(|| by_config.get(&r.config_address()))
        else {
            continue;
        };
        // Each side's container definitions, decoded once for both comparisons.
        let defs = (
            containers::decode(r.get("container_definitions")),
            containers::decode(s.get("container_definitions")),
        );
        if let Some(diff) = disagreement(r, s, &defs) {
            notes.push(Problem::new(
                crate::model::ProblemKind::SourceOutOfDate,
                format!(
                    "`{}` differs between the plan and its source: {diff}; its locations are not shown",
                    r.address
                ),
                Some(r.address.clone()),
                None,
            ));
            continue;
        }
        r.location = s.location.clone();
        r.attr_locations = remap_set_blocks(r, s, remap_containers(s, &defs));
        r.module_calls = s.module_calls.clone();
        // The plan's `configuration` has no locals: where the configuration traced a value to
        // a resource instance, the plan links the same way.
        for (path, t) in &s.resolved {
            r.resolved.entry(path.clone()).or_insert_with(|| t.clone());
        }
        fill_from_configuration(r, s);
        if r.suppressions.is_empty() {
            r.suppressions = s.suppressions.clone();
        }
    }
    plan.problems.extend(notes);
}

/// Terraform blanks a whole `container_definitions` string in a plan as soon as one value in
/// it is unknown (an ECR image URL, an SSM parameter); the configuration, evaluated, still
/// knows the ports. Its reading is used instead, and the resource says so
/// ([`Resource::from_configuration`]).
fn fill_from_configuration(plan: &mut Resource, src: &Resource) {
    const ATTR: &str = "container_definitions";
    if plan.rtype != "aws_ecs_task_definition" || !matches!(plan.get(ATTR), Some(Value::Unknown(_)))
    {
        return;
    }
    let Some(v) = src.get(ATTR) else { return };
    if matches!(v, Value::Unknown(_) | Value::Null) {
        return;
    }
    if let Value::Object(o) = &mut plan.values {
        o.insert(ATTR.to_string(), v.clone());
        plan.from_configuration.push(ATTR.to_string());
    }
}

/// The provider sorts containers by name in a plan (terraform-inputs.md §4.3); the source
/// keeps them in written order. Key positions under `container_definitions.N` are moved to
/// the index the same-named container has in the plan.
fn remap_containers(
    src: &Resource,
    (plan_defs, src_defs): &(ContainerDefs, ContainerDefs),
) -> BTreeMap<String, Location> {
    let order = |d: &ContainerDefs| -> Vec<Option<String>> {
        match d {
            ContainerDefs::Known(cs) => cs.iter().map(|c| c.name.clone()).collect(),
            _ => Vec::new(),
        }
    };
    let (p, s) = (order(plan_defs), order(src_defs));
    let mut moved = HashMap::default();
    for (si, name) in s.iter().enumerate() {
        if let Some(n) = name
            && let Some(pi) = p.iter().position(|x| x.as_deref() == Some(n))
        {
            moved.insert(si, pi);
        }
    }
    let prefix = "container_definitions.";
    src.attr_locations
        .iter()
        .filter_map(|(k, l)| {
            let Some(rest) = k.strip_prefix(prefix) else {
                return Some((k.clone(), l.clone()));
            };
            let (idx, tail) = rest.split_once('.').unwrap_or((rest, ""));
            let Ok(si) = idx.parse::<usize>() else {
                return Some((k.clone(), l.clone()));
            };
            let pi = moved.get(&si)?;
            let key = if tail.is_empty() {
                format!("{prefix}{pi}")
            } else {
                format!("{prefix}{pi}.{tail}")
            };
            Some((key, l.clone()))
        })
        .collect()
}

/// Nested blocks the AWS provider models as sets: a plan lists them in its own order, so a
/// position written for source block `j` belongs to the plan block with the same content.
const SET_BLOCKS: &[&str] = &[
    "load_balancer",
    "capacity_provider_strategy",
    "default_capacity_provider_strategy",
    "placement_constraints",
];

fn remap_set_blocks(
    plan: &Resource,
    src: &Resource,
    mut locations: BTreeMap<String, Location>,
) -> BTreeMap<String, Location> {
    for block in SET_BLOCKS {
        let (Some(pl), Some(sl)) = (
            plan.get(block).and_then(Value::as_list),
            src.get(block).and_then(Value::as_list),
        ) else {
            continue;
        };
        let mut moved: HashMap<usize, usize> = HashMap::default();
        for (si, sb) in sl.iter().enumerate() {
            let same: Vec<usize> = (0..pl.len())
                .filter(|&pi| same_block(&pl[pi], sb))
                .collect();
            if let [pi] = same[..] {
                moved.insert(si, pi);
            }
        }
        let prefix = format!("{block}.");
        locations = locations
            .into_iter()
            .filter_map(|(k, l)| {
                let Some(rest) = k.strip_prefix(&prefix) else {
                    return Some((k, l));
                };
                let (idx, tail) = rest.split_once('.').unwrap_or((rest, ""));
                let Ok(si) = idx.parse::<usize>() else {
                    return Some((k, l));
                };
                // A block that cannot be matched by content keeps no inner positions.
                let pi = moved.get(&si)?;
                let key = if tail.is_empty() {
                    format!("{prefix}{pi}")
                } else {
                    format!("{prefix}{pi}.{tail}")
                };
                Some((key, l))
            })
            .collect();
    }
    locations
}

/// Two blocks are the same when every attribute known on both sides is equal, and at least
/// one is.
fn same_block(a: &Value, b: &Value) -> bool {
    let (Some(a), Some(b)) = (a.as_object(), b.as_object()) else {
        return false;
    };
    let mut compared = 0;
    for (k, av) in a {
        if let Some(bv) = b.get(k)
            && known(av)
            && known(bv)
        {
            if av != bv {
                return false;
            }
            compared += 1;
        }
    }
    compared > 0
}

/// The first fact ECS analysis reads on which the plan and the source both have a known
/// value and disagree.
fn disagreement(
    plan: &Resource,
    src: &Resource,
    (plan_defs, src_defs): &(ContainerDefs, ContainerDefs),
) -> Option<String> {
    const ATTRS: &[&str] = &[
        "network_mode",
        "desired_count",
        "launch_type",
        "scheduling_strategy",
        "family",
        "deployment_maximum_percent",
        "deployment_minimum_healthy_percent",
    ];
    for a in ATTRS {
        match (plan.get(a), src.get(a)) {
            (Some(p), Some(s)) if known(p) && known(s) && p != s => {
                return Some(format!(
                    "`{a}` is {} in the plan but {} in the source",
                    show(p),
                    show(s)
                ));
            }
            _ => {}
        }
    }
    let ports = |d: &ContainerDefs| -> Option<BTreeMap<String, Vec<PortPair>>> {
        let ContainerDefs::Known(cs) = d else {
            return None;
        };
        let mut out = BTreeMap::new();
        for c in cs {
            let (Some(name), Ok(pms)) = (c.name.clone(), &c.port_mappings) else {
                return None;
            };
            let mut v: Vec<_> = pms
                .iter()
                .map(|m| {
                    (
                        m.container_port.known(),
                        m.host_port.known().filter(|h| *h != 0),
                    )
                })
                .collect();
            v.sort();
            out.insert(name, v);
        }
        Some(out)
    };
    if let (Some(p), Some(s)) = (ports(plan_defs), ports(src_defs)) {
        if p.keys().eq(s.keys()) {
            for (name, pv) in &p {
                let sv = &s[name];
                let comparable = pv.iter().chain(sv).all(|(c, _)| c.is_some());
                if comparable && pv.len() == sv.len() && pv != sv {
                    return Some(format!("the port mappings of container `{name}` differ"));
                }
            }
        } else if !s.is_empty() && !p.is_empty() {
            return Some("the container names differ".into());
        }
    }
    None
}

/// (container port, static host port) of one mapping; `None` where unknown.
type PortPair = (Option<i64>, Option<i64>);

fn known(v: &Value) -> bool {
    !v.has_unknown() && !v.is_null()
}

fn show(v: &Value) -> String {
    match v {
        Value::String(s) => format!("`{s}`"),
        other => format!("`{}`", other.to_json()),
    }
}

#[cfg(test)]
mod tests {
    use super::join_shown;

    #[test]
    fn module_paths_outside_the_root_lose_their_dot_dots() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/realistic/monorepo");
        let env = format!("{root}/envs/staging");
        assert_eq!(
            join_shown(&env, "../../modules/app/main.tf"),
            format!("{root}/modules/app/main.tf")
        );
        assert_eq!(join_shown(&env, "main.tf"), format!("{env}/main.tf"));
        // A file that does not exist cannot be checked: kept as written.
        assert_eq!(
            join_shown(&env, "../../nowhere/x.tf"),
            format!("{env}/../../nowhere/x.tf")
        );
        assert_eq!(join_shown("..", "../a.tf"), "../../a.tf");
    }
}

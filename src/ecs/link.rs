//! Linking resources: by known values (ARN, name, family) first, else by the configuration
//! references the front ends recorded (plan `configuration`, HCL traversals). Lookups are
//! hash-based so large inputs stay linear: a known value is looked up by the identifying
//! attributes in [`KEY_ATTRS`] rather than matched against every resource of a type, which
//! made 2,000 services x 2,000 task definitions a quadratic join.

use crate::model::FastMap as HashMap;
use crate::model::{InstanceKey, Mode, Model, Resource, Value};

/// Resources of a model indexed by type and by configuration address.
pub struct Index<'m> {
    /// The model.
    pub model: &'m Model,
    by_type: ByType<'m>,
    by_config: ByConfig<'m>,
    /// Resources by the string value of each of their [`KEY_ATTRS`].
    by_key: ByKey<'m>,
    /// The instances of each `by_config` group (named by its first resource) by instance
    /// key, so narrowing a reference to one instance is a lookup, not a scan of them all.
    by_group_key: ByGroupKey,
    /// Resources (managed and data) by module instance, type and name.
    by_name: ByName<'m>,
    /// Resources by full address.
    by_address: ByAddress<'m>,
}

/// The attributes a known linking value can name a resource by: ARNs, ids, names and task
/// definition families. Every `matches` function given to [`Index::follow`] must match only
/// on these (directly, on [`arn_name`] of the value, or on a task definition's
/// `family[:revision]`); [`Index::follow`] only asks it about resources sharing one.
pub const KEY_ATTRS: &[&str] = &["arn", "arn_without_revision", "id", "name", "family"];

/// From this many resources on, the index is built on two cores.
const PARALLEL_INDEX: usize = 4096;

type ByAddress<'m> = HashMap<&'m str, usize>;
type ByName<'m> = HashMap<&'m str, HashMap<&'m str, HashMap<&'m str, Vec<usize>>>>;
type ByType<'m> = HashMap<&'m str, Vec<usize>>;
type ByKey<'m> = HashMap<&'m str, Vec<usize>>;
type ByConfig<'m> = HashMap<(&'m str, &'m str, &'m str), Vec<usize>>;
type ByGroupKey = HashMap<(usize, Option<InstanceKey>), Vec<usize>>;

/// Resources by full address, by module instance, type and name, and by type.
fn by_names(model: &Model) -> (ByAddress<'_>, ByName<'_>, ByType<'_>) {
    let mut by_address = ByAddress::default();
    let mut by_name = ByName::default();
    let mut by_type = ByType::default();
    for (i, r) in model.resources.iter().enumerate() {
        by_address.entry(r.address.as_str()).or_insert(i);
        by_name
            .entry(r.module.as_str())
            .or_default()
            .entry(r.rtype.as_str())
            .or_default()
            .entry(r.name.as_str())
            .or_default()
            .push(i);
        by_type.entry(r.rtype.as_str()).or_default().push(i);
    }
    (by_address, by_name, by_type)
}

/// Resources by the value of each of their [`KEY_ATTRS`], by configuration block, and the
/// instances of each block by instance key.
fn by_values(model: &Model) -> (ByKey<'_>, ByConfig<'_>, ByGroupKey) {
    let mut by_key = ByKey::default();
    let mut by_config = ByConfig::default();
    let mut by_group_key = ByGroupKey::default();
    for (i, r) in model.resources.iter().enumerate() {
        // One walk over the attributes instead of a search per key attribute: the resources
        // are cold in cache by now, and each probe of a search is a miss.
        let attrs = r.values.as_object().into_iter().flat_map(|m| m.iter());
        for (_, v) in attrs.filter(|(k, _)| KEY_ATTRS.contains(k)) {
            if let Some(v) = v.as_str() {
                let ids = by_key.entry(v).or_default();
                // `id` often equals `arn` or `name`: index each resource once per value.
                if ids.last() != Some(&i) {
                    ids.push(i);
                }
            }
        }
        let rtype = match r.mode {
            Mode::Managed => r.rtype.as_str(),
            Mode::Data => data_key(&r.rtype),
        };
        let group = by_config
            .entry((r.module.as_str(), rtype, r.name.as_str()))
            .or_default();
        group.push(i);
        let first = group[0];
        by_group_key
            .entry((first, r.key.clone()))
            .or_default()
            .push(i);
    }
    (by_key, by_config, by_group_key)
}

/// The outcome of following a link.
#[derive(Debug, Clone, PartialEq)]
pub enum Link {
    /// The linked resources (indexes into `model.resources`).
    Found(Vec<usize>),
    /// The attribute is not set.
    Absent,
    /// Not found; why, for the human outputs.
    Unresolved(String),
}

impl Link {
    /// The single linked resource, when exactly one was found.
    pub fn one(&self) -> Option<usize> {
        match self {
            Link::Found(v) if v.len() == 1 => Some(v[0]),
            _ => None,
        }
    }
}

impl<'m> Index<'m> {
    /// Indexes every resource of `model`: the lookups by name and those by key value and
    /// configuration group are independent, and built on two cores for a large model.
    pub fn new(model: &'m Model) -> Self {
        let ((by_address, by_name, by_type), (by_key, by_config, by_group_key)) = crate::par::join(
            model.resources.len() >= PARALLEL_INDEX,
            || by_names(model),
            || by_values(model),
        );
        Index {
            model,
            by_type,
            by_config,
            by_key,
            by_group_key,
            by_name,
            by_address,
        }
    }

    /// The instances of the `by_config` group `cands` whose instance key is `key`.
    fn same_key(&self, cands: &[usize], key: &Option<InstanceKey>) -> &[usize] {
        cands
            .first()
            .and_then(|&first| self.by_group_key.get(&(first, key.clone())))
            .map_or(&[], Vec::as_slice)
    }

    /// The resource at index `i`.
    pub fn res(&self, i: usize) -> &'m Resource {
        &self.model.resources[i]
    }

    /// Every resource of a type (index order).
    pub fn of_type(&self, rtype: &str) -> &[usize] {
        self.by_type.get(rtype).map_or(&[], Vec::as_slice)
    }

    /// The instances (index order) of the block `rtype.name` in module instance `module`,
    /// managed and data alike.
    pub fn instances(&self, module: &str, rtype: &str, name: &str) -> &[usize] {
        self.by_name
            .get(module)
            .and_then(|types| types.get(rtype))
            .and_then(|names| names.get(name))
            .map_or(&[], Vec::as_slice)
    }

    /// The resources of type `rtype` that have `value` as one of their [`KEY_ATTRS`], in
    /// index order: a hash lookup, where scanning every resource of the type per service
    /// would make linking quadratic.
    pub fn with_key<'s>(&'s self, value: &str, rtype: &'s str) -> impl Iterator<Item = usize> + 's {
        self.by_key
            .get(value)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .copied()
            .filter(move |&i| self.res(i).rtype == rtype)
    }

    /// Follows a single-valued linking attribute (`task_definition`, `cluster`, ...).
    ///
    /// A known value is matched with `matches` against resources of `types` that share a
    /// [`KEY_ATTRS`] value with it, preferring the same module; else the attribute's
    /// references are followed.
    pub fn follow(
        &self,
        from: &Resource,
        path: &str,
        types: &[&str],
        matches: &dyn Fn(&Resource, &str) -> bool,
    ) -> Link {
        self.follow_explained(from, path, types, matches).0
    }

    /// [`Index::follow`], and what the link assumed when it is not certain: a branch of a
    /// condition that cannot be decided, or the one task definition of the service's module
    /// instance when nothing else says which (never silently: the service reports it).
    pub fn follow_explained(
        &self,
        from: &Resource,
        path: &str,
        types: &[&str],
        matches: &dyn Fn(&Resource, &str) -> bool,
    ) -> (Link, Option<String>) {
        match from.get(path) {
            None | Some(Value::Null)
                if !from.references.contains_key(path) && !from.resolved.contains_key(path) =>
            {
                (Link::Absent, None)
            }
            Some(Value::String(s)) => (self.by_value(from, s, types, matches), None),
            _ => {
                if let Some(traced) = self.by_trace(from, path, types) {
                    return traced;
                }
                match self.by_reference(from, path, types) {
                    Link::Unresolved(why) => self
                        .infer(from, path, types, &why)
                        .unwrap_or((Link::Unresolved(why), None)),
                    link => (link, None),
                }
            }
        }
    }

    /// The one resource of type `rtype` the value at `path` was traced to, when it was
    /// traced to exactly one (see [`crate::model::Resource::resolved`]).
    pub fn traced_one(&self, from: &Resource, path: &str, rtype: &str) -> Option<usize> {
        let (hits, t) = self.traced_hits(from, path, &[rtype])?;
        match hits[..] {
            [one] if t.undecided.is_none() => Some(one),
            _ => None,
        }
    }

    /// The resources of `types` the value at `path` was traced to, in branch order, with the
    /// trace itself.
    fn traced_hits<'r>(
        &self,
        from: &'r Resource,
        path: &str,
        types: &[&str],
    ) -> Option<(Vec<usize>, &'r crate::model::Resolved)> {
        let t = from.resolved.get(path)?;
        let mut hits: Vec<usize> = t
            .addresses
            .iter()
            .filter_map(|a| self.by_address.get(a.as_str()).copied())
            .filter(|&i| types.contains(&self.res(i).rtype.as_str()))
            .collect();
        hits.dedup();
        Some((hits, t))
    }

    /// Through the resource instances the HCL evaluator traced the value to.
    fn by_trace(
        &self,
        from: &Resource,
        path: &str,
        types: &[&str],
    ) -> Option<(Link, Option<String>)> {
        let (hits, t) = self.traced_hits(from, path, types)?;
        match (hits.len(), &t.undecided) {
            (0, _) => None,
            (1, None) => Some((Link::Found(hits), None)),
            (_, Some(cond)) => {
                let first = hits[0];
                let note = (hits.len() > 1).then(|| {
                    format!(
                        "`{path}` depends on a condition that is not known ({cond}); assumed `{}`, the first branch",
                        self.res(first).address
                    )
                });
                Some((Link::Found(vec![first]), note))
            }
            (_, None) => Some((
                Link::Unresolved(format!("`{path}` refers to several resources")),
                None,
            )),
        }
    }

    /// A service whose `task_definition` the inputs cannot follow (a plan's `configuration`
    /// has no locals) and whose own module instance declares exactly one task definition
    /// instance: that one, as an inference the report states.
    fn infer(
        &self,
        from: &Resource,
        path: &str,
        types: &[&str],
        why: &str,
    ) -> Option<(Link, Option<String>)> {
        if path != "task_definition" || types != ["aws_ecs_task_definition"] {
            return None;
        }
        let only_locals = from.references.get(path).is_some_and(|refs| {
            !refs.is_empty()
                && refs
                    .iter()
                    .all(|r| r.starts_with("local.") || r.starts_with("var."))
        });
        if !only_locals || !matches!(from.get(path), Some(Value::Unknown(_)) | None) {
            return None;
        }
        let mine: Vec<usize> = self
            .by_name
            .get(from.module.as_str())?
            .get("aws_ecs_task_definition")?
            .values()
            .flatten()
            .copied()
            .filter(|&i| self.res(i).mode == Mode::Managed)
            .collect();
        let [only] = mine[..] else { return None };
        Some((
            Link::Found(vec![only]),
            Some(format!(
                "inferred: {why}, and `{}` is the only task definition of its module instance",
                self.res(only).address
            )),
        ))
    }

    fn by_value(
        &self,
        from: &Resource,
        s: &str,
        types: &[&str],
        matches: &dyn Fn(&Resource, &str) -> bool,
    ) -> Link {
        let mut hits: Vec<(usize, usize)> = lookup_keys(s)
            .iter()
            .flat_map(|k| self.by_key.get(k).map_or(&[][..], Vec::as_slice))
            .filter_map(|&i| {
                let t = types.iter().position(|t| *t == self.res(i).rtype)?;
                matches(self.res(i), s).then_some((t, i))
            })
            .collect();
        // Same order as a scan of `types` in order, each in index order.
        hits.sort_unstable();
        hits.dedup();
        let hits: Vec<usize> = hits.into_iter().map(|(_, i)| i).collect();
        let same_module: Vec<usize> = hits
            .iter()
            .copied()
            .filter(|&i| self.res(i).module == from.module)
            .collect();
        match (hits.len(), same_module.len()) {
            (0, _) => Link::Unresolved(format!("`{s}` is not defined in the inputs")),
            (_, 1) => Link::Found(same_module),
            (1, _) => Link::Found(hits),
            _ => Link::Unresolved(format!("`{s}` matches several resources")),
        }
    }

    /// Follows the configuration references of `path` to exactly one resource: count/for_each
    /// instances are narrowed to the one with the same instance key as `from`.
    fn by_reference(&self, from: &Resource, path: &str, types: &[&str]) -> Link {
        // Through a module input: `task_definition = var.td` inside a module, where the call
        // passes `aws_ecs_task_definition.app.arn` (plan `configuration.module_calls`).
        if let Some(callers) = from.module_call_references.get(path) {
            let want_key = crate::model::refs::last_call_key(&from.module);
            let mut found = Vec::new();
            for c in callers {
                let Some((rtype, name)) = split_ref(&c.reference) else {
                    continue;
                };
                if !types.contains(&rtype) {
                    continue;
                }
                if let Some(cands) = self.by_config.get(&(&*c.module, rtype, name)) {
                    // `module.td.arns[each.key]` (a map output of a for_each resource) lists
                    // only `module.td.arns` and `each.key`: the instance with the service's
                    // own key.
                    let by_each_key = from.key.is_some()
                        && from
                            .references
                            .get(path)
                            .is_some_and(|r| r.iter().any(|x| x == "each.key"));
                    let keyed = match want_key.and_then(parse_key) {
                        Some(k) if cands.len() > 1 => self.same_key(cands, &Some(k)),
                        _ if cands.len() > 1 && by_each_key => self.same_key(cands, &from.key),
                        _ => &[],
                    };
                    if cands.len() > 1 && keyed.len() == 1 {
                        found.extend_from_slice(keyed);
                    } else {
                        found.extend(cands.iter().copied());
                    }
                }
            }
            found.sort_unstable();
            found.dedup();
            if found.len() == 1 {
                return Link::Found(found);
            }
        }
        let Some(refs) = from.references.get(path) else {
            return Link::Unresolved(match from.get(path) {
                Some(Value::Unknown(u)) => format!("`{path}` is unknown ({})", u.reason),
                _ => format!("`{path}` does not name a resource in the inputs"),
            });
        };
        let mut found = Vec::new();
        let mut why = None;
        for r in refs {
            let Some((rtype, name)) = split_ref(r) else {
                why.get_or_insert_with(|| format!("`{path}` comes from `{r}`"));
                continue;
            };
            if !types.iter().any(|t| *t == rtype || data_key(t) == rtype) {
                continue;
            }
            let Some(cands) = self.by_config.get(&(from.module.as_str(), rtype, name)) else {
                continue;
            };
            if cands.len() > 1 {
                let same_key = self.same_key(cands, &from.key);
                if same_key.len() == 1 {
                    found.extend_from_slice(same_key);
                } else {
                    why.get_or_insert_with(|| {
                        format!("`{path}` refers to `{rtype}.{name}`, which has several instances")
                    });
                }
            } else {
                found.extend(cands.iter().copied());
            }
        }
        found.sort_unstable();
        found.dedup();
        if found.is_empty() {
            Link::Unresolved(
                why.unwrap_or_else(|| {
                    format!("`{path}` does not refer to a resource in the inputs")
                }),
            )
        } else if found.len() > 1 {
            Link::Unresolved(format!("`{path}` refers to several resources"))
        } else {
            Link::Found(found)
        }
    }
}

/// An instance key as [`InstanceKey`]'s `Display` writes it (`[0]`, `["api"]`).
fn parse_key(s: &str) -> Option<InstanceKey> {
    let inner = s.strip_prefix('[')?.strip_suffix(']')?;
    if inner.starts_with('"') {
        serde_json::from_str::<String>(inner)
            .ok()
            .map(InstanceKey::Str)
    } else {
        inner.parse().ok().map(InstanceKey::Int)
    }
}

/// The [`KEY_ATTRS`] values a resource named by `s` may have: `s` itself, its [`arn_name`]
/// and, for `family:revision`, the family.
fn lookup_keys(s: &str) -> Vec<&str> {
    let mut keys = vec![s];
    let name = arn_name(s);
    if name != s {
        keys.push(name);
    }
    if let Some((family, rev)) = name.rsplit_once(':')
        && rev.chars().all(|c| c.is_ascii_digit())
    {
        keys.push(family);
    }
    keys
}

/// The key under which data sources are indexed: `data.TYPE`.
fn data_key(rtype: &str) -> &'static str {
    // Only `template_file` data sources matter to analysis; others index under a sentinel.
    if rtype == "template_file" {
        "data.template_file"
    } else {
        "data.*"
    }
}

/// `aws_ecs_task_definition.app.arn` -> (`aws_ecs_task_definition`, `app`);
/// `data.template_file.x.rendered` -> (`data.template_file`, `x`); `var.x` -> None.
fn split_ref(r: &str) -> Option<(&str, &str)> {
    let mut parts = r.split('.');
    let first = parts.next()?;
    match first {
        "var" | "local" | "module" | "each" | "count" | "path" | "terraform" | "self" => None,
        "data" => {
            let t = parts.next()?;
            let n = strip_index(parts.next()?);
            Some((
                if t == "template_file" {
                    "data.template_file"
                } else {
                    "data.*"
                },
                n,
            ))
        }
        t => Some((t, strip_index(parts.next()?))),
    }
}

fn strip_index(name: &str) -> &str {
    name.split('[').next().unwrap_or(name)
}

/// The last path segment of an ARN or a plain name: `arn:...:cluster/main` -> `main`.
pub fn arn_name(s: &str) -> &str {
    if s.starts_with("arn:") {
        s.rsplit('/').next().unwrap_or(s)
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{InputInfo, InputKind};

    fn res(rtype: &str, name: &str, values: serde_json::Value) -> Resource {
        let mut r = Resource::new("", Mode::Managed, rtype, name, None);
        r.address = format!("{rtype}.{name}");
        r.values = Value::from_json(&values);
        r
    }

    #[test]
    fn known_values_link_through_the_key_index() {
        let mut m = Model::new(InputInfo {
            kind: InputKind::Plan,
            path: "p".into(),
            ..InputInfo::default()
        });
        let arn = "arn:aws:ecs:us-east-1:1:task-definition/web:7";
        m.resources = vec![
            res(
                "aws_ecs_task_definition",
                "other",
                serde_json::json!({"family": "other"}),
            ),
            res(
                "aws_ecs_task_definition",
                "web",
                serde_json::json!({"family": "web", "revision": 7, "arn": arn}),
            ),
            res(
                "aws_ecs_cluster",
                "main",
                serde_json::json!({"name": "main", "id": "main"}),
            ),
            res(
                "aws_ecs_service",
                "a",
                serde_json::json!({"task_definition": arn}),
            ),
            res(
                "aws_ecs_service",
                "b",
                serde_json::json!({"task_definition": "web:7"}),
            ),
            res(
                "aws_ecs_service",
                "c",
                serde_json::json!({"task_definition": "web:8"}),
            ),
            res(
                "aws_ecs_service",
                "d",
                serde_json::json!({"cluster": "arn:aws:ecs:us-east-1:1:cluster/main"}),
            ),
        ];
        let ix = Index::new(&m);
        let td = |i: usize| {
            ix.follow(
                ix.res(i),
                "task_definition",
                &["aws_ecs_task_definition"],
                &crate::ecs::td_matches,
            )
        };
        assert_eq!(td(3), Link::Found(vec![1]));
        assert_eq!(td(4), Link::Found(vec![1]));
        assert!(matches!(td(5), Link::Unresolved(_)), "{:?}", td(5));
        let cluster = ix.follow(
            ix.res(6),
            "cluster",
            &["aws_ecs_cluster"],
            &crate::ecs::platform::cluster_matches,
        );
        assert_eq!(cluster, Link::Found(vec![2]));
        assert_eq!(
            lookup_keys("arn:aws:ecs:r:1:task-definition/web:7"),
            vec!["arn:aws:ecs:r:1:task-definition/web:7", "web:7", "web"]
        );
    }

    #[test]
    fn splits_references() {
        assert_eq!(
            split_ref("aws_ecs_task_definition.app.arn"),
            Some(("aws_ecs_task_definition", "app"))
        );
        assert_eq!(split_ref("aws_subnet.a[0]"), Some(("aws_subnet", "a")));
        assert_eq!(
            split_ref("data.template_file.c.rendered"),
            Some(("data.template_file", "c"))
        );
        assert_eq!(split_ref("var.x"), None);
        assert_eq!(arn_name("arn:aws:ecs:us-east-1:1:cluster/main"), "main");
        for k in [InstanceKey::Int(3), InstanceKey::Str("a\"b[c]".into())] {
            assert_eq!(parse_key(&k.to_string()), Some(k));
        }
    }
}

//! Expression references from a plan's `configuration` (terraform-inputs.md §4.1). They link
//! resources whose linking attribute is unknown at plan time, e.g. a service's
//! `task_definition = aws_ecs_task_definition.app.arn` when the task definition is new.

use super::address;
use super::schema::ConfigModule;
use crate::model::CallerReference;
use crate::model::refs::{join_path as join, module_output, module_prefix as prefix, var_name};
use crate::model::{FastMap as HashMap, FastSet as HashSet};
use serde_json::Value as Json;
use serde_json::value::RawValue;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

/// References per attribute path (`load_balancer.0.target_group_arn`).
pub(super) type References = BTreeMap<String, Vec<String>>;

/// References per module input or output name, shared with the caller references built
/// from them.
type Shared = BTreeMap<String, Vec<Arc<str>>>;

/// What a reference written in a module instance stands for, at a recursion depth.
type Followed = Vec<(usize, Arc<[CallerReference]>)>;

/// The references of resource blocks by name, managed and data sources apart.
type ByName = [HashMap<String, Arc<References>>; 2];

/// Everything read from `configuration`.
#[derive(Default)]
pub(super) struct ConfigRefs {
    /// References of every relevant resource block: module path without instance keys ->
    /// type -> [managed, data] -> name. Nested so that the lookup made for every resource
    /// instance borrows its key.
    /// Shared with every instance of the block.
    pub resources: HashMap<String, HashMap<String, ByName>>,
    /// Module call inputs: calling module's path without keys -> call name -> references
    /// per input name. Nested so that lookups borrow (one lookup per followed reference).
    pub calls: HashMap<String, HashMap<String, Shared>>,
    /// Module outputs: module path without instance keys -> output name -> references
    /// (sorted: every output of a module is listed in name order).
    pub outputs: HashMap<String, Shared>,
    /// Module calls expanded with `count`/`for_each`: calling path without keys -> names.
    pub keyed_calls: HashMap<String, HashSet<String>>,
    /// Blocks whose expressions could not be read: (address, reason).
    pub errors: Vec<(String, String)>,
    /// What each reference followed so far stands for: module instance -> reference ->
    /// by depth. The resources of a module instance, and of all the instances it calls,
    /// follow the same `var.` references up through the same callers; resources are read
    /// on several threads, hence the lock (held only to look up or insert).
    followed: Mutex<HashMap<String, HashMap<String, Followed>>>,
}

/// Collects the references of every relevant resource block in `root` and its module calls,
/// and the references passed to every module input. `is_relevant` filters resource types so
/// unrelated expressions are never built.
pub(super) fn collect(root: &ConfigModule<'_>, is_relevant: fn(&str) -> bool) -> ConfigRefs {
    let mut out = ConfigRefs::default();
    walk(root, String::new(), is_relevant, &mut out);
    out
}

fn walk(
    module: &ConfigModule<'_>,
    path: String,
    is_relevant: fn(&str) -> bool,
    out: &mut ConfigRefs,
) {
    for r in &module.resources {
        if !is_relevant(&r.rtype) {
            continue;
        }
        let addr = || format!("{}{}.{}", prefix(&path), r.rtype, r.name);
        match references_of(r.expressions) {
            Ok(refs) => {
                let data = r.mode.as_deref() == Some("data");
                out.resources
                    .entry(path.clone())
                    .or_default()
                    .entry(r.rtype.to_string())
                    .or_default()[usize::from(data)]
                .insert(r.name.to_string(), Arc::new(refs));
            }
            Err(e) => out.errors.push((addr(), e)),
        }
    }
    for (name, out_def) in &module.outputs {
        if let Ok(refs) = references_of_expr(out_def.expression) {
            out.outputs
                .entry(path.clone())
                .or_default()
                .insert(name.clone(), refs.into_iter().map(Arc::from).collect());
        }
    }
    for (name, call) in &module.module_calls {
        if call.count_expression.is_some() || call.for_each_expression.is_some() {
            out.keyed_calls
                .entry(path.clone())
                .or_default()
                .insert(name.clone());
        }
        match references_of(call.expressions) {
            Ok(refs) => {
                let shared = refs
                    .into_iter()
                    .map(|(input, r)| (input, r.into_iter().map(Arc::from).collect()))
                    .collect();
                out.calls
                    .entry(path.clone())
                    .or_default()
                    .insert(name.clone(), shared);
            }
            Err(e) => out
                .errors
                .push((format!("{}module.{name}", prefix(&path)), e)),
        }
        if let Some(child) = &call.module {
            walk(
                child,
                format!("{}module.{name}", prefix(&path)),
                is_relevant,
                out,
            );
        }
    }
}

impl ConfigRefs {
    /// The references of resource block `rtype`.`name` (data source if `data`) in the module
    /// configuration `module` (path without instance keys).
    pub(super) fn resource(
        &self,
        module: &str,
        data: bool,
        rtype: &str,
        name: &str,
    ) -> Option<&Arc<References>> {
        self.resources.get(module)?.get(rtype)?[usize::from(data)].get(name)
    }

    /// What the `var.` references of a resource in module instance `module` stand for
    /// (see [`crate::model::Resource::module_call_references`]).
    pub(super) fn through_calls(
        &self,
        module: &str,
        references: &References,
        each_key: Option<&str>,
    ) -> BTreeMap<String, Vec<CallerReference>> {
        let mut out = BTreeMap::new();
        for (path, refs) in references {
            let mut found = Vec::new();
            for r in refs {
                self.follow_into(module, r, 0, &mut found);
            }
            // `module.td[each.key].arn`: the plan lists only `module.td` and `each.key`.
            // Keyed by the resource's own `each.key`, every output of that one instance is a
            // candidate; the linker keeps the one of the wanted type.
            if refs.iter().any(|r| r == "each.key") {
                for r in refs {
                    if let Some(call) = r.strip_prefix("module.").filter(|c| !c.contains('.')) {
                        self.outputs_of_instance(module, call, each_key, &mut found);
                    }
                }
            }
            // The first of equal candidates is kept, in the order found (most paths find
            // none or one: no set to build).
            if found.len() > 1 {
                let mut seen = HashSet::default();
                let keep: Vec<bool> = found.iter().map(|c| seen.insert(c)).collect();
                let mut keep = keep.into_iter();
                found.retain(|_| keep.next().unwrap_or(false));
            }
            if !found.is_empty() {
                out.insert(path.clone(), found);
            }
        }
        out
    }

    /// Every output of the instance `each_key` of call `call` in `module` (keyed calls), or
    /// of the one instance (unkeyed), followed inward.
    fn outputs_of_instance(
        &self,
        module: &str,
        call: &str,
        each_key: Option<&str>,
        out: &mut Vec<CallerReference>,
    ) {
        let stripped = address::strip_keys(module);
        let keyed = self.is_keyed(&stripped, call);
        let child: Arc<str> = match (keyed, each_key) {
            (true, Some(k)) => format!(
                "{}module.{call}{}",
                prefix(module),
                crate::model::InstanceKey::Str(k.to_string())
            ),
            (false, _) => format!("{}module.{call}", prefix(module)),
            (true, None) => return,
        }
        .into();
        let config_child = format!("{}module.{call}", prefix(&stripped));
        for refs in self
            .outputs
            .get(&config_child)
            .into_iter()
            .flat_map(|o| o.values())
        {
            for r in refs {
                out.push(CallerReference {
                    module: child.clone(),
                    reference: r.clone(),
                });
                self.follow_into(&child, r, 1, out);
            }
        }
    }

    /// Whether call `call` in module `stripped` (path without keys) has `count`/`for_each`.
    fn is_keyed(&self, stripped: &str, call: &str) -> bool {
        self.keyed_calls
            .get(stripped)
            .is_some_and(|calls| calls.contains(call))
    }

    /// Resolves `var.NAME…` written in `module` to the caller's references, and
    /// `module.CALL.OUTPUT…` to the references of that output inside the called module,
    /// recursively, in the order found. Terminates: each step moves one module up or down a
    /// finite tree, and `depth` bounds a configuration that loops through outputs and
    /// inputs. Remembered per module instance, reference and depth, so the result is the
    /// same as following again. `None` for a reference that stays in its module (most
    /// are), without touching the lock or allocating.
    fn follow(
        &self,
        module: &str,
        reference: &str,
        depth: usize,
    ) -> Option<Arc<[CallerReference]>> {
        let crosses = reference.starts_with("var.") || reference.starts_with("module.");
        if depth > 32 || !crosses {
            return None;
        }
        if let Some(hit) = self
            .memo()
            .get(module)
            .and_then(|m| m.get(reference))
            .and_then(|d| d.iter().find(|(at, _)| *at == depth))
        {
            return Some(hit.1.clone());
        }
        let mut out = Vec::new();
        self.follow_step(module, reference, depth, &mut out);
        let out: Arc<[CallerReference]> = out.into();
        self.memo()
            .entry(module.to_string())
            .or_default()
            .entry(reference.to_string())
            .or_default()
            .push((depth, out.clone()));
        Some(out)
    }

    /// Appends what [`ConfigRefs::follow`] finds to `out`.
    fn follow_into(
        &self,
        module: &str,
        reference: &str,
        depth: usize,
        out: &mut Vec<CallerReference>,
    ) {
        if let Some(found) = self.follow(module, reference, depth) {
            out.extend(found.iter().cloned());
        }
    }

    /// The remembered results; a panic elsewhere while it was held leaves it usable.
    fn memo(&self) -> std::sync::MutexGuard<'_, HashMap<String, HashMap<String, Followed>>> {
        self.followed.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// One step of [`ConfigRefs::follow`]: the references `reference` stands for one module
    /// down or up, each followed on.
    fn follow_step(
        &self,
        module: &str,
        reference: &str,
        depth: usize,
        out: &mut Vec<CallerReference>,
    ) {
        if let Some((call, output)) = module_output(reference) {
            let stripped = address::strip_keys(module);
            // A call expanded with count/for_each has instances we cannot tell apart here.
            if self.is_keyed(&stripped, call) {
                return;
            }
            let config_child = format!("{}module.{call}", prefix(&stripped));
            let Some(refs) = self.outputs.get(&config_child).and_then(|o| o.get(output)) else {
                return;
            };
            let child: Arc<str> = format!("{}module.{call}", prefix(module)).into();
            for r in refs {
                out.push(CallerReference {
                    module: child.clone(),
                    reference: r.clone(),
                });
                self.follow_into(&child, r, depth + 1, out);
            }
            return;
        }
        let Some(var) = var_name(reference) else {
            return;
        };
        let Some((parent, call)) = address::split_last_call(module) else {
            return;
        };
        let Some(refs) = self
            .calls
            .get(&address::strip_keys(parent))
            .and_then(|calls| calls.get(call))
            .and_then(|inputs| inputs.get(var))
        else {
            return;
        };
        let parent_name: Arc<str> = parent.into();
        for r in refs {
            out.push(CallerReference {
                module: parent_name.clone(),
                reference: r.clone(),
            });
            self.follow_into(parent, r, depth + 1, out);
        }
    }
}

/// The references of a single expression (an output's).
fn references_of_expr(expression: Option<&RawValue>) -> Result<Vec<String>, String> {
    let Some(raw) = expression else {
        return Ok(Vec::new());
    };
    let expr: Json = serde_json::from_str(raw.get()).map_err(|e| e.to_string())?;
    Ok(expr
        .get("references")
        .and_then(Json::as_array)
        .map(|l| {
            l.iter()
                .filter_map(|r| r.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default())
}

fn references_of(expressions: Option<&RawValue>) -> Result<References, String> {
    let mut refs = References::new();
    if let Some(raw) = expressions {
        let expr: Json = serde_json::from_str(raw.get()).map_err(|e| e.to_string())?;
        walk_expr(&expr, "", &mut refs);
    }
    Ok(refs)
}

/// An expression is `{"references": [...]}` or `{"constant_value": ...}`; anything else is a
/// map of attribute -> expression (a block), and nested blocks are arrays of such maps.
fn walk_expr(expr: &Json, path: &str, out: &mut References) {
    match expr {
        Json::Object(o) => {
            if let Some(Json::Array(list)) = o.get("references") {
                let refs: Vec<String> = list
                    .iter()
                    .filter_map(|r| r.as_str().map(str::to_string))
                    .collect();
                if !refs.is_empty() && !path.is_empty() {
                    out.insert(path.to_string(), refs);
                }
                return;
            }
            if o.contains_key("constant_value") {
                return;
            }
            for (k, v) in o {
                walk_expr(v, &join(path, k), out);
            }
        }
        Json::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                walk_expr(v, &join(path, &i.to_string()), out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nested_blocks_get_indexed_paths() {
        let e = json!({
            "task_definition": {"references": ["aws_ecs_task_definition.app.arn", "aws_ecs_task_definition.app"]},
            "desired_count": {"constant_value": 2},
            "load_balancer": [
                {"container_port": {"constant_value": 80}},
                {"target_group_arn": {"references": ["aws_lb_target_group.b.arn"]}}
            ],
            "mixed_instances_policy": [{"launch_template": [{"launch_template_specification": [
                {"launch_template_id": {"references": ["aws_launch_template.lt.id"]}}]}]}],
            "container_definitions": {}
        });
        let mut out = References::new();
        walk_expr(&e, "", &mut out);
        assert_eq!(
            out.get("task_definition").unwrap(),
            &vec![
                "aws_ecs_task_definition.app.arn".to_string(),
                "aws_ecs_task_definition.app".to_string()
            ]
        );
        assert_eq!(
            out.get("load_balancer.1.target_group_arn").unwrap(),
            &vec!["aws_lb_target_group.b.arn".to_string()]
        );
        assert_eq!(
            out.get("mixed_instances_policy.0.launch_template.0.launch_template_specification.0.launch_template_id")
                .unwrap(),
            &vec!["aws_launch_template.lt.id".to_string()]
        );
        assert_eq!(out.len(), 3);
    }
}

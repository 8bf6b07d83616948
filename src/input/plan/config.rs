//! Expression references from a plan's `configuration` (terraform-inputs.md §4.1). They link
//! resources whose linking attribute is unknown at plan time, e.g. a service's
//! `task_definition = aws_ecs_task_definition.app.arn` when the task definition is new.

use super::schema::{ConfigModule, ConfigResource};
use serde_json::Value as Json;
use std::collections::{BTreeMap, HashMap};

/// Identifies a resource block: (module path without instance keys, is data, type, name).
pub type ConfigKey = (String, bool, String, String);

/// References per attribute path (`load_balancer.0.target_group_arn`).
pub type References = BTreeMap<String, Vec<String>>;

/// Collects the references of every relevant resource block in `root` and its module calls.
/// `is_relevant` filters by resource type so unrelated expressions are never built.
/// A resource whose `expressions` cannot be read is returned in the error list by address.
pub fn collect(
    root: &ConfigModule<'_>,
    is_relevant: fn(&str) -> bool,
) -> (HashMap<ConfigKey, References>, Vec<(String, String)>) {
    let mut out = HashMap::new();
    let mut errors = Vec::new();
    walk(root, String::new(), is_relevant, &mut out, &mut errors);
    (out, errors)
}

fn walk(
    module: &ConfigModule<'_>,
    path: String,
    is_relevant: fn(&str) -> bool,
    out: &mut HashMap<ConfigKey, References>,
    errors: &mut Vec<(String, String)>,
) {
    for r in &module.resources {
        if !is_relevant(&r.rtype) {
            continue;
        }
        match references_of(r) {
            Ok(refs) => {
                let data = r.mode.as_deref() == Some("data");
                out.insert(
                    (path.clone(), data, r.rtype.to_string(), r.name.to_string()),
                    refs,
                );
            }
            Err(e) => errors.push((format!("{}{}.{}", prefix(&path), r.rtype, r.name), e)),
        }
    }
    for (name, call) in &module.module_calls {
        if let Some(child) = &call.module {
            walk(
                child,
                format!("{}module.{name}", prefix(&path)),
                is_relevant,
                out,
                errors,
            );
        }
    }
}

fn prefix(path: &str) -> String {
    if path.is_empty() {
        String::new()
    } else {
        format!("{path}.")
    }
}

fn references_of(r: &ConfigResource<'_>) -> Result<References, String> {
    let mut refs = References::new();
    if let Some(raw) = r.expressions {
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

fn join(path: &str, seg: &str) -> String {
    if path.is_empty() {
        seg.to_string()
    } else {
        format!("{path}.{seg}")
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

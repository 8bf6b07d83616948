//! The few provider schema types ECS analysis relies on: Terraform converts an argument to
//! its schema type before the plan shows it (`desired_count = "3"` plans as the number 3;
//! a task definition's `cpu = 256` as the string "256"). Without the provider schema we
//! apply the same conversion to these known arguments only.

use crate::model::Value;

/// (resource type, dotted path with `*` for any list index, schema type is number).
const TYPED: &[(&str, &str, bool)] = &[
    ("aws_ecs_service", "desired_count", true),
    ("aws_ecs_service", "deployment_maximum_percent", true),
    (
        "aws_ecs_service",
        "deployment_minimum_healthy_percent",
        true,
    ),
    ("aws_ecs_service", "health_check_grace_period_seconds", true),
    ("aws_ecs_service", "load_balancer.*.container_port", true),
    (
        "aws_ecs_service",
        "capacity_provider_strategy.*.weight",
        true,
    ),
    ("aws_ecs_service", "capacity_provider_strategy.*.base", true),
    ("aws_ecs_service", "service_registries.*.port", true),
    (
        "aws_ecs_service",
        "service_registries.*.container_port",
        true,
    ),
    ("aws_ecs_task_definition", "cpu", false),
    ("aws_ecs_task_definition", "memory", false),
    ("aws_lb_target_group", "port", true),
    ("aws_alb_target_group", "port", true),
    ("aws_autoscaling_group", "min_size", true),
    ("aws_autoscaling_group", "max_size", true),
    ("aws_autoscaling_group", "desired_capacity", true),
    ("aws_appautoscaling_target", "min_capacity", true),
    ("aws_appautoscaling_target", "max_capacity", true),
    (
        "aws_ecs_capacity_provider",
        "auto_scaling_group_provider.*.managed_scaling.*.target_capacity",
        true,
    ),
    (
        "aws_ecs_capacity_provider",
        "auto_scaling_group_provider.*.managed_scaling.*.maximum_scaling_step_size",
        true,
    ),
    (
        "aws_ecs_capacity_provider",
        "auto_scaling_group_provider.*.managed_scaling.*.minimum_scaling_step_size",
        true,
    ),
];

/// Converts the known typed arguments of a resource's values.
pub(super) fn coerce(rtype: &str, mut v: Value) -> Value {
    for (t, path, number) in TYPED {
        if *t == rtype {
            let segs: Vec<&str> = path.split('.').collect();
            apply(&mut v, &segs, *number);
        }
    }
    v
}

fn apply(v: &mut Value, segs: &[&str], number: bool) {
    let Some((first, rest)) = segs.split_first() else {
        let new = match (&*v, number) {
            (Value::String(s), true) => s.trim().parse::<f64>().ok().map(Value::Number),
            (Value::Number(n), false) => Some(Value::String(
                crate::model::Value::Number(*n).to_json().to_string(),
            )),
            (Value::Bool(b), false) => Some(Value::String(b.to_string())),
            _ => None,
        };
        if let Some(n) = new {
            *v = n;
        }
        return;
    };
    match (v, *first) {
        (Value::List(l), "*") => l.iter_mut().for_each(|x| apply(x, rest, number)),
        (Value::Object(o), k) => {
            if let Some(x) = o.get_mut(k) {
                apply(x, rest, number);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_to_schema_types() {
        let mut o = crate::model::Map::new();
        o.insert("cpu".to_string(), Value::Number(256.0));
        o.insert("family".to_string(), Value::String("x".into()));
        let v = coerce("aws_ecs_task_definition", Value::Object(o));
        assert_eq!(v.get("cpu"), Some(&Value::String("256".into())));
        let mut s = crate::model::Map::new();
        s.insert("desired_count".to_string(), Value::String("3".into()));
        let lb = [("container_port".to_string(), Value::String("80".into()))]
            .into_iter()
            .collect();
        s.insert(
            "load_balancer".to_string(),
            Value::List(vec![Value::Object(lb)]),
        );
        let v = coerce("aws_ecs_service", Value::Object(s));
        assert_eq!(v.get("desired_count"), Some(&Value::Number(3.0)));
        assert_eq!(
            v.path("load_balancer.0.container_port"),
            Some(&Value::Number(80.0))
        );
    }
}

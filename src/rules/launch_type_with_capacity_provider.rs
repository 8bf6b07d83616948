//! ECS410 `launch-type-with-capacity-provider`: `launch_type` and a capacity provider strategy
//! are mutually exclusive.

use super::meta::RuleMeta;
use super::scope;
use crate::ecs::Analysis;
use crate::scaling::Scaling;
use crate::finding::{Finding, Severity};
use crate::model::Value;

/// The rule's metadata.
pub static META: RuleMeta = RuleMeta {
    code: "ECS410",
    name: "launch-type-with-capacity-provider",
    severity: Severity::Error,
    summary: "a service sets both `launch_type` and `capacity_provider_strategy`",
    help: "remove `launch_type` and let the capacity provider strategy choose the platform, or remove the strategy",
    doc: r#"## What it does

Flags an `aws_ecs_service` that sets `launch_type` and also has `capacity_provider_strategy`
blocks.

## Why is this bad?

A service is placed either by launch type or by capacity providers, not both.
`CreateService` fails with "Specifying both a launch type and capacity provider strategy is
not supported. Remove one and try again.", so `terraform apply` stops.

## Example

```hcl
resource "aws_ecs_service" "api" {
  name        = "api"
  launch_type = "FARGATE" # error
  capacity_provider_strategy {
    capacity_provider = "FARGATE_SPOT"
    weight            = 1
  }
}
```

## References

- ecs-networking.md §1.1 (effective platform), §5.5, rule SV-16
- [CreateService](https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html)
"#,
};

/// Raises the findings of this rule.
pub fn check(a: &Analysis<'_>, _: &Scaling, out: &mut Vec<Finding>) {
    for (_, r) in scope::services(a) {
        let lt = match r.get("launch_type") {
            Some(Value::String(s)) if !s.is_empty() => s.clone(),
            // Optional+Computed: only a referenced unknown is really set (§1.1).
            Some(Value::Unknown(_)) if r.references.contains_key("launch_type") => {
                "(unknown)".to_string()
            }
            _ => continue,
        };
        let n = match r.get("capacity_provider_strategy") {
            Some(Value::List(l)) if !l.is_empty() => l.len(),
            _ => continue,
        };
        out.push(META.finding(
            format!(
                "`{}` sets `launch_type` `{lt}` and {n} `capacity_provider_strategy` block{}; AWS accepts only one of them",
                r.address,
                if n == 1 { "" } else { "s" }
            ),
            Some(r.address.clone()),
            r.location_of("launch_type").cloned(),
        ));
    }
}

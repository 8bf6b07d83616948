//! ECS203 `ports-in-none-mode`: port mappings are not allowed in the none network mode.

use super::meta::RuleMeta;
use super::scope;
use crate::ecs::portmap::{container_path, containers};
use crate::scaling::Scaling;
use crate::ecs::{Analysis, NetworkMode};
use crate::finding::{Finding, Severity};

/// The rule's metadata.
pub static META: RuleMeta = RuleMeta {
    code: "ECS203",
    name: "ports-in-none-mode",
    severity: Severity::Error,
    summary: "a container has port mappings in the none network mode",
    help: "remove `portMappings`, or choose a network mode that has connectivity (`awsvpc` or `bridge`)",
    doc: r#"## What it does

Flags every container definition with a non-empty `portMappings` list in a task definition
with `network_mode = "none"`.

## Why is this bad?

In `none` mode the task has no external network connectivity, so there is nothing to map a
port to. The ECS API does not allow port mappings in this mode and rejects the task
definition, so `terraform apply` fails.

## Example

```hcl
resource "aws_ecs_task_definition" "batch" {
  family       = "batch"
  network_mode = "none"
  container_definitions = jsonencode([{
    name         = "batch"
    image        = "example/batch:1"
    memory       = 512
    portMappings = [{ containerPort = 8080 }] # error
  }])
}
```

## References

- ecs-networking.md §2.1, §2.2 (field compatibility by mode), rule PM-01
- [Task definition parameters — portMappings](https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html)
"#,
};

/// Raises the findings of this rule.
pub fn check(a: &Analysis<'_>, _: &Scaling, out: &mut Vec<Finding>) {
    for (td, r) in scope::task_definitions(a) {
        if td.explicit_mode() != Some(NetworkMode::None) {
            continue;
        }
        for c in containers(&td.containers).unwrap_or_default() {
            let n = match &c.port_mappings {
                Ok(p) if !p.is_empty() => p.len(),
                _ => continue,
            };
            out.push(META.finding(
                format!(
                    "container `{}` has {n} port mapping{} but the task uses network mode `none`, which has no connectivity",
                    c.label(),
                    if n == 1 { "" } else { "s" }
                ),
                Some(r.address.clone()),
                r.location_of(&container_path(c, "portMappings")).cloned(),
            ));
        }
    }
}

//! ECS105 `hostname-with-awsvpc`: container `hostname` is rejected in the awsvpc mode.

use super::meta::RuleMeta;
use super::scope;
use crate::ecs::portmap::{container_path, containers};
use crate::scaling::Scaling;
use crate::ecs::{Analysis, NetworkMode};
use crate::finding::{Finding, Severity};
use crate::model::Value;

/// The rule's metadata.
pub static META: RuleMeta = RuleMeta {
    code: "ECS105",
    name: "hostname-with-awsvpc",
    severity: Severity::Error,
    summary: "a container sets `hostname` in the awsvpc network mode",
    help: "remove `hostname`: in awsvpc mode the task's host name comes from its network interface",
    doc: r#"## What it does

Flags a container definition that sets `hostname` in a task definition with
`network_mode = "awsvpc"` (every Fargate task definition uses awsvpc).

## Why is this bad?

In awsvpc mode the task's network namespace, and its host name, belong to the task's elastic
network interface. `RegisterTaskDefinition` fails with "hostname is not supported on
container when networkMode=awsvpc.", so `terraform apply` stops.

## Example

```hcl
resource "aws_ecs_task_definition" "api" {
  family       = "api"
  network_mode = "awsvpc"
  container_definitions = jsonencode([{
    name     = "api"
    image    = "example/api:1"
    memory   = 512
    hostname = "api" # error
  }])
}
```

Remove `hostname`; use service discovery or Service Connect for a stable name.

## References

- ecs-networking.md §2.2 (field compatibility by mode), rule NM-07
- [ContainerDefinition](https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html)
"#,
};

/// Raises the findings of this rule.
pub fn check(a: &Analysis<'_>, _: &Scaling, out: &mut Vec<Finding>) {
    for (td, r) in scope::task_definitions(a) {
        if td.explicit_mode() != Some(NetworkMode::Awsvpc) {
            continue;
        }
        for c in containers(&td.containers).unwrap_or_default() {
            let Some(Value::String(h)) = c.field("hostname") else {
                continue;
            };
            if h.is_empty() {
                continue;
            }
            out.push(META.finding(
                format!(
                    "container `{}` sets `hostname` to `{h}` but the task uses network mode `awsvpc`, where AWS rejects it",
                    c.label()
                ),
                Some(r.address.clone()),
                r.location_of(&container_path(c, "hostname")).cloned(),
            ));
        }
    }
}

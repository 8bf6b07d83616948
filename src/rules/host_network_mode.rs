//! ECS106 `host-network-mode`: the host network mode is in use (not recommended by AWS).

use super::meta::RuleMeta;
use super::scope;
use crate::ecs::{Analysis, NetworkMode};
use crate::scaling::Scaling;
use crate::finding::{Finding, Severity};

/// The rule's metadata.
pub static META: RuleMeta = RuleMeta {
    code: "ECS106",
    name: "host-network-mode",
    severity: Severity::Note,
    summary: "a task definition uses the host network mode",
    help: "prefer `network_mode = \"awsvpc\"` (own interface per task) or `\"bridge\"` with dynamic host ports, unless the task really needs the instance's network stack",
    doc: r#"## What it does

Notes every task definition with `network_mode = "host"`.

## Why is this bad?

In host mode containers share the instance's network stack: a container port *is* an
instance port, so at most one task per instance can use it, ports cannot be remapped, and ECS
cannot detect conflicts for ports the containers open without declaring them. AWS documents
that it does not recommend host mode. It is accepted and runs, so this is a note.

## Example

```hcl
resource "aws_ecs_task_definition" "proxy" {
  family       = "proxy"
  network_mode = "host" # note
  container_definitions = jsonencode([{
    name         = "proxy"
    image        = "haproxy:2.9"
    memory       = 256
    portMappings = [{ containerPort = 443 }]
  }])
}
```

## References

- ecs-networking.md §2.1 (what each mode is), §3.6, §4.1, rule NM-12
- [Host network mode](https://docs.aws.amazon.com/AmazonECS/latest/developerguide/networking-networkmode-host.html)
"#,
};

/// Raises the findings of this rule.
pub fn check(a: &Analysis<'_>, _: &Scaling, out: &mut Vec<Finding>) {
    for (td, r) in scope::task_definitions(a) {
        if td.explicit_mode() != Some(NetworkMode::Host) {
            continue;
        }
        out.push(META.finding(
            format!(
                "`{}` uses network mode `host`: each container port is an instance port, so at most one task per instance can use it",
                r.address
            ),
            Some(r.address.clone()),
            r.location_of("network_mode").cloned(),
        ));
    }
}

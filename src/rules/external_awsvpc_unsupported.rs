//! ECS102 `external-awsvpc-unsupported`: ECS Anywhere tasks cannot use the awsvpc mode.

use super::meta::RuleMeta;
use super::scope;
use crate::ecs::{Analysis, LaunchType, NetworkMode};
use crate::scaling::Scaling;
use crate::finding::{Finding, Severity};

/// The rule's metadata.
pub static META: RuleMeta = RuleMeta {
    code: "ECS102",
    name: "external-awsvpc-unsupported",
    severity: Severity::Error,
    summary: "an ECS Anywhere (EXTERNAL) task definition or service uses the awsvpc network mode",
    help: "use `network_mode = \"bridge\"` (or `host`/`none`) for tasks on external instances, and drop the service's `network_configuration`",
    doc: r#"## What it does

Flags a task definition that lists `EXTERNAL` in `requires_compatibilities` with
`network_mode = "awsvpc"`, and a service whose effective platform is `EXTERNAL` (ECS
Anywhere) while its task definition uses `awsvpc`.

## Why is this bad?

External instances are servers or VMs outside AWS: ECS cannot attach elastic network
interfaces to them, so ECS Anywhere supports only the `bridge`, `host` and `none` network
modes on Linux (and the default mode on Windows). Such tasks are rejected or can never be
placed.

## Example

```hcl
resource "aws_ecs_task_definition" "agent" {
  family                   = "agent"
  requires_compatibilities = ["EXTERNAL"]
  network_mode             = "awsvpc" # error: not supported on external instances
  container_definitions    = jsonencode([{ name = "agent", image = "example/agent:1", memory = 256 }])
}
```

Use `network_mode = "bridge"` instead.

## References

- ecs-networking.md §1.3 (network mode per platform), §2.3, §5.7 (ECS Anywhere), rule NM-02
- [ECS Anywhere](https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-anywhere.html)
"#,
};

/// Raises the findings of this rule.
pub fn check(a: &Analysis<'_>, _: &Scaling, out: &mut Vec<Finding>) {
    for t in scope::for_platform(a, LaunchType::External) {
        let awsvpc = match t.service {
            None => t.td.explicit_mode() == Some(NetworkMode::Awsvpc),
            Some(svc) => svc.network_mode == Some(NetworkMode::Awsvpc),
        };
        if !awsvpc {
            continue;
        }
        out.push(META.finding(
            format!(
                "{} but uses network mode `awsvpc`; external instances support only `bridge`, `host` and `none`",
                t.describe(LaunchType::External)
            ),
            Some(t.subject.clone()),
            t.res.location_of("network_mode").cloned(),
        ));
    }
}

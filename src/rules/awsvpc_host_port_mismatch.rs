//! ECS201 `awsvpc-host-port-mismatch`: in awsvpc mode a host port must equal its container port.

use super::meta::RuleMeta;
use crate::ecs::Analysis;
use crate::scaling::Scaling;
use crate::ecs::NetworkMode;
use crate::model::containers::{ContainerDefs, Num};
use crate::finding::{Finding, Severity};

/// The rule's metadata.
pub static META: RuleMeta = RuleMeta {
    code: "ECS201",
    name: "awsvpc-host-port-mismatch",
    severity: Severity::Error,
    summary: "a port mapping in awsvpc mode has a host port different from its container port",
    help: "remove `hostPort` (awsvpc fills it in) or set it equal to `containerPort`",
    doc: r#"## What it does

Flags a port mapping of a task definition in `awsvpc` network mode (which every Fargate task
uses) whose `hostPort` is set and differs from its `containerPort` — including `hostPort: 0`,
which means "dynamic" only in bridge mode.

## Why is this bad?

In awsvpc mode each task has its own network interface, so there is no host port to remap to:
`RegisterTaskDefinition` fails with "When networkMode=awsvpc, the host ports and container
ports in port mappings must match." and `terraform apply` stops there.

## Example

```hcl
resource "aws_ecs_task_definition" "api" {
  family       = "api"
  network_mode = "awsvpc"
  container_definitions = jsonencode([{
    name         = "api"
    image        = "example/api:1.4"
    portMappings = [{ containerPort = 8080, hostPort = 80 }] # error: 80 ≠ 8080
  }])
}
```

Write `portMappings = [{ containerPort = 8080 }]` instead.

## References

- ecs-networking.md §3.1 (port mapping fields), §3.6 (port strategy), rule PM-02
- [PortMapping](https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PortMapping.html)
"#,
};

/// Raises the findings of this rule.
pub fn check(a: &Analysis<'_>, _: &Scaling, out: &mut Vec<Finding>) {
    for td in &a.task_definitions {
        let r = a.res(td.res);
        if r.is_deleted() || td.explicit_mode() != Some(NetworkMode::Awsvpc) {
            continue;
        }
        let ContainerDefs::Known(containers) = &td.containers else {
            continue;
        };
        for c in containers {
            let Ok(pms) = &c.port_mappings else { continue };
            for pm in pms {
                let (Num::Known(host), Num::Known(cport)) = (&pm.host_port, &pm.container_port)
                else {
                    continue;
                };
                if host == cport {
                    continue;
                }
                let path = format!(
                    "container_definitions.{}.portMappings.{}.hostPort",
                    c.index, pm.index
                );
                out.push(META.finding(
                    format!(
                        "host port `{host}` of container `{}` differs from its container port `{cport}`; in awsvpc mode they must match",
                        c.label()
                    ),
                    Some(r.address.clone()),
                    r.location_of(&path).cloned(),
                ));
            }
        }
    }
}

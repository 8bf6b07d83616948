//! ECS101 `fargate-requires-awsvpc`: Fargate tasks must use the awsvpc network mode.

use super::meta::RuleMeta;
use crate::ecs::{Analysis, LaunchType, NetworkMode};
use crate::scaling::Scaling;
use crate::finding::{Finding, Severity};

/// The rule's metadata.
pub static META: RuleMeta = RuleMeta {
    code: "ECS101",
    name: "fargate-requires-awsvpc",
    severity: Severity::Error,
    summary: "a Fargate task definition or service uses a network mode other than awsvpc",
    help: "set `network_mode = \"awsvpc\"` on the task definition and give the service a `network_configuration` block",
    doc: r#"## What it does

Flags a task definition that lists `FARGATE` in `requires_compatibilities` with a network mode
other than `awsvpc` (including an omitted `network_mode`, which means `bridge` on Linux), and
a service whose effective platform is Fargate while its task definition's effective network
mode is not `awsvpc`. The platform is the service's `launch_type`, else its capacity provider
strategy, else the cluster's default strategy.

## Why is this bad?

Fargate supports only the `awsvpc` network mode. `RegisterTaskDefinition` rejects such a task
definition ("Fargate only supports network mode 'awsvpc'."), and `CreateService` rejects a
Fargate service whose task definition is not Fargate-compatible, so `terraform apply` fails.

## Example

```hcl
resource "aws_ecs_task_definition" "app" {
  family                   = "app"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "host" # error: Fargate requires awsvpc
  cpu                      = 256
  memory                   = 512
  container_definitions    = jsonencode([{ name = "app", image = "nginx" }])
}
```

Use `network_mode = "awsvpc"` instead.

## References

- ecs-networking.md §1.3 (effective network mode), §2.3 (platform support), §5.5 (Fargate)
- [Fargate task definition considerations](https://docs.aws.amazon.com/AmazonECS/latest/developerguide/AWS_Fargate.html)
"#,
};

/// Raises the findings of this rule.
pub fn check(a: &Analysis<'_>, _: &Scaling, out: &mut Vec<Finding>) {
    for td in &a.task_definitions {
        let r = a.res(td.res);
        if r.is_deleted() || !td.requires("FARGATE") {
            continue;
        }
        let (mode, how) = match (td.explicit_mode(), &td.network_mode) {
            (Some(m), _) => (m, "is"),
            (None, crate::ecs::Raw::Absent) => (NetworkMode::Bridge, "defaults to"),
            _ => continue,
        };
        if mode == NetworkMode::Awsvpc {
            continue;
        }
        out.push(META.finding(
            format!(
                "`{}` requires FARGATE but its network mode {how} `{}`; Fargate supports only `awsvpc`",
                r.address,
                mode.as_str()
            ),
            Some(r.address.clone()),
            r.location_of("network_mode").cloned(),
        ));
    }
    for svc in a.services.iter().filter(|s| !s.deleted) {
        let Some(td) = a.td_of(svc) else { continue };
        if svc.platform.launch_type != Some(LaunchType::Fargate) || td.requires("FARGATE") {
            continue;
        }
        let Some(mode) = svc.network_mode.filter(|m| *m != NetworkMode::Awsvpc) else {
            continue;
        };
        let r = a.res(svc.res);
        let tdr = a.res(td.res);
        out.push(META.finding(
            format!(
                "`{}` runs on FARGATE (from `{}`) but task definition `{}` uses network mode `{}`; Fargate supports only `awsvpc`",
                r.address,
                svc.platform.origin.as_str(),
                tdr.address,
                mode.as_str()
            ),
            Some(r.address.clone()),
            tdr.location_of("network_mode").cloned(),
        ));
    }
}

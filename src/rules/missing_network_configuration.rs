//! ECS401 `missing-network-configuration`: awsvpc services need `network_configuration`.

use super::meta::RuleMeta;
use crate::ecs::{Analysis, NetworkMode};
use crate::scaling::Scaling;
use crate::finding::{Finding, Severity};
use crate::model::Value;

/// The rule's metadata.
pub static META: RuleMeta = RuleMeta {
    code: "ECS401",
    name: "missing-network-configuration",
    severity: Severity::Error,
    summary: "a service whose tasks use awsvpc has no `network_configuration`",
    help: "add a `network_configuration` block with the `subnets` (and `security_groups`) the tasks' network interfaces go into",
    doc: r#"## What it does

Flags an `aws_ecs_service` whose task definition's effective network mode is `awsvpc` (every
Fargate task, and EC2 tasks with `network_mode = "awsvpc"`) but that has no
`network_configuration` block.

## Why is this bad?

Each awsvpc task gets its own elastic network interface, and ECS needs to know which subnets
and security groups to create it in. `CreateService` fails with "Network Configuration must be
provided when networkMode 'awsvpc' is specified.", so `terraform apply` stops.

## Example

```hcl
resource "aws_ecs_service" "api" {
  name            = "api"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.api.arn # network_mode = "awsvpc"
  desired_count   = 2
  # error: no network_configuration block
}
```

Add:

```hcl
  network_configuration {
    subnets         = aws_subnet.private[*].id
    security_groups = [aws_security_group.api.id]
  }
```

## References

- ecs-networking.md §5.1 (network_configuration), rule SV-01
- [AwsVpcConfiguration](https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_AwsVpcConfiguration.html)
"#,
};

/// Raises the findings of this rule.
pub fn check(a: &Analysis<'_>, _: &Scaling, out: &mut Vec<Finding>) {
    for svc in a.services.iter().filter(|s| !s.deleted) {
        if svc.network_mode != Some(NetworkMode::Awsvpc) {
            continue;
        }
        let r = a.res(svc.res);
        let missing = match r.get("network_configuration") {
            None | Some(Value::Null) => true,
            Some(Value::List(l)) => l.is_empty(),
            _ => false,
        };
        if !missing {
            continue;
        }
        let td = a
            .td_of(svc)
            .map(|t| a.res(t.res).address.clone())
            .unwrap_or_default();
        out.push(META.finding(
            format!(
                "`{}` runs `{td}` in awsvpc mode but has no `network_configuration`",
                r.address
            ),
            Some(r.address.clone()),
            r.location.clone(),
        ));
    }
}

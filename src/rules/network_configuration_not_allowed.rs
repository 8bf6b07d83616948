//! ECS402 `network-configuration-not-allowed`: `network_configuration` is only for awsvpc tasks.

use super::meta::RuleMeta;
use super::scope;
use crate::ecs::{Analysis, NetworkMode, Origin};
use crate::scaling::Scaling;
use crate::finding::{Finding, Severity};
use crate::model::Value;

/// The rule's metadata.
pub static META: RuleMeta = RuleMeta {
    code: "ECS402",
    name: "network-configuration-not-allowed",
    severity: Severity::Error,
    summary: "a service has `network_configuration` but its tasks do not use awsvpc",
    help: "remove the `network_configuration` block, or set `network_mode = \"awsvpc\"` on the task definition",
    doc: r#"## What it does

Flags an `aws_ecs_service` with a `network_configuration` block whose task definition's
effective network mode is not `awsvpc` (`bridge`, `host`, `none`, or Windows' default `nat`
— including an omitted `network_mode`, which means `bridge` on Linux).

## Why is this bad?

`network_configuration` describes the elastic network interface of each awsvpc task; other
modes have none. `CreateService` fails with "Network Configuration is not valid for the
given networkMode of this task definition.", so `terraform apply` stops.

## Example

```hcl
resource "aws_ecs_service" "web" {
  name            = "web"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.web.arn # no network_mode: bridge
  desired_count   = 2
  network_configuration { # error
    subnets = [aws_subnet.a.id]
  }
}
```

## References

- ecs-networking.md §1.3 (effective network mode), §5.1 (network_configuration), rule SV-02
- [AwsVpcConfiguration](https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_AwsVpcConfiguration.html)
"#,
};

/// Raises the findings of this rule.
pub fn check(a: &Analysis<'_>, _: &Scaling, out: &mut Vec<Finding>) {
    for (svc, r) in scope::services(a) {
        let Some(mode) = svc.network_mode.filter(|m| *m != NetworkMode::Awsvpc) else {
            continue;
        };
        let present = match r.get("network_configuration") {
            Some(Value::List(l)) => !l.is_empty(),
            _ => false,
        };
        if !present {
            continue;
        }
        let td = a
            .td_of(svc)
            .map(|t| a.res(t.res).address.as_str())
            .unwrap_or("?");
        let how = if svc.network_mode_origin == Origin::Default {
            "defaults to"
        } else {
            "is"
        };
        out.push(META.finding(
            format!(
                "`{}` has a `network_configuration` but the network mode of `{td}` {how} `{}`; it is allowed only with `awsvpc`",
                r.address,
                mode.as_str()
            ),
            Some(r.address.clone()),
            r.location_of("network_configuration").cloned(),
        ));
    }
}

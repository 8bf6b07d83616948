//! ECS403 `public-ip-not-supported`: only Fargate tasks can get a public IP.

use super::meta::RuleMeta;
use super::scope;
use crate::ecs::{Analysis, LaunchType};
use crate::scaling::Scaling;
use crate::finding::{Finding, Severity};
use crate::model::Value;

/// The rule's metadata.
pub static META: RuleMeta = RuleMeta {
    code: "ECS403",
    name: "public-ip-not-supported",
    severity: Severity::Error,
    summary: "a service on EC2 or external instances sets `assign_public_ip = true`",
    help: "remove `assign_public_ip` (tasks on EC2 reach the internet through a NAT gateway or VPC endpoints), or run the service on Fargate",
    doc: r#"## What it does

Flags an `aws_ecs_service` whose effective platform is `EC2` or `EXTERNAL` and whose
`network_configuration` sets `assign_public_ip = true`.

## Why is this bad?

Only Fargate can give a task's network interface a public IP; ENIs of awsvpc tasks on EC2
never get one. `CreateService` fails with "Assign public IP is not supported for this launch
type.", so `terraform apply` stops.

## Example

```hcl
resource "aws_ecs_service" "api" {
  name            = "api"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.api.arn
  launch_type     = "EC2"
  network_configuration {
    subnets          = [aws_subnet.private.id]
    assign_public_ip = true # error
  }
}
```

## References

- ecs-networking.md §1.1 (effective platform), §5.1 (network_configuration), rule SV-03
- [AwsVpcConfiguration](https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_AwsVpcConfiguration.html)
"#,
};

/// Raises the findings of this rule.
pub fn check(a: &Analysis<'_>, _: &Scaling, out: &mut Vec<Finding>) {
    for (svc, r) in scope::services(a) {
        let Some(lt) = svc
            .platform
            .launch_type
            .filter(|l| matches!(l, LaunchType::Ec2 | LaunchType::External))
        else {
            continue;
        };
        let path = "network_configuration.0.assign_public_ip";
        if r.get(path) != Some(&Value::Bool(true)) {
            continue;
        }
        out.push(META.finding(
            format!(
                "`{}` runs on {} ({}) but sets `assign_public_ip = true`; only Fargate tasks can get a public IP",
                r.address,
                lt.as_str(),
                scope::platform_source(svc)
            ),
            Some(r.address.clone()),
            r.location_of(path).cloned(),
        ));
    }
}

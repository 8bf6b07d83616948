//! ECS407 `classic-lb-incompatible`: Classic Load Balancers need a static host port and cannot
//! reach awsvpc tasks.

use super::meta::RuleMeta;
use super::scope;
use crate::model::containers::Num;
use crate::scaling::Scaling;
use crate::ecs::portmap::container_named;
use crate::ecs::wiring::load_balancers;
use crate::ecs::{Analysis, LaunchType, NetworkMode};
use crate::finding::{Finding, Severity};

/// The rule's metadata.
pub static META: RuleMeta = RuleMeta {
    code: "ECS407",
    name: "classic-lb-incompatible",
    severity: Severity::Error,
    summary: "a service uses a Classic Load Balancer with awsvpc or Fargate tasks, or with a dynamic host port",
    help: "use an Application or Network Load Balancer (`target_group_arn`) instead of `elb_name`, or give the container a static `hostPort`",
    doc: r#"## What it does

Flags a `load_balancer` block that uses a Classic Load Balancer (`elb_name`) when the
service's tasks use the awsvpc network mode or run on Fargate, or when the mapping of
`container_port` in bridge mode uses a dynamic host port (`hostPort` omitted or 0).

## Why is this bad?

A Classic Load Balancer registers container instances on one fixed port: it cannot target a
task's own network interface, and it cannot follow dynamic host ports. `CreateService` fails
(for a dynamic port: "A host port mapping for the container port 80 is required."), so
`terraform apply` stops.

## Example

```hcl
resource "aws_ecs_service" "web" {
  # task definition: network_mode = "awsvpc"
  load_balancer {
    elb_name       = aws_elb.web.name # error
    container_name = "web"
    container_port = 80
  }
}
```

## References

- ecs-networking.md §3.6, §5.2 (load balancers), rule SV-08
- [LoadBalancer](https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_LoadBalancer.html)
- aws/aws-sdk-js#1397 (the dynamic host port error)
"#,
};

/// Raises the findings of this rule.
pub fn check(a: &Analysis<'_>, _: &Scaling, out: &mut Vec<Finding>) {
    for (svc, r) in scope::services(a) {
        for lb in load_balancers(r, svc)
            .into_iter()
            .filter(|l| l.classic)
        {
            let why = if svc.platform.launch_type == Some(LaunchType::Fargate) {
                "its tasks run on Fargate, which Classic Load Balancers cannot reach".to_string()
            } else if svc.network_mode == Some(NetworkMode::Awsvpc) {
                "its tasks use network mode `awsvpc`, which Classic Load Balancers cannot reach"
                    .to_string()
            } else if svc.network_mode.is_some_and(NetworkMode::is_bridge_like) {
                let (Some(name), Some(port)) = (lb.container_name(), lb.container_port()) else {
                    continue;
                };
                let Some(Some(c)) = a
                    .td_of(svc)
                    .and_then(|t| container_named(&t.containers, name))
                else {
                    continue;
                };
                let Ok(pms) = &c.port_mappings else { continue };
                let hosts: Vec<&Num> = pms
                    .iter()
                    .filter(|pm| {
                        pm.container_port_range.is_none() && pm.container_port == Num::Known(port)
                    })
                    .map(|pm| &pm.host_port)
                    .collect();
                let dynamic = !hosts.is_empty()
                    && hosts
                        .iter()
                        .all(|h| matches!(h, Num::Absent | Num::Known(0)));
                if !dynamic {
                    continue;
                }
                format!(
                    "container port `{port}` of `{name}` has a dynamic host port; a Classic Load Balancer needs a static one"
                )
            } else {
                continue;
            };
            out.push(META.finding(
                format!(
                    "`{}` uses a Classic Load Balancer (`elb_name`) but {why}",
                    r.address
                ),
                Some(r.address.clone()),
                r.location_of(&lb.path("elb_name")).cloned(),
            ));
        }
    }
}

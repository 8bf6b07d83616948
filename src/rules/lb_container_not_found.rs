//! ECS405 `lb-container-not-found`: a load balancer names a container the task does not have.

use super::meta::RuleMeta;
use super::scope;
use crate::ecs::Analysis;
use crate::scaling::Scaling;
use crate::ecs::portmap::{container_named, containers};
use crate::ecs::wiring::load_balancers;
use crate::finding::{Finding, Severity};

/// The rule's metadata.
pub static META: RuleMeta = RuleMeta {
    code: "ECS405",
    name: "lb-container-not-found",
    severity: Severity::Error,
    summary: "a service's `load_balancer` names a container that is not in its task definition",
    help: "set `load_balancer.container_name` to the `name` of a container in the task definition",
    doc: r#"## What it does

Flags a `load_balancer` block of an `aws_ecs_service` whose `container_name` matches no
container `name` in the service's task definition.

## Why is this bad?

ECS registers the named container's port with the load balancer. `CreateService` fails with
"The container <name> does not exist in the task definition.", so `terraform apply` stops.

## Example

```hcl
resource "aws_ecs_service" "web" {
  # task definition has one container named "nginx"
  load_balancer {
    target_group_arn = aws_lb_target_group.web.arn
    container_name   = "web" # error: no container "web"
    container_port   = 80
  }
}
```

## References

- ecs-networking.md §5.2 (load balancers), rule SV-07
- [LoadBalancer](https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_LoadBalancer.html)
"#,
};

/// Raises the findings of this rule.
pub fn check(a: &Analysis<'_>, _: &Scaling, out: &mut Vec<Finding>) {
    for (svc, r) in scope::services(a) {
        let Some(td) = a.td_of(svc) else { continue };
        for lb in load_balancers(r, svc) {
            let Some(name) = lb.container_name() else {
                continue;
            };
            if container_named(&td.containers, name) != Some(None) {
                continue;
            }
            let have: Vec<String> = containers(&td.containers)
                .unwrap_or_default()
                .iter()
                .map(|c| format!("`{}`", c.label()))
                .collect();
            out.push(META.finding(
                format!(
                    "`load_balancer` of `{}` names container `{name}`, but `{}` has only {}",
                    r.address,
                    a.res(td.res).address,
                    have.join(", ")
                ),
                Some(r.address.clone()),
                r.location_of(&lb.path("container_name")).cloned(),
            ));
        }
    }
}

//! ECS406 `lb-container-port-not-mapped`: a load balancer's container port is not mapped.

use super::meta::RuleMeta;
use super::scope;
use crate::ecs::Analysis;
use crate::scaling::Scaling;
use crate::model::containers::Num;
use crate::ecs::portmap::{container_named, maps_port};
use crate::ecs::wiring::load_balancers;
use crate::finding::{Finding, Severity};

/// The rule's metadata.
pub static META: RuleMeta = RuleMeta {
    code: "ECS406",
    name: "lb-container-port-not-mapped",
    severity: Severity::Error,
    summary: "a service's `load_balancer` port is not a container port of the named container",
    help: "set `load_balancer.container_port` to a `containerPort` of that container's `portMappings`, or add the mapping",
    doc: r#"## What it does

Flags a `load_balancer` block of an `aws_ecs_service` whose `container_port` is not among
the `containerPort`s (or `containerPortRange`s) of the named container's `portMappings`.

## Why is this bad?

ECS registers the host port mapped to that container port with the load balancer; without
such a mapping there is nothing to register. `CreateService` fails with "The container <name>
did not have a container port <port> defined.", so `terraform apply` stops. A common cause
is giving the host or listener port (80) instead of the container port (8080).

## Example

```hcl
resource "aws_ecs_service" "web" {
  # container "web" maps containerPort 8080
  load_balancer {
    target_group_arn = aws_lb_target_group.web.arn
    container_name   = "web"
    container_port   = 80 # error: "web" maps only 8080
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
            let (Some(name), Some(port)) = (lb.container_name(), lb.container_port()) else {
                continue;
            };
            let Some(Some(c)) = container_named(&td.containers, name) else {
                continue;
            };
            if maps_port(c, port) != Some(false) {
                continue;
            }
            let ports: Vec<String> = c
                .port_mappings
                .as_deref()
                .unwrap_or_default()
                .iter()
                .filter_map(|pm| match (&pm.container_port_range, &pm.container_port) {
                    (Some(Some(rg)), _) => Some(format!("`{rg}`")),
                    (None, Num::Known(p)) => Some(format!("`{p}`")),
                    _ => None,
                })
                .collect();
            let have = if ports.is_empty() {
                "has no port mappings".to_string()
            } else {
                format!("maps only {}", ports.join(", "))
            };
            out.push(META.finding(
                format!(
                    "`load_balancer` of `{}` sends traffic to port `{port}` of container `{name}`, which {have}",
                    r.address
                ),
                Some(r.address.clone()),
                r.location_of(&lb.path("container_port")).cloned(),
            ));
        }
    }
}

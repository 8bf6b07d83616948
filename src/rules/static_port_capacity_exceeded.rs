//! ECS301 `static-port-capacity-exceeded`: more tasks than instances for a service whose
//! static host ports (or host network mode) allow one task per instance.

use super::meta::RuleMeta;
use crate::ecs::{Analysis, PortKind};
use crate::scaling::Scaling;
use crate::finding::{Finding, Severity};

/// The rule's metadata.
pub static META: RuleMeta = RuleMeta {
    code: "ECS301",
    name: "static-port-capacity-exceeded",
    severity: Severity::Error,
    summary: "a service with static host ports asks for more tasks than it has container instances",
    help: "use dynamic host ports (`hostPort` 0 or omitted) or awsvpc mode, or raise the Auto Scaling group's `max_size` to at least the task count",
    doc: r#"## What it does

A static host port (bridge `hostPort`, or any port in host network mode) can be held by one
task per container instance, so such a service runs at most one task per instance. The rule
compares the service's `desired_count`, and the `max_capacity` of its Application Auto
Scaling target, with the instances its capacity providers' Auto Scaling groups allow
(`max_size`, summed) or `--max-instances`. A desired count above it is an error; an auto
scaling maximum above it is a warning.

## Why is this bad?

The extra tasks can never be placed: the service stays below its desired count with the
event "… is already using a port required by your task", and scaling out adds nothing.

## Example

```hcl
resource "aws_autoscaling_group" "ecs" {
  max_size = 3
  # ...
}

resource "aws_ecs_service" "web" {
  task_definition = aws_ecs_task_definition.web.arn # bridge, hostPort = 80
  desired_count   = 4 # error: 4 tasks need 4 instances with port 80 free; the group allows 3
  # ...
}
```

## Known limitations

Other services holding the same host port on the same instances reduce the room further;
they are not counted. Services whose instances are not described by the inputs (no capacity
provider) are checked only with `--max-instances`.

## References

- ecs-networking.md §3.6, §4.1 (port_fit), §4.2, rules SC-01, SC-12
- [Service event messages](https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-event-messages.html)
"#,
};

/// Raises the findings of this rule.
pub fn check(a: &Analysis<'_>, scaling: &Scaling, out: &mut Vec<Finding>) {
    for (svc, sc) in a.services.iter().zip(&scaling.services) {
        if svc.deleted || svc.scheduling != Some(crate::ecs::Scheduling::Replica) {
            continue;
        }
        let label = sc.slots_per_instance.label();
        if !matches!(label, Some("static-host-port" | "host-network")) {
            continue;
        }
        let (Some(tpi), Ok(_)) = (
            sc.slots_per_instance.known(),
            sc.capacity.max_instances.as_ref(),
        ) else {
            continue;
        };
        let Some(cap) = sc.slot_capacity.known() else {
            continue;
        };
        let Some(d) = sc.demand_over(svc.res, cap) else {
            continue;
        };
        let port = svc
            .ports
            .iter()
            .find(|p| matches!(p.kind, PortKind::Static | PortKind::Host))
            .and_then(|p| p.host_port)
            .map_or_else(|| "a host port".to_string(), |p| format!("host port {p}"));
        let mode = if label == Some("host-network") {
            " (host network mode)"
        } else {
            ""
        };
        let r = a.res(svc.res);
        let mut f = META.finding(
            format!(
                "{} {} needs {} instances with a free {port}{mode}, {tpi} task per instance; {}",
                d.attribute,
                d.count,
                d.count.div_ceil(tpi),
                sc.instances_phrase(a).unwrap_or_default()
            ),
            Some(r.address.clone()),
            d.location(a),
        );
        if !d.is_desired() {
            f.severity = Severity::Warning;
        }
        out.push(f);
    }
}

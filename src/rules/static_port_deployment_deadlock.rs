//! ECS302 `static-port-deployment-deadlock`: a rolling deployment that cannot replace any
//! task because every instance already holds the static host port.

use super::meta::RuleMeta;
use crate::ecs::{Analysis, PortKind};
use crate::scaling::Scaling;
use crate::finding::{Finding, Severity};
use crate::scaling::arith;

/// The rule's metadata.
pub static META: RuleMeta = RuleMeta {
    code: "ECS302",
    name: "static-port-deployment-deadlock",
    severity: Severity::Error,
    summary: "a rolling deployment cannot start a new task because every instance holds the static host port",
    help: "allow at least one more instance than the desired count (Auto Scaling group `max_size`), lower `deployment_minimum_healthy_percent` so a task can stop first, or use dynamic host ports",
    doc: r#"## What it does

For a service whose static host ports (or host network mode) allow one task per instance,
checks whether a rolling deployment (`ECS` deployment controller) can replace tasks: a new
task needs an instance where the port is free, which exists only when the instances
outnumber the running tasks; otherwise an old task must stop first, which
`deployment_minimum_healthy_percent` forbids when `ceil(D × min / 100) = D`.

## Why is this bad?

The deployment never completes: the scheduler repeatedly reports "… is already using a port
required by your task" and the old tasks keep running, so `terraform apply` with
`wait_for_steady_state` times out and new task definitions never roll out.

## Example

```hcl
resource "aws_autoscaling_group" "ecs" {
  max_size = 2
  # ...
}

resource "aws_ecs_service" "web" {
  task_definition                    = aws_ecs_task_definition.web.arn # hostPort = 80
  desired_count                      = 2
  deployment_minimum_healthy_percent = 100 # error: 2 tasks on 2 instances, none may stop
}
```

Allow 3 instances, or set `deployment_minimum_healthy_percent = 50`.

## Known limitations

A desired count above the instance count is reported by `static-port-capacity-exceeded`
instead. Instances may run tasks of other services holding the same port; they are not
counted.

## References

- ecs-networking.md §4.4 (static host port deadlock), rule SC-02
- [Rolling update deployments](https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-ecs.html)
- CircleCI-Archived/circle-ecs#1, eagletmt/hako#21, convox/rack#429
"#,
};

/// Raises the findings of this rule.
pub fn check(a: &Analysis<'_>, scaling: &Scaling, out: &mut Vec<Finding>) {
    for (svc, sc) in a.services.iter().zip(&scaling.services) {
        if svc.deleted
            || svc.scheduling != Some(crate::ecs::Scheduling::Replica)
            || svc.deployment_controller != Some(crate::ecs::DeploymentController::Ecs)
            || !matches!(
                sc.slots_per_instance.label(),
                Some("static-host-port" | "host-network")
            )
        {
            continue;
        }
        let s = &sc.summary;
        let (Some(d), Some(max), Some(min), Some(slots)) = (
            s.desired_count,
            s.deployment_maximum_percent,
            s.deployment_minimum_healthy_percent,
            sc.slot_capacity.known(),
        ) else {
            continue;
        };
        // A config deadlock is ECS303's; more tasks than slots is ECS301's.
        if d == 0
            || d > slots
            || arith::config_deadlock(d, max, min)
            || arith::can_progress(d, max, min, Some(slots))
        {
            continue;
        }
        let port = svc
            .ports
            .iter()
            .find(|p| matches!(p.kind, PortKind::Static | PortKind::Host))
            .and_then(|p| p.host_port)
            .map_or_else(|| "the host port".to_string(), |p| format!("host port {p}"));
        let r = a.res(svc.res);
        out.push(META.finding(
            format!(
                "desired_count {d} fills every instance ({}), each holding {port}, and deployment_minimum_healthy_percent {min} keeps all {} tasks running: a rolling deployment can neither start nor stop a task; allow {} instances or lower the minimum to {}",
                sc.instances_phrase(a).unwrap_or_default(),
                arith::healthy_floor(d, min),
                d + 1,
                arith::max_min_percent_to_stop_first(d)
            ),
            Some(r.address.clone()),
            super::first_written(r, &["deployment_minimum_healthy_percent", "desired_count"]),
        ));
    }
}

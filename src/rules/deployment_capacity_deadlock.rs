//! ECS310 `deployment-capacity-deadlock`: a rolling deployment that cannot start a new task
//! for lack of CPU, memory or GPUs while `deployment_minimum_healthy_percent` forbids
//! stopping an old one first.

use super::meta::RuleMeta;
use crate::ecs::Analysis;
use crate::scaling::Scaling;
use crate::finding::{Finding, Severity, thousands};
use crate::scaling::resources::amount;

/// The rule's metadata.
pub static META: RuleMeta = RuleMeta {
    code: "ECS310",
    name: "deployment-capacity-deadlock",
    severity: Severity::Error,
    summary: "a rolling deployment cannot start a new task for lack of CPU, memory or GPUs and may not stop an old one first",
    help: "lower `deployment_minimum_healthy_percent` so a task can stop first, raise the Auto Scaling group's `max_size` by at least one instance, or make the tasks smaller",
    doc: r#"## What it does

For each replica service with the `ECS` deployment controller on a capacity whose instances
it shares (see `cluster-capacity-exceeded`), checks whether a rolling deployment can start:
the scheduler first starts a new task above the desired count (allowed by
`deployment_maximum_percent`), which needs room for one more task on some instance. When the
services' desired counts fit on the Auto Scaling groups' `max_size` instances but one more
task of this service certainly does not (even with the largest instance type and its whole
advertised memory), and `deployment_minimum_healthy_percent` keeps every running task
(`ceil(D × min / 100) = D`), nothing can move.

## Why is this bad?

The deployment never completes: no new task can be placed ("insufficient memory available"
or CPU), no old task may stop, so the service keeps the old task definition and
`terraform apply` with `wait_for_steady_state` times out. It is the static-port deadlock in
CPU, memory and GPUs.

## Example

```hcl
resource "aws_autoscaling_group" "ecs" {
  max_size = 2 # m5.large: two 3 GiB tasks each
}

resource "aws_ecs_service" "api" {
  desired_count                      = 4 # fills both instances
  deployment_minimum_healthy_percent = 100 # error: no task may stop, none can start
}
```

Allow a third instance, or set `deployment_minimum_healthy_percent = 75`.

## Known limitations

Only a certain deadlock is reported: the check adds up reservations per resource and per
service, so fragmentation across instances can block a deployment that this rule lets pass.
Tasks of services outside the inputs on the same instances are not counted.

## References

- ecs-networking.md §4.4 (deployment arithmetic, the static host port deadlock)
- ecs-capacity.md §3, §4 (deployment surge)
- [Rolling update deployments](https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-ecs.html)
"#,
};

/// Raises the findings of this rule.
pub fn check(a: &Analysis<'_>, scaling: &Scaling, out: &mut Vec<Finding>) {
    for p in &scaling.pools {
        let Ok(max) = &p.max_instances else {
            continue;
        };
        for (k, l) in &p.deadlocks {
            let svc = &a.services[p.services[*k]];
            let sc = &scaling.services[p.services[*k]];
            let (Some(d), Some(min), Ok(need)) = (
                sc.summary.desired_count,
                sc.summary.deployment_minimum_healthy_percent,
                &sc.need,
            ) else {
                continue;
            };
            let r = a.res(svc.res);
            let task = amount(l.binding, need.get(l.binding));
            let others = if p.services.len() > 1 {
                format!(
                    " with the {} other service{} on it at their desired counts",
                    p.services.len() - 1,
                    if p.services.len() == 2 { "" } else { "s" }
                )
            } else {
                String::new()
            };
            let asg = a.res(p.asgs[0]);
            let noun = |n: u64| if n == 1 { "instance" } else { "instances" };
            let more = l.instances_at_best.unwrap_or(max + 1);
            out.push(META.finding(
                format!(
                    "a rolling deployment of `{}` must start a new task first ({task}), but its {d} tasks{others} already fill the {} {} `{}` allows (one more task needs {} {}), and deployment_minimum_healthy_percent {min} keeps every task running",
                    r.address,
                    thousands(*max),
                    noun(*max),
                    asg.address,
                    thousands(more),
                    noun(more),
                ),
                Some(r.address.clone()),
                super::first_written(r, &["deployment_minimum_healthy_percent", "desired_count"]),
            ));
        }
    }
}

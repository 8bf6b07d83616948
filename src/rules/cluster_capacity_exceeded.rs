//! ECS309 `cluster-capacity-exceeded`: the services that share one capacity need more
//! instances for their CPU, memory or GPUs than its Auto Scaling groups may launch.

use super::meta::RuleMeta;
use crate::ecs::Analysis;
use crate::scaling::Scaling;
use crate::finding::{Finding, Severity, thousands};
use crate::scaling::pools::{Load, Pool};
use crate::scaling::resources::{Kind, Need, amount};

/// The rule's metadata.
pub static META: RuleMeta = RuleMeta {
    code: "ECS309",
    name: "cluster-capacity-exceeded",
    severity: Severity::Error,
    summary: "the services on one capacity need more instances for their CPU, memory or GPUs than it may launch",
    help: "raise the Auto Scaling group's `max_size`, launch a larger instance type, or make the tasks smaller (task `cpu`/`memory`) or fewer",
    doc: r#"## What it does

Groups the replica services of a cluster by the capacity they land on — the Auto Scaling
groups behind their capacity providers; services whose groups overlap share instances — and
adds up what their tasks reserve (CPU units, memory, GPUs; see
`task-exceeds-instance-resources` for how a task's reservation is counted). The instances
needed are at least, per resource, the total divided by what one instance has for tasks
after the cluster's DAEMON services, and, per service, its task count divided by the tasks
one instance holds (a task is never split across instances). It compares that with the
groups' `max_size`:

- at the desired counts: an error when even the largest instance type with its whole
  advertised memory needs more instances; a warning when only the assumed usable memory
  (`usable_memory_percent`) or the smallest of several instance types does ("may not fit");
- at the auto scaling maxima (`aws_appautoscaling_target.max_capacity`): a warning.

The message names every service on the capacity with its task count and reservation, the
binding resource and the numbers.

## Why is this bad?

The tasks that do not fit stay `PROVISIONING`/pending: the service events say "was unable to
place a task because no container instance met all of its requirements … insufficient memory
available" (or CPU), and managed scaling stops at `max_size`. At the auto scaling maximum,
scaling out silently adds nothing.

## Example

```hcl
resource "aws_autoscaling_group" "ecs" {
  max_size = 2 # error: 3 services need 3 instances of m5.large for their memory
  # ...
}

resource "aws_ecs_service" "api" {
  desired_count = 4 # tasks of 3 GiB: 2 per m5.large
  # ...
}
```

## Known limitations

The count is a lower bound: placement packs tasks one by one and resources are not pooled
across instances, so a cluster can need more instances than reported, never fewer. Services
whose instances are not described by the inputs (no capacity provider with an Auto Scaling
group, and no group whose user data names the cluster in `ECS_CLUSTER`) are not grouped;
services of other Terraform roots on the same cluster are not seen.

## References

- ecs-capacity.md §3 (fits), §4 (capacity shared by several services), §5
- [How Amazon ECS places tasks](https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-placement.html)
"#,
};

/// "`a` 4 × 3,072 MiB, `b` 2 × 512 MiB".
fn members(a: &Analysis<'_>, p: &Pool, l: &Load, tasks: &[Need], r: Kind) -> String {
    p.services
        .iter()
        .zip(&l.counts)
        .zip(tasks)
        .map(|((&s, n), t)| {
            format!(
                "`{}` {} × {}",
                a.res(a.services[s].res).address,
                thousands(*n),
                amount(r, t.get(r))
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Raises the findings of this rule.
pub fn check(a: &Analysis<'_>, scaling: &Scaling, out: &mut Vec<Finding>) {
    for p in &scaling.pools {
        let (Ok(max), Ok(pi)) = (&p.max_instances, &p.per_instance) else {
            continue;
        };
        let Ok(tasks) = p
            .services
            .iter()
            .map(|&s| scaling.services[s].need.clone())
            .collect::<Result<Vec<Need>, String>>()
        else {
            continue;
        };
        let asg = a.res(p.asgs[0]);
        let groups = if p.asgs.len() == 1 {
            format!("the Auto Scaling group `{}` allows", asg.address)
        } else {
            let names: Vec<String> = p
                .asgs
                .iter()
                .map(|&g| format!("`{}`", a.res(g).address))
                .collect();
            format!("the Auto Scaling groups {} allow", names.join(", "))
        };
        let check_load = |l: &Load, when: &str, desired: bool| -> Option<Finding> {
            // A task that fits no instance is `task-exceeds-instance-resources`'.
            let need = l.instances?;
            if need <= *max {
                return None;
            }
            let certain = l.instances_at_best.is_none_or(|n| n > *max);
            let r = l.binding;
            let per = pi.assured.get(r);
            let message = format!(
                "{when} the services on this capacity need at least {} instances for their {}: {} ({} in all, {}{} per instance after the daemons); {groups} at most {}{}",
                thousands(need),
                if r == Kind::Gpu {
                    "GPUs"
                } else if r == Kind::Cpu {
                    "CPU"
                } else {
                    "memory"
                },
                members(a, p, l, &tasks, r),
                amount(r, l.need.get(r)),
                if r == Kind::Memory { "~" } else { "" },
                amount(r, per),
                thousands(*max),
                if certain {
                    String::new()
                } else {
                    format!(
                        " (they may not fit: with the largest instance type and the whole advertised memory they would need {})",
                        l.instances_at_best.map_or_else(|| "more".into(), thousands)
                    )
                }
            );
            let mut f = META.finding(
                message,
                Some(asg.address.clone()),
                super::first_written(asg, &["max_size"]),
            );
            if !desired || !certain {
                f.severity = Severity::Warning;
            }
            Some(f)
        };
        if let Ok(l) = &p.at_desired
            && let Some(f) = check_load(l, "at their desired counts", true)
        {
            out.push(f);
            continue;
        }
        if let (Ok(l), Ok(d)) = (&p.at_max, &p.at_desired)
            && l.counts != d.counts
            && let Some(f) = check_load(l, "at their auto scaling maxima", false)
        {
            out.push(f);
        }
    }
}

//! ECS308 `task-exceeds-instance-resources`: a task that reserves more CPU, memory or GPUs
//! than any instance of its capacity registers is never placed.

use super::meta::RuleMeta;
use crate::ecs::Analysis;
use crate::scaling::Scaling;
use crate::finding::{Finding, Severity};
use crate::scaling::resources::{Kind, Misfit, amount};

/// The rule's metadata.
pub static META: RuleMeta = RuleMeta {
    code: "ECS308",
    name: "task-exceeds-instance-resources",
    severity: Severity::Error,
    summary: "a task reserves more CPU, memory or GPUs than any instance of its capacity registers",
    help: "lower the task's `cpu`/`memory` (or the containers' `cpu`, `memoryReservation`, GPU `resourceRequirements`), or launch a larger instance type",
    doc: r#"## What it does

Computes what one task reserves for placement, as the ECS scheduler counts it: the task-level
`cpu` and `memory` when set (`"1 vCPU"` and `"2 GB"` spellings included), else the sum over
the containers of `cpu` and of `memoryReservation` (or `memory` where a container has no
reservation), the GPUs of `resourceRequirements`, and the Service Connect proxy's 256 CPU
units and 64 MiB where the containers' sum is the reservation. It compares that with what
each instance type of the service's capacity (the Auto Scaling groups of its capacity
providers; launch template, launch configuration or `mixed_instances_policy` overrides)
registers: `vCPUs × 1024` CPU units, the GPUs, and memory below the advertised size, minus
`ECS_RESERVED_MEMORY` from the user data and what the cluster's DAEMON services reserve
first on every instance.

A task that needs more than the largest instance type has is an error. A task whose memory
fits only in the part of the advertised memory that ecsnet does not assume usable
(`usable_memory_percent`, 95 by default) is a warning: it may not fit.

## Why is this bad?

The service never starts a task: its events say "was unable to place a task because no
container instance met all of its requirements. The closest matching container-instance …
has insufficient memory available" (or CPU, GPU), and `terraform apply` waits for a steady
state that never comes.

## Example

```hcl
resource "aws_launch_template" "ecs" {
  instance_type = "t3.medium" # 2 vCPUs: 2,048 CPU units
}

resource "aws_ecs_task_definition" "api" {
  cpu    = "4096" # error: 4,096 CPU units; a t3.medium registers 2,048
  memory = "2048"
  # ...
}
```

## Known limitations

The memory an instance registers is known only once it boots (the kernel and the agent keep
part of it); ecsnet assumes `usable_memory_percent` of the advertised size, and a task
reserving the whole advertised size or more never fits. Instance types chosen by attributes
(`instance_requirements`, ECS Managed Instances) are not known offline.

## References

- ecs-capacity.md §1 (what an instance registers), §2 (what a task reserves), §3 (fits),
  §5 (where the instance type comes from)
- [Memory management](https://docs.aws.amazon.com/AmazonECS/latest/developerguide/memory-management.html),
  [Working with GPUs](https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-gpu.html)
- aws/containers-roadmap#331, GovWifi/govwifi-terraform#186
"#,
};

fn attribute(resource: Kind) -> &'static str {
    match resource {
        Kind::Cpu => "cpu",
        Kind::Memory => "memory",
        Kind::Gpu => "container_definitions",
    }
}

/// Raises the findings of this rule.
pub fn check(a: &Analysis<'_>, scaling: &Scaling, out: &mut Vec<Finding>) {
    for (svc, sc) in a.services.iter().zip(&scaling.services) {
        if svc.deleted {
            continue;
        }
        let Some(fit) = &sc.fit else {
            continue;
        };
        let (m, never): (&Misfit, bool) = match (&fit.never, &fit.may_not) {
            (Some(m), _) => (m, true),
            (None, Some(m)) => (m, false),
            (None, None) => continue,
        };
        let Some(td) = a.td_of(svc) else {
            continue;
        };
        let tdr = a.res(td.res);
        let daemons = if m.daemons > 0 {
            format!(
                " after the {} the cluster's daemons reserve first",
                amount(m.resource, m.daemons)
            )
        } else {
            String::new()
        };
        let others = if sc.shapes.as_ref().is_ok_and(|s| s.len() > 1) {
            " (the largest of its instance types)"
        } else {
            ""
        };
        let message = if never {
            format!(
                "one task of `{}` reserves {}, but `{}`{others} has only {}{daemons}{}: `{}` can never place it",
                tdr.address,
                amount(m.resource, m.task),
                m.instance_type,
                amount(m.resource, m.largest),
                if m.resource == Kind::Memory {
                    " advertised (it registers less)"
                } else {
                    ""
                },
                a.res(svc.res).address
            )
        } else {
            format!(
                "one task of `{}` reserves {}; `{}`{others} advertises more, but only about {} of it is usable for tasks{daemons} (`usable_memory_percent` {}): `{}` may not be placed",
                tdr.address,
                amount(m.resource, m.task),
                m.instance_type,
                amount(m.resource, m.largest),
                a.settings.usable_memory_percent,
                a.res(svc.res).address
            )
        };
        let at = super::first_written(tdr, &[attribute(m.resource), "container_definitions"]);
        let mut f = META.finding(message, Some(a.res(svc.res).address.clone()), at);
        if !never {
            f.severity = Severity::Warning;
        }
        out.push(f);
    }
}

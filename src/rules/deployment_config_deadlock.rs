//! ECS303 `deployment-config-deadlock`: deployment percents that let the scheduler neither
//! start nor stop a task.

use super::meta::RuleMeta;
use crate::ecs::Analysis;
use crate::scaling::Scaling;
use crate::finding::{Finding, Severity};
use crate::scaling::arith;

/// The rule's metadata.
pub static META: RuleMeta = RuleMeta {
    code: "ECS303",
    name: "deployment-config-deadlock",
    severity: Severity::Error,
    summary: "the deployment percents allow a rolling deployment neither to start nor to stop a task",
    help: "raise `deployment_maximum_percent` so that floor(desired × max / 100) > desired, or lower `deployment_minimum_healthy_percent` so that ceil(desired × min / 100) < desired",
    doc: r#"## What it does

With D = `desired_count`, a rolling deployment (`ECS` deployment controller) may run at most
`floor(D × deployment_maximum_percent / 100)` tasks and must keep at least
`ceil(D × deployment_minimum_healthy_percent / 100)` running. When the first is ≤ D and the
second is ≥ D, the scheduler can neither start a new task nor stop an old one. Applies on
every platform.

## Why is this bad?

The deployment never progresses; ECS reports "(service …) was unable to stop or start tasks
during a deployment because of the service deployment configuration. Update the
minimumHealthyPercent or maximumPercent value and try again."

## Example

```hcl
resource "aws_ecs_service" "api" {
  desired_count                      = 3
  deployment_maximum_percent         = 125 # error: floor(3 × 1.25) = 3 — no room to surge
  deployment_minimum_healthy_percent = 100 #        ceil(3 × 1.00) = 3 — none may stop
}
```

Use `deployment_maximum_percent = 200` (or `deployment_minimum_healthy_percent = 50`).

## Known limitations

Checked at the configured `desired_count`; auto scaling may move it to a count where the
percents deadlock (for example D = 1 with 125/100).

## References

- ecs-networking.md §4.4 (config deadlock), rule SC-03
- [DeploymentConfiguration](https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentConfiguration.html)
- GovWifi/govwifi-terraform#1011
"#,
};

/// Raises the findings of this rule.
pub fn check(a: &Analysis<'_>, scaling: &Scaling, out: &mut Vec<Finding>) {
    for (svc, sc) in a.services.iter().zip(&scaling.services) {
        if svc.deleted
            || svc.scheduling != Some(crate::ecs::Scheduling::Replica)
            || svc.deployment_controller != Some(crate::ecs::DeploymentController::Ecs)
        {
            continue;
        }
        let s = &sc.summary;
        let (Some(d), Some(max), Some(min)) = (
            s.desired_count,
            s.deployment_maximum_percent,
            s.deployment_minimum_healthy_percent,
        ) else {
            continue;
        };
        if !arith::config_deadlock(d, max, min) {
            continue;
        }
        let r = a.res(svc.res);
        out.push(META.finding(
            format!(
                "desired_count {d} with deployment_maximum_percent {max} and deployment_minimum_healthy_percent {min}: at most {} tasks may run and at least {} must stay running, so a rolling deployment can neither start nor stop a task",
                arith::surge_limit(d, max),
                arith::healthy_floor(d, min)
            ),
            Some(r.address.clone()),
            super::first_written(
                r,
                &[
                    "deployment_maximum_percent",
                    "deployment_minimum_healthy_percent",
                    "desired_count",
                ],
            ),
        ));
    }
}

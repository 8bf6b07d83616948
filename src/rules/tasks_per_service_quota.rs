//! ECS306 `tasks-per-service-quota`: more tasks than the tasks-per-service quota allows.

use super::meta::RuleMeta;
use crate::ecs::Analysis;
use crate::scaling::Scaling;
use crate::finding::{Finding, Severity};

/// The rule's metadata.
pub static META: RuleMeta = RuleMeta {
    code: "ECS306",
    name: "tasks-per-service-quota",
    severity: Severity::Warning,
    summary: "a service asks for more tasks than the tasks-per-service quota allows",
    help: "split the service, or request a quota increase in Service Quotas (service code `ecs`) before scaling this far",
    doc: r#"## What it does

Compares a service's `desired_count`, and the `max_capacity` of its Application Auto Scaling
target, with the default quota of tasks per service: 5,000, or 1,000 when the service uses
service discovery (`service_registries`) or Service Connect.

## Why is this bad?

ECS does not run more tasks in one service than the quota: the desired count is rejected or
the service never scales past the quota.

## Example

```hcl
resource "aws_ecs_service" "workers" {
  desired_count = 1200 # warning: 1,000 tasks per service with service discovery
  service_registries {
    registry_arn = aws_service_discovery_service.workers.arn
  }
}
```

## Known limitations

The quota is adjustable per account and Region; a raised quota is not visible to ecsnet,
hence a warning.

## References

- ecs-networking.md §4.2, §7 (quotas), rules SC-07, SC-08
- [Amazon ECS service quotas](https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html)
"#,
};

/// Raises the findings of this rule.
pub fn check(a: &Analysis<'_>, scaling: &Scaling, out: &mut Vec<Finding>) {
    for (svc, sc) in a.services.iter().zip(&scaling.services) {
        if svc.deleted || svc.scheduling != Some(crate::ecs::Scheduling::Replica) {
            continue;
        }
        let (Some(q), Some(label)) = (sc.quota.known(), sc.quota.label()) else {
            continue;
        };
        let Some(d) = sc.demand_over(svc.res, q) else {
            continue;
        };
        let why = match label {
            "service-discovery-quota" => " for a service using service discovery",
            "service-connect-quota" => " for a service using Service Connect",
            _ => "",
        };
        let r = a.res(svc.res);
        out.push(META.finding(
            format!(
                "{} {} is above the default quota of {q} tasks per service{why}",
                d.attribute, d.count
            ),
            Some(r.address.clone()),
            d.location(a),
        ));
    }
}

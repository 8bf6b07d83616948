//! ECS411 `mixed-capacity-providers`: one strategy cannot mix Fargate and Auto Scaling group
//! capacity providers.

use super::meta::RuleMeta;
use super::scope;
use crate::ecs::Analysis;
use crate::scaling::Scaling;
use crate::finding::{Finding, Severity};
use crate::model::Value;

/// The rule's metadata.
pub static META: RuleMeta = RuleMeta {
    code: "ECS411",
    name: "mixed-capacity-providers",
    severity: Severity::Error,
    summary: "a service's capacity provider strategy mixes Fargate and Auto Scaling group providers",
    help: "use only `FARGATE`/`FARGATE_SPOT`, or only Auto Scaling group capacity providers, in one strategy; run the other part as a separate service",
    doc: r#"## What it does

Flags an `aws_ecs_service` whose `capacity_provider_strategy` names both `FARGATE` or
`FARGATE_SPOT` and an `aws_ecs_capacity_provider` backed by an Auto Scaling group.

## Why is this bad?

Fargate and EC2 tasks need different task definitions and networking, so ECS does not split
one service across them: `CreateService` fails with "A capacity provider strategy cannot
contain a mix of capacity providers using Auto Scaling groups and Fargate providers...", so
`terraform apply` stops.

## Example

```hcl
resource "aws_ecs_service" "api" {
  capacity_provider_strategy {
    capacity_provider = aws_ecs_capacity_provider.ec2.name
    weight            = 1
  }
  capacity_provider_strategy {
    capacity_provider = "FARGATE_SPOT" # error
    weight            = 1
  }
}
```

## Known limitations

A mixed default strategy on the cluster (`aws_ecs_cluster_capacity_providers`) is not
reported here. Capacity providers not defined in the analyzed inputs are not classified.

## References

- ecs-networking.md §1.1 (effective platform), §5.5, rule SV-17
- [Capacity providers](https://docs.aws.amazon.com/AmazonECS/latest/developerguide/cluster-capacity-providers.html)
"#,
};

/// Raises the findings of this rule.
pub fn check(a: &Analysis<'_>, _: &Scaling, out: &mut Vec<Finding>) {
    for (svc, r) in scope::services(a) {
        let p = &svc.platform;
        if p.origin != crate::ecs::LaunchTypeOrigin::CapacityProviderStrategy {
            continue;
        }
        let Some(fargate) = p.strategy.iter().position(|n| n.starts_with("FARGATE")) else {
            continue;
        };
        let Some(asg) = p.capacity_providers.iter().map(|&i| a.res(i)).find(|cp| {
            cp.get("auto_scaling_group_provider")
                .and_then(Value::as_list)
                .is_some_and(|l| !l.is_empty())
        }) else {
            continue;
        };
        out.push(META.finding(
            format!(
                "`{}` mixes `{}` with Auto Scaling group capacity provider `{}` in one `capacity_provider_strategy`",
                r.address, p.strategy[fargate], asg.address
            ),
            Some(r.address.clone()),
            // The strategy is a set: plans reorder its blocks, so point at the first one.
            r.location_of("capacity_provider_strategy").cloned(),
        ));
    }
}

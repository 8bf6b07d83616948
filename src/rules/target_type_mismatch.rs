//! ECS404 `target-type-mismatch`: the target group's `target_type` must suit the network mode.

use super::meta::RuleMeta;
use super::scope;
use crate::ecs::service_links::target_type;
use crate::scaling::Scaling;
use crate::ecs::wiring::load_balancers;
use crate::ecs::{Analysis, NetworkMode};
use crate::finding::{Finding, Severity};

/// The rule's metadata.
pub static META: RuleMeta = RuleMeta {
    code: "ECS404",
    name: "target-type-mismatch",
    severity: Severity::Error,
    summary: "a service's target group has a `target_type` its network mode cannot register",
    help: "use `target_type = \"ip\"` for awsvpc (and Fargate) tasks, and `\"instance\"` (the default) for bridge and host tasks",
    doc: r#"## What it does

Flags a target group attached to a service (`load_balancer.target_group_arn`) whose
`target_type` does not fit the service's effective network mode: awsvpc tasks (every Fargate
task) register their own IP, so the target group needs `target_type = "ip"`; bridge and host
tasks register the container instance, so it needs `"instance"` — which is what an omitted
`target_type` means.

## Why is this bad?

`CreateService` fails with "The provided target group ... has target type instance, which is
incompatible with the awsvpc network mode specified in the task definition." (or the same for
`ip` with bridge), so `terraform apply` stops. `target_type` forces a new target group, so
fixing it later replaces the target group.

## Example

```hcl
resource "aws_lb_target_group" "api" {
  name     = "api"
  port     = 8080
  protocol = "HTTP"
  vpc_id   = aws_vpc.main.id
  # error: target_type defaults to "instance"; the service's tasks use awsvpc
}
```

Add `target_type = "ip"`.

## References

- ecs-networking.md §5.2 (load balancers), rules SV-05, SV-06
- [Service load balancing](https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-load-balancing.html)
"#,
};

/// Raises the findings of this rule.
pub fn check(a: &Analysis<'_>, _: &Scaling, out: &mut Vec<Finding>) {
    for (svc, r) in scope::services(a) {
        let (needed, mode) = match svc.network_mode {
            Some(NetworkMode::Awsvpc) => ("ip", NetworkMode::Awsvpc),
            Some(m @ (NetworkMode::Bridge | NetworkMode::Nat | NetworkMode::Host)) => {
                ("instance", m)
            }
            _ => continue,
        };
        let mut seen = Vec::new();
        for lb in load_balancers(r, svc) {
            let Some(tg) = lb.target_group.one() else {
                continue;
            };
            if seen.contains(&tg) {
                continue;
            }
            seen.push(tg);
            let tgr = a.res(tg);
            let Some(tt) = target_type(tgr) else { continue };
            if tt == needed {
                continue;
            }
            out.push(META.finding(
                format!(
                    "`{}` registers `{}` tasks in target group `{}` whose target type is `{tt}`; network mode `{}` needs `{needed}`",
                    r.address,
                    mode.as_str(),
                    tgr.address,
                    mode.as_str()
                ),
                Some(r.address.clone()),
                tgr.location_of("target_type").cloned(),
            ));
        }
    }
}

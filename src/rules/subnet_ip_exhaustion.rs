//! ECS305 `subnet-ip-exhaustion`: the service subnets have fewer free addresses than the
//! tasks a deployment runs at once.

use super::meta::RuleMeta;
use crate::ecs::Analysis;
use crate::scaling::Scaling;
use crate::ecs::service_links::ipv4_prefix;
use crate::finding::{Finding, Severity};
use crate::scaling::arith;

/// The rule's metadata.
pub static META: RuleMeta = RuleMeta {
    code: "ECS305",
    name: "subnet-ip-exhaustion",
    severity: Severity::Warning,
    summary: "the service subnets have fewer IP addresses than an awsvpc deployment needs",
    help: "add subnets or use larger ones (each subnet loses 5 addresses to AWS), or lower `deployment_maximum_percent`",
    doc: r#"## What it does

Every awsvpc task (Fargate, or EC2 with `network_mode = "awsvpc"`) takes one private IPv4
address in one of the service's subnets, and AWS reserves 5 addresses of every subnet. The
rule adds up `2^(32 − prefix) − 5` over the subnets of `network_configuration` and compares it
with the most tasks a rolling deployment runs at once: `floor(N × deployment_maximum_percent
/ 100)`, where N is the larger of `desired_count` and the auto scaling `max_capacity`.

## Why is this bad?

When the subnets run out of addresses, new tasks stop with
`InsufficientFreeAddressesInSubnet` even though the service call succeeded: deployments and
scale-outs stall.

## Example

```hcl
resource "aws_subnet" "tasks" {
  cidr_block = "10.0.1.0/28" # 11 usable addresses
}

resource "aws_ecs_service" "api" {
  desired_count = 8 # a deployment at 200% runs 16 tasks
  network_configuration {
    subnets = [aws_subnet.tasks.id] # warning: 11 addresses for 16 tasks
  }
}
```

## Known limitations

Other consumers of the same subnets (instances, load balancers, other services, trunk
interfaces) are not subtracted, so the real room is smaller. Subnets that are not in the
inputs, or whose CIDR is unknown, make the check silent.

## References

- ecs-networking.md §4.3 (IP addresses), §4.4, rule SC-06
- [Subnet sizing](https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html)
- paradisec-archive/nabu#1259
"#,
};

/// Raises the findings of this rule.
pub fn check(a: &Analysis<'_>, scaling: &Scaling, out: &mut Vec<Finding>) {
    for (svc, sc) in a.services.iter().zip(&scaling.services) {
        if svc.deleted || svc.scheduling != Some(crate::ecs::Scheduling::Replica) {
            continue;
        }
        let Some(ips) = sc.subnet_capacity.known() else {
            continue;
        };
        let s = &sc.summary;
        let (n, what) = match (s.desired_count, s.max_capacity) {
            (Some(d), Some(m)) if m > d => (m, format!("auto scaling max_capacity {m}")),
            (Some(d), _) => (d, format!("desired_count {d}")),
            (None, Some(m)) => (m, format!("auto scaling max_capacity {m}")),
            (None, None) => continue,
        };
        let max = s.deployment_maximum_percent.unwrap_or(100).max(100);
        let need = arith::surge_limit(n, max);
        if need <= ips {
            continue;
        }
        let r = a.res(svc.res);
        let subnets: Vec<String> = sc
            .subnets
            .iter()
            .map(|&i| {
                let sr = a.res(i);
                let p = ipv4_prefix(sr).map_or_else(String::new, |p| format!(" (/{p})"));
                format!("`{}`{p}", sr.address)
            })
            .collect();
        out.push(META.finding(
            format!(
                "{what} at deployment_maximum_percent {max} runs up to {need} tasks, each with its own IP address; subnets {} have {ips} usable addresses",
                subnets.join(", ")
            ),
            Some(r.address.clone()),
            r.location_of("network_configuration.0.subnets").cloned(),
        ));
    }
}

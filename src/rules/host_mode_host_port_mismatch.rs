//! ECS202 `host-mode-host-port-mismatch`: in host mode a host port must equal its container port.

use super::meta::RuleMeta;
use super::scope;
use crate::model::containers::Num;
use crate::scaling::Scaling;
use crate::ecs::portmap::{mapping_path, mappings};
use crate::ecs::{Analysis, NetworkMode};
use crate::finding::{Finding, Severity};

/// The rule's metadata.
pub static META: RuleMeta = RuleMeta {
    code: "ECS202",
    name: "host-mode-host-port-mismatch",
    severity: Severity::Error,
    summary: "a port mapping in host mode has a host port different from its container port",
    help: "remove `hostPort` (host mode fills it in) or set it equal to `containerPort`",
    doc: r#"## What it does

Flags a port mapping of a task definition with `network_mode = "host"` whose `hostPort` is
set to a non-zero value that differs from its `containerPort`.

## Why is this bad?

In host mode containers use the instance's network stack directly, so a port cannot be
remapped: the container port *is* the host port. The ECS API requires `hostPort` to be
omitted or equal to `containerPort` in host mode and rejects the task definition otherwise.

## Example

```hcl
resource "aws_ecs_task_definition" "proxy" {
  family       = "proxy"
  network_mode = "host"
  container_definitions = jsonencode([{
    name         = "proxy"
    image        = "haproxy:2.9"
    memory       = 256
    portMappings = [{ containerPort = 8443, hostPort = 443 }] # error: 443 ≠ 8443
  }])
}
```

Make the application listen on 443 and write `portMappings = [{ containerPort = 443 }]`.

## Known limitations

`hostPort = 0` is not flagged in host mode (it is in awsvpc mode, ECS201): the rejection is
documented but not confirmed for that value.

## References

- ecs-networking.md §3.1 (port mapping fields), §3.6, rule PM-03
- [PortMapping](https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PortMapping.html)
"#,
};

/// Raises the findings of this rule.
pub fn check(a: &Analysis<'_>, _: &Scaling, out: &mut Vec<Finding>) {
    for (td, r) in scope::task_definitions(a) {
        if td.explicit_mode() != Some(NetworkMode::Host) {
            continue;
        }
        for (c, pm) in mappings(&td.containers) {
            let (Num::Known(host), Num::Known(cport)) = (&pm.host_port, &pm.container_port) else {
                continue;
            };
            if *host == 0 || host == cport {
                continue;
            }
            out.push(META.finding(
                format!(
                    "host port `{host}` of container `{}` differs from its container port `{cport}`; in host mode they must match",
                    c.label()
                ),
                Some(r.address.clone()),
                r.location_of(&mapping_path(c, pm, "hostPort")).cloned(),
            ));
        }
    }
}

//! ECS205 `reserved-host-port`: a static host port the ECS agent reserves on every instance.

use super::meta::RuleMeta;
use crate::ecs::host_ports::{port_path, task_host_ports};
use crate::scaling::Scaling;
use crate::ecs::{Analysis, Os};
use crate::finding::{Finding, Severity};

/// The rule's metadata.
pub static META: RuleMeta = RuleMeta {
    code: "ECS205",
    name: "reserved-host-port",
    severity: Severity::Error,
    summary: "a static host port is one the ECS agent reserves on every container instance",
    help: "use a dynamic host port (`hostPort` 0 or omitted) or another static port outside the reserved list",
    doc: r#"## What it does

Flags a TCP port mapping whose host port is reserved by the ECS container agent: a static
`hostPort` in bridge mode, or any mapped port in host mode. The reserved list is, on Linux,
22, 2375, 2376, 51678 and 51679; on Windows 53, 135, 139, 445, 2375, 2376, 3389, 5985, 5986,
51678 and 51679. Change it with `reserved_ports` / `windows_reserved_ports` in
`ecsnet.toml` or `--reserved-ports` when your instances set `ECS_RESERVED_PORTS`.

## Why is this bad?

The agent registers these ports as in use on every container instance, so the scheduler
never finds an instance where the task's host port is free: tasks stay PENDING and the
service reports "no container instance met all of its requirements … is already using a
port required by your task".

## Example

```hcl
resource "aws_ecs_task_definition" "bastion" {
  family       = "bastion"
  network_mode = "bridge"
  container_definitions = jsonencode([{
    name         = "sshd"
    image        = "example/sshd:1"
    memory       = 128
    portMappings = [{ containerPort = 22, hostPort = 22 }] # error: 22 is reserved
  }])
}
```

Map it to a free port instead: `{ containerPort = 22, hostPort = 2222 }`.

## Known limitations

Instances that set `ECS_RESERVED_PORTS` replace the default list; configure the same list
here. Port 51680 is also reserved when `ECS_ENABLE_PROMETHEUS_METRICS=true`, and port 80 on
Windows with task IAM roles; add them to the list if that applies.

## References

- ecs-networking.md §3.4 (reserved host ports), rule PM-08
- [Task definition parameters: port mappings](https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html)
- [PortMapping](https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PortMapping.html)
"#,
};

/// Raises the findings of this rule.
pub fn check(a: &Analysis<'_>, _: &Scaling, out: &mut Vec<Finding>) {
    for t in task_host_ports(a) {
        let (reserved, os) = match t.os {
            Some(Os::Windows) => (&a.settings.reserved_ports_windows, "Windows"),
            Some(Os::Linux) => (&a.settings.reserved_ports, "Linux"),
            None => continue,
        };
        let r = a.res(a.task_definitions[t.td].res);
        for p in &t.ports {
            // ECS_RESERVED_PORTS is the TCP list; the UDP list is empty by default (§3.4).
            let Some(host) = p.host_port.filter(|h| reserved.contains(h)) else {
                continue;
            };
            if p.protocol != "tcp" {
                continue;
            }
            out.push(META.finding(
                format!(
                    "host port `{host}` of container `{}` is reserved by the ECS agent on {os} instances ({}); no instance can place this task",
                    p.container,
                    list(reserved)
                ),
                Some(r.address.clone()),
                r.location_of(&port_path(p)).cloned(),
            ));
        }
    }
}

fn list(ports: &[u32]) -> String {
    ports
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

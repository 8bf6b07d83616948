//! The host ports a task definition reserves on a container instance (ecs-networking.md
//! §3.4, §3.6): static host ports in bridge/nat mode and every mapped port in host mode.
//! Dynamic ports, ranges and awsvpc ports reserve nothing on the instance.

use super::facts::{NetworkMode, Os, PortFact, PortKind};
use super::{Analysis, network, ports};

/// The reserved host ports of one task definition.
#[derive(Debug, Clone)]
pub struct TaskHostPorts {
    /// Index into `Analysis::task_definitions`.
    pub td: usize,
    /// The OS family, when known.
    pub os: Option<Os>,
    /// Static or host-mode ports with a known host port, each mapping once.
    pub ports: Vec<PortFact>,
}

/// Every live task definition with at least one reserved host port. The network mode is the
/// one its services run it in (or its own default when no service uses it).
pub fn task_host_ports(a: &Analysis<'_>) -> Vec<TaskHostPorts> {
    let mut out = Vec::new();
    for (i, td) in a.task_definitions.iter().enumerate() {
        if a.res(td.res).is_deleted() {
            continue;
        }
        let mut modes: Vec<NetworkMode> = td
            .used_by
            .iter()
            .filter_map(|&s| a.services[s].network_mode)
            .collect();
        if td.used_by.is_empty() {
            modes.extend(network::effective(td, None).0);
        }
        modes.dedup();
        let mut found: Vec<PortFact> = Vec::new();
        for m in modes {
            let (ps, _, _) = ports::classify(&td.containers, Some(m));
            for p in ps {
                let reserves = matches!(p.kind, PortKind::Static | PortKind::Host);
                let seen = found.iter().any(|f| {
                    (f.container_index, f.mapping_index) == (p.container_index, p.mapping_index)
                });
                if reserves && p.host_port.is_some() && !seen {
                    found.push(p);
                }
            }
        }
        if !found.is_empty() {
            out.push(TaskHostPorts {
                td: i,
                os: td.os,
                ports: found,
            });
        }
    }
    out
}

/// The attribute path of a port's host port (the container port in host mode, where
/// `hostPort` may be omitted).
pub fn port_path(p: &PortFact) -> String {
    let field = if p.kind == PortKind::Host {
        "containerPort"
    } else {
        "hostPort"
    };
    format!(
        "container_definitions.{}.portMappings.{}.{field}",
        p.container_index, p.mapping_index
    )
}

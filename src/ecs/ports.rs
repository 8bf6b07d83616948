//! How each container port reaches the outside (ecs-networking.md §3.1, §3.6).

use super::facts::{NetworkMode, PortFact, PortKind, PortStrategy};
use super::portmap::{HostPort, host_port, range_start};
use crate::model::containers::{ContainerDefs, Num};

/// Classifies every port mapping of `defs` under `mode`. Returns the ports, the service's
/// strategy, and what made anything unknown.
pub fn classify(
    defs: &ContainerDefs,
    mode: Option<NetworkMode>,
) -> (Vec<PortFact>, PortStrategy, Vec<String>) {
    let mut unknowns = Vec::new();
    let containers = match defs {
        ContainerDefs::Known(c) => c,
        ContainerDefs::Unknown(why) => {
            unknowns.push(format!("container definitions are unknown ({why})"));
            return (Vec::new(), PortStrategy::Unknown, unknowns);
        }
        ContainerDefs::Invalid(msg, _) => {
            unknowns.push(format!("container definitions are invalid: {msg}"));
            return (Vec::new(), PortStrategy::Unknown, unknowns);
        }
        ContainerDefs::Absent => {
            unknowns.push("`container_definitions` is not set".into());
            return (Vec::new(), PortStrategy::Unknown, unknowns);
        }
    };
    let mut ports = Vec::new();
    let mut lists_unknown = false;
    for c in containers {
        let pms = match &c.port_mappings {
            Ok(p) => p,
            Err(why) => {
                unknowns.push(format!(
                    "port mappings of `{}` are unknown ({why})",
                    c.label()
                ));
                lists_unknown = true;
                continue;
            }
        };
        for pm in pms {
            let container_port = pm
                .container_port
                .known()
                .and_then(|p| u32::try_from(p).ok())
                .or_else(|| range_start(pm));
            let range = pm
                .container_port_range
                .clone()
                .map(|r| r.unwrap_or_default());
            let hp = host_port(pm, mode);
            if let HostPort::Unknown(why) = &hp {
                unknowns.push(format!("host port of `{}` is unknown ({why})", c.label()));
            }
            let (kind, host_port) = (hp.kind(), hp.port());
            if let Num::Unknown(why) = &pm.container_port {
                unknowns.push(format!(
                    "container port of `{}` is unknown ({why})",
                    c.label()
                ));
            }
            ports.push(PortFact {
                container: c.label(),
                container_index: c.index,
                mapping_index: pm.index,
                container_port,
                host_port,
                protocol: pm.protocol.clone().unwrap_or_else(|| "unknown".into()),
                kind,
                range,
            });
        }
    }
    let strategy = strategy(mode, &ports, lists_unknown);
    (ports, strategy, unknowns)
}

fn strategy(mode: Option<NetworkMode>, ports: &[PortFact], lists_unknown: bool) -> PortStrategy {
    let Some(mode) = mode else {
        return PortStrategy::Unknown;
    };
    // A task without port mappings says so the same way in every network mode.
    if !lists_unknown && ports.is_empty() {
        return PortStrategy::NoPorts;
    }
    match mode {
        NetworkMode::Awsvpc => PortStrategy::Awsvpc,
        NetworkMode::Host => PortStrategy::Host,
        NetworkMode::None => PortStrategy::None,
        NetworkMode::Bridge | NetworkMode::Nat => {
            if lists_unknown || ports.iter().any(|p| p.kind == PortKind::Unknown) {
                return PortStrategy::Unknown;
            }
            let fixed = ports.iter().any(|p| p.kind == PortKind::Static);
            let dynamic = ports
                .iter()
                .any(|p| matches!(p.kind, PortKind::Dynamic | PortKind::Range));
            match (fixed, dynamic) {
                (true, true) => PortStrategy::Mixed,
                (true, false) => PortStrategy::Static,
                (false, true) => PortStrategy::Dynamic,
                (false, false) => PortStrategy::NoPorts,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Value;
    use crate::model::containers::decode;

    fn run(json: &str, mode: NetworkMode) -> (Vec<PortFact>, PortStrategy) {
        let (p, s, _) = classify(&decode(Some(&Value::String(json.into()))), Some(mode));
        (p, s)
    }

    #[test]
    fn bridge_static_dynamic_mixed() {
        let (p, s) = run(
            r#"[{"name":"a","portMappings":[{"containerPort":80,"hostPort":80},{"containerPort":81,"hostPort":0},{"containerPort":82}]}]"#,
            NetworkMode::Bridge,
        );
        assert_eq!(s, PortStrategy::Mixed);
        assert_eq!(
            p.iter().map(|p| (p.kind, p.host_port)).collect::<Vec<_>>(),
            vec![
                (PortKind::Static, Some(80)),
                (PortKind::Dynamic, None),
                (PortKind::Dynamic, None)
            ]
        );
    }

    #[test]
    fn awsvpc_and_host_use_container_port() {
        let (p, s) = run(
            r#"[{"name":"a","portMappings":[{"containerPort":8080}]}]"#,
            NetworkMode::Awsvpc,
        );
        assert_eq!(
            (s, p[0].host_port, p[0].kind),
            (PortStrategy::Awsvpc, Some(8080), PortKind::Awsvpc)
        );
        // Port-less: the same `no-ports` in every mode.
        for mode in [
            NetworkMode::Host,
            NetworkMode::Bridge,
            NetworkMode::Awsvpc,
            NetworkMode::None,
        ] {
            let (_, s) = run(r#"[{"name":"a"}]"#, mode);
            assert_eq!(s, PortStrategy::NoPorts, "{mode:?}");
        }
    }

    #[test]
    fn range_is_dynamic_in_bridge() {
        let (p, s) = run(
            r#"[{"name":"a","portMappings":[{"containerPortRange":"8000-8010"}]}]"#,
            NetworkMode::Bridge,
        );
        assert_eq!(
            (s, p[0].kind, p[0].container_port),
            (PortStrategy::Dynamic, PortKind::Range, Some(8000))
        );
    }
}

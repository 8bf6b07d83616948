//! Walking the port mappings of a task definition, and `containerPortRange` arithmetic
//! (ecs-networking.md §3.1, §3.2).

use super::facts::{NetworkMode, PortKind};
use crate::model::Value;
use crate::model::containers::{Container, ContainerDefs, Num, PortMapping};

/// Every (container, mapping) pair whose mapping list is known, in definition order.
pub fn mappings(defs: &ContainerDefs) -> impl Iterator<Item = (&Container, &PortMapping)> {
    let containers: &[Container] = match defs {
        ContainerDefs::Known(c) => c,
        _ => &[],
    };
    containers.iter().flat_map(|c| {
        let pms: &[PortMapping] = c.port_mappings.as_deref().unwrap_or(&[]);
        pms.iter().map(move |pm| (c, pm))
    })
}

/// The containers ordered by name (then position). Rules that report "already used by an
/// earlier one" walk this order: the provider sorts definitions by name in plans, so the
/// written order is not available for every input.
pub fn containers_by_name(defs: &ContainerDefs) -> Vec<&Container> {
    let mut cs: Vec<&Container> = containers(defs).unwrap_or_default().iter().collect();
    cs.sort_by(|a, b| a.name.cmp(&b.name).then(a.index.cmp(&b.index)));
    cs
}

/// The containers, when every definition decoded.
pub fn containers(defs: &ContainerDefs) -> Option<&[Container]> {
    match defs {
        ContainerDefs::Known(c) => Some(c),
        _ => None,
    }
}

/// The container named `name`: `Some(Some)` found, `Some(None)` certainly absent (every
/// container and name is known), `None` when that cannot be told.
pub fn container_named<'d>(defs: &'d ContainerDefs, name: &str) -> Option<Option<&'d Container>> {
    let cs = containers(defs)?;
    if let Some(c) = cs.iter().find(|c| c.name.as_deref() == Some(name)) {
        return Some(Some(c));
    }
    // An unknown name might be this one.
    if cs.iter().any(|c| c.name.is_none()) {
        return None;
    }
    Some(None)
}

/// Whether container `c` maps container port `port`: `Some(true/false)` when its mappings
/// are known enough to tell, `None` otherwise. A `containerPortRange` covering it counts.
pub fn maps_port(c: &Container, port: i64) -> Option<bool> {
    let pms = c.port_mappings.as_ref().ok()?;
    let mut unsure = false;
    for pm in pms {
        match &pm.container_port_range {
            Some(Some(text)) => match parse_range(text) {
                Ok(r) if u32::try_from(port).is_ok_and(|p| r.contains(p)) => return Some(true),
                Ok(_) => {}
                Err(_) => unsure = true,
            },
            Some(None) => unsure = true,
            None => match pm.container_port {
                Num::Known(p) if p == port => return Some(true),
                Num::Unknown(_) => unsure = true,
                _ => {}
            },
        }
    }
    (!unsure).then_some(false)
}

/// True when every container's port mapping list is known (so "no such port" is a fact).
pub fn all_mappings_known(defs: &ContainerDefs) -> bool {
    containers(defs).is_some_and(|cs| cs.iter().all(|c| c.port_mappings.is_ok()))
}

/// The attribute path of a container field: `container_definitions.<i>.<key>`.
pub fn container_path(c: &Container, key: &str) -> String {
    format!("container_definitions.{}.{key}", c.index)
}

/// The attribute path of a mapping field:
/// `container_definitions.<i>.portMappings.<j>.<key>` (`key` empty: the mapping itself).
pub fn mapping_path(c: &Container, pm: &PortMapping, key: &str) -> String {
    let base = format!(
        "container_definitions.{}.portMappings.{}",
        c.index, pm.index
    );
    if key.is_empty() {
        base
    } else {
        format!("{base}.{key}")
    }
}

/// The mapping as written, for fields the decoder does not keep.
pub fn mapping_raw<'c>(c: &'c Container, pm: &PortMapping) -> Option<&'c Value> {
    c.field("portMappings")?.as_list()?.get(pm.index)
}

/// True when a JSON field holds something: not absent, `null`, `""`, `[]` or `false`.
/// Unknown values count as set (something will be sent).
pub fn is_set(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) | Some(Value::Bool(false)) => false,
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::List(l)) => !l.is_empty(),
        Some(Value::Object(m)) => !m.is_empty(),
        Some(_) => true,
    }
}

/// How one port mapping reaches the outside in a network mode (ecs-networking.md §3.1): the
/// one place that decides which host port a mapping occupies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostPort {
    /// awsvpc: the container port is the port on the task's ENI (`None` when unknown).
    Eni(Option<u32>),
    /// host: the container port is the port on the instance (`None` when unknown).
    HostNetwork(Option<u32>),
    /// bridge or nat with `hostPort` set: that port on every instance (`None` when it is not
    /// a port number; ECS205 reports it).
    Static(Option<u32>),
    /// bridge or nat with `hostPort` omitted or 0: one from the dynamic range.
    Dynamic,
    /// bridge or nat with `containerPortRange`: dynamic ports for the range (§3.6).
    Range,
    /// `none`: nothing reaches the outside.
    NotMapped,
    /// `hostPort` is not known before apply; the reason.
    Unknown(String),
    /// The network mode is unknown.
    ModeUnknown,
}

impl HostPort {
    /// The host port the mapping occupies, when it is one known port.
    pub fn port(&self) -> Option<u32> {
        match self {
            HostPort::Eni(p) | HostPort::HostNetwork(p) | HostPort::Static(p) => *p,
            _ => None,
        }
    }

    /// The report's kind of the port.
    pub fn kind(&self) -> PortKind {
        match self {
            HostPort::Eni(_) => PortKind::Awsvpc,
            HostPort::HostNetwork(_) => PortKind::Host,
            HostPort::Static(_) => PortKind::Static,
            HostPort::Dynamic => PortKind::Dynamic,
            HostPort::Range => PortKind::Range,
            HostPort::NotMapped => PortKind::None,
            HostPort::Unknown(_) | HostPort::ModeUnknown => PortKind::Unknown,
        }
    }
}

/// The host side of `pm` under `mode` (`None`: the mode is unknown).
pub fn host_port(pm: &PortMapping, mode: Option<NetworkMode>) -> HostPort {
    match mode {
        None => HostPort::ModeUnknown,
        Some(m @ (NetworkMode::Awsvpc | NetworkMode::Host)) => {
            let port = pm
                .container_port
                .known()
                .and_then(|p| u32::try_from(p).ok())
                .or_else(|| range_start(pm));
            if m == NetworkMode::Awsvpc {
                HostPort::Eni(port)
            } else {
                HostPort::HostNetwork(port)
            }
        }
        Some(NetworkMode::None) => HostPort::NotMapped,
        Some(m) if m.is_bridge_like() => {
            if pm.container_port_range.is_some() {
                return HostPort::Range;
            }
            match &pm.host_port {
                // hostPort omitted or 0 ⇒ dynamic (§3.1).
                Num::Absent | Num::Known(0) => HostPort::Dynamic,
                Num::Known(n) => HostPort::Static(u32::try_from(*n).ok()),
                Num::Unknown(why) => HostPort::Unknown(why.clone()),
            }
        }
        Some(_) => HostPort::ModeUnknown,
    }
}

/// The first port of a known `containerPortRange`.
pub fn range_start(pm: &PortMapping) -> Option<u32> {
    pm.container_port_range
        .as_ref()?
        .as_deref()?
        .split('-')
        .next()?
        .trim()
        .parse()
        .ok()
}

/// A parsed `containerPortRange`, inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PortRange {
    /// First port.
    pub start: u32,
    /// Last port.
    pub end: u32,
}

impl PortRange {
    /// True when `port` is in the range.
    pub fn contains(self, port: u32) -> bool {
        self.start <= port && port <= self.end
    }

    /// True when the ranges share a port.
    pub fn overlaps(self, other: PortRange) -> bool {
        self.start <= other.end && other.start <= self.end
    }
}

/// Parses `"start-end"` ([API] `PortMapping.containerPortRange`: ports 1–65535, start below
/// end). The error says what is wrong, for messages.
pub fn parse_range(s: &str) -> Result<PortRange, String> {
    let Some((a, b)) = s.split_once('-') else {
        return Err(format!("`{s}` is not of the form `start-end`"));
    };
    let port = |t: &str| -> Result<u32, String> {
        let t = t.trim();
        match t.parse::<u32>() {
            Ok(p) if (1..=65535).contains(&p) && !t.starts_with('+') => Ok(p),
            _ => Err(format!("`{t}` in `{s}` is not a port from 1 to 65535")),
        }
    };
    let (start, end) = (port(a)?, port(b)?);
    if start >= end {
        return Err(format!("`{s}` starts at {start}, not below its end {end}"));
    }
    Ok(PortRange { start, end })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::containers::decode;

    #[test]
    fn parses_ranges() {
        assert_eq!(
            parse_range("8000-8010"),
            Ok(PortRange {
                start: 8000,
                end: 8010
            })
        );
        assert_eq!(parse_range(" 1 - 65535 ").map(|r| r.end), Ok(65535));
        for (bad, needle) in [
            ("8000", "form"),
            ("8000-", "not a port"),
            ("0-10", "not a port"),
            ("10-70000", "not a port"),
            ("a-b", "not a port"),
            ("9000-8000", "not below"),
            ("8000-8000", "not below"),
            ("1-2-3", "not a port"),
        ] {
            let e = parse_range(bad).unwrap_err();
            assert!(e.contains(needle), "{bad}: {e}");
        }
    }

    #[test]
    fn overlap_is_inclusive() {
        let r = |a, b| PortRange { start: a, end: b };
        assert!(r(1, 10).overlaps(r(10, 20)));
        assert!(r(5, 6).overlaps(r(1, 10)));
        assert!(!r(1, 9).overlaps(r(10, 20)));
        assert!(r(1, 9).contains(9) && !r(1, 9).contains(10));
    }

    #[test]
    fn walks_known_mappings_with_paths() {
        let defs = decode(Some(&Value::String(
            r#"[{"name":"a","portMappings":[{"containerPort":80},{"containerPort":81,"hostPort":0}]},{"name":"b"},{"name":"c","portMappings":[{"containerPort":90,"hostPort":9090}]}]"#.into(),
        )));
        let got: Vec<String> = mappings(&defs)
            .map(|(c, pm)| mapping_path(c, pm, "hostPort"))
            .collect();
        assert_eq!(
            got,
            [
                "container_definitions.0.portMappings.0.hostPort",
                "container_definitions.0.portMappings.1.hostPort",
                "container_definitions.2.portMappings.0.hostPort"
            ]
        );
        let hp: Vec<HostPort> = mappings(&defs)
            .map(|(_, pm)| host_port(pm, Some(NetworkMode::Bridge)))
            .collect();
        assert_eq!(
            hp,
            [
                HostPort::Dynamic,
                HostPort::Dynamic,
                HostPort::Static(Some(9090))
            ]
        );
        // awsvpc: the container port is the host port (a different hostPort is ECS201's error).
        let hp: Vec<Option<u32>> = mappings(&defs)
            .map(|(_, pm)| host_port(pm, Some(NetworkMode::Awsvpc)).port())
            .collect();
        assert_eq!(hp, [Some(80), Some(81), Some(90)]);
        let none = host_port(mappings(&defs).next().unwrap().1, Some(NetworkMode::None));
        assert_eq!((none.port(), none.kind()), (None, PortKind::None));
        assert!(all_mappings_known(&defs));
        let a = container_named(&defs, "a").flatten().unwrap();
        assert_eq!(maps_port(a, 81), Some(true));
        assert_eq!(maps_port(a, 82), Some(false));
        assert!(container_named(&defs, "z") == Some(None));
    }

    #[test]
    fn ranges_cover_ports_and_unknowns_stay_unknown() {
        let defs = decode(Some(&Value::String(
            r#"[{"name":"a","portMappings":[{"containerPortRange":"7000-7010"},{"containerPort":80}]},{"name":"b","portMappings":[{"containerPortRange":"x"}]}]"#.into(),
        )));
        let a = container_named(&defs, "a").flatten().unwrap();
        assert_eq!(maps_port(a, 7005), Some(true));
        assert_eq!(maps_port(a, 7011), Some(false));
        let b = container_named(&defs, "b").flatten().unwrap();
        assert_eq!(maps_port(b, 1), None);
    }

    #[test]
    fn set_means_something_is_sent() {
        assert!(!is_set(None));
        assert!(!is_set(Some(&Value::Null)));
        assert!(!is_set(Some(&Value::List(vec![]))));
        assert!(!is_set(Some(&Value::Bool(false))));
        assert!(is_set(Some(&Value::Bool(true))));
        assert!(is_set(Some(&Value::unknown("x"))));
        assert!(is_set(Some(&Value::String("h".into()))));
    }
}

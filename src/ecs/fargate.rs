//! What a Fargate task definition may contain: the valid task cpu/memory pairs
//! (ecs-networking.md §5.5) and the parameters Fargate does not support (§2.2, [FG]).

use crate::model::Value;
use crate::model::containers::{Container, get_ci};

/// Parses a task-level `cpu`: CPU units (`"1024"`) or vCPUs (`"1 vCPU"`, `"0.5 vcpu"`).
/// `None` when the text is neither.
pub fn parse_cpu(s: &str) -> Option<u32> {
    parse_scaled(s, &["vcpu"], 1024.0)
}

/// Parses a task-level `memory`: MiB (`"2048"`) or GB (`"2 GB"`, `"0.5gb"`). `None` when the
/// text is neither.
pub fn parse_memory(s: &str) -> Option<u32> {
    parse_scaled(s, &["gb", "gib"], 1024.0)
}

fn parse_scaled(s: &str, units: &[&str], factor: f64) -> Option<u32> {
    let t = s.trim().to_ascii_lowercase();
    if let Ok(n) = t.parse::<u32>() {
        return Some(n);
    }
    let num = units
        .iter()
        .find_map(|u| t.strip_suffix(u))?
        .trim()
        .parse::<f64>()
        .ok()?;
    let v = num * factor;
    (v.is_finite() && v >= 0.0 && v.fract() == 0.0 && v <= f64::from(u32::MAX)).then_some(v as u32)
}

/// The memory sizes (MiB) Fargate accepts with `cpu` units: `(first, last, step)`, or `None`
/// when `cpu` is not a Fargate CPU size ([API] `RegisterTaskDefinition.cpu/memory`).
pub fn memory_range(cpu: u32) -> Option<(u32, u32, u32)> {
    Some(match cpu {
        256 => (512, 2048, 512),
        512 => (1024, 4096, 1024),
        1024 => (2048, 8192, 1024),
        2048 => (4096, 16384, 1024),
        4096 => (8192, 30720, 1024),
        8192 => (16384, 61440, 4096),
        16384 => (32768, 122880, 8192),
        _ => return None,
    })
}

/// Why a task-level cpu/memory pair is not a Fargate configuration, or `None` when it is.
/// Windows tasks need at least 1 vCPU.
pub fn invalid_pair(cpu: u32, memory: u32, windows: bool) -> Option<String> {
    let Some((first, last, step)) = memory_range(cpu) else {
        return Some(format!(
            "cpu {cpu} is not a Fargate size (256, 512, 1024, 2048, 4096, 8192 or 16384 units)"
        ));
    };
    if windows && cpu < 1024 {
        return Some(format!(
            "cpu {cpu} is below the 1024 units (1 vCPU) Windows tasks on Fargate need"
        ));
    }
    // 256 CPU units accept 512, 1024 and 2048 MiB: the 512 step holds there only up to 1024.
    let valid = if cpu == 256 {
        matches!(memory, 512 | 1024 | 2048)
    } else {
        (first..=last).contains(&memory) && (memory - first).is_multiple_of(step)
    };
    if valid {
        return None;
    }
    let allowed = if cpu == 256 {
        "512, 1024 or 2048 MiB".to_string()
    } else {
        format!("{first} to {last} MiB in steps of {step}")
    };
    Some(format!(
        "memory {memory} MiB is not valid with cpu {cpu} on Fargate, which allows {allowed}"
    ))
}

/// A parameter Fargate rejects, found in a container definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsupported {
    /// The field as the user writes it (`extraHosts`, `linuxParameters.maxSwap`).
    pub field: &'static str,
    /// The path under the container (`extraHosts`, `linuxParameters.maxSwap`).
    pub path: String,
}

/// Container fields Fargate rejects when they hold something ([FG] "Task definitions" list).
/// Booleans count only when `true`, lists only when non-empty.
const CONTAINER_FIELDS: &[&str] = &[
    "disableNetworking",
    "dnsSearchDomains",
    "dnsServers",
    "dockerSecurityOptions",
    "extraHosts",
    "links",
    "privileged",
];

/// `linuxParameters` fields Fargate rejects ([FG]).
const LINUX_FIELDS: &[&str] = &["maxSwap", "swappiness"];

/// The Fargate-invalid parameters set in one container definition.
pub fn unsupported_in(c: &Container) -> Vec<Unsupported> {
    let mut out = Vec::new();
    for &f in CONTAINER_FIELDS {
        if holds(c.field(f)) {
            out.push(Unsupported {
                field: f,
                path: f.to_string(),
            });
        }
    }
    if let Some(lp) = c.field("linuxParameters") {
        for &f in LINUX_FIELDS {
            if holds(get_ci(lp, f)) {
                out.push(Unsupported {
                    field: f,
                    path: format!("linuxParameters.{f}"),
                });
            }
        }
    }
    // GPUs are requested through resourceRequirements; Fargate has none ([FG]).
    if let Some(reqs) = c.field("resourceRequirements").and_then(Value::as_list) {
        for (i, r) in reqs.iter().enumerate() {
            if get_ci(r, "type")
                .and_then(Value::as_str)
                .is_some_and(|t| t.eq_ignore_ascii_case("GPU"))
            {
                out.push(Unsupported {
                    field: "GPU resourceRequirements",
                    path: format!("resourceRequirements.{i}"),
                });
            }
        }
    }
    out
}

/// Known and holding something: `true`, a non-empty list or string, a number.
fn holds(v: Option<&Value>) -> bool {
    match v {
        Some(Value::Bool(b)) => *b,
        Some(Value::List(l)) => !l.is_empty(),
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Number(_)) | Some(Value::Object(_)) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::containers::{ContainerDefs, decode};

    #[test]
    fn parses_units() {
        assert_eq!(parse_cpu("256"), Some(256));
        assert_eq!(parse_cpu("1 vCPU"), Some(1024));
        assert_eq!(parse_cpu(".5 vcpu"), Some(512));
        assert_eq!(parse_cpu("lots"), None);
        assert_eq!(parse_memory("2 GB"), Some(2048));
        assert_eq!(parse_memory("0.5GB"), Some(512));
        assert_eq!(parse_memory("3072"), Some(3072));
        assert_eq!(parse_memory("1.1 GB"), None);
    }

    #[test]
    fn fargate_pairs() {
        for (cpu, mem) in [
            (256, 512),
            (256, 2048),
            (512, 4096),
            (1024, 2048),
            (1024, 8192),
            (2048, 5120),
            (4096, 30720),
            (8192, 20480),
            (16384, 122880),
        ] {
            assert_eq!(invalid_pair(cpu, mem, false), None, "{cpu}/{mem}");
        }
        for (cpu, mem, needle) in [
            (256, 1536, "512, 1024 or 2048"),
            (256, 4096, "512, 1024 or 2048"),
            (512, 512, "1024 to 4096"),
            (1024, 1024, "2048 to 8192"),
            (2048, 4000, "steps of 1024"),
            (4096, 32768, "8192 to 30720"),
            (8192, 18432, "steps of 4096"),
            (16384, 36864, "steps of 8192"),
            (300, 1024, "not a Fargate size"),
        ] {
            let e = invalid_pair(cpu, mem, false).unwrap();
            assert!(e.contains(needle), "{cpu}/{mem}: {e}");
        }
        assert!(invalid_pair(512, 1024, true).unwrap().contains("Windows"));
        assert_eq!(invalid_pair(1024, 2048, true), None);
    }

    #[test]
    fn finds_unsupported_fields() {
        let ContainerDefs::Known(cs) = decode(Some(&Value::String(
            r#"[{"name":"a","links":["b"],"privileged":false,"dnsServers":[],"extraHosts":[{"hostname":"x","ipAddress":"1.2.3.4"}],
                "linuxParameters":{"maxSwap":512,"initProcessEnabled":true},
                "resourceRequirements":[{"type":"InferenceAccelerator","value":"x"},{"type":"GPU","value":"1"}]}]"#
                .into(),
        ))) else {
            panic!()
        };
        let got: Vec<String> = unsupported_in(&cs[0]).into_iter().map(|u| u.path).collect();
        assert_eq!(
            got,
            [
                "extraHosts",
                "links",
                "linuxParameters.maxSwap",
                "resourceRequirements.1"
            ]
        );
    }
}

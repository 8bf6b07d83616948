//! What one task of a task definition reserves on a container instance (ecs-capacity.md §2):
//! CPU units, memory MiB and GPUs, as the ECS scheduler counts them for placement.

use super::fargate::{parse_cpu, parse_memory};
use super::{Os, TaskDefFacts};
use crate::model::containers::{Container, ContainerDefs, get_ci};
use crate::model::{Resource, Value};

/// One reserved amount and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Amount {
    /// CPU units, MiB or GPUs.
    pub value: u64,
    /// Where it is written: `memory` (task level), `containers` (the sum of the containers'
    /// values) or `none` (nothing asks for it).
    pub from: &'static str,
    /// The attribute path to point at (`memory`, `container_definitions`).
    pub attribute: &'static str,
}

/// A task's reservations; each `Err` says why it is unknown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskSize {
    /// CPU units (1,024 per vCPU).
    pub cpu: Result<Amount, String>,
    /// Memory in MiB.
    pub memory: Result<Amount, String>,
    /// GPUs.
    pub gpu: Result<Amount, String>,
}

/// The reservations of one task of `td` (resource `r`). Task-level `cpu`/`memory` first, else
/// the containers' sums ([CPU], [MEM]); Windows ignores the task-level values ([API]).
pub fn of(td: &TaskDefFacts, r: &Resource) -> TaskSize {
    let windows = td.os == Some(Os::Windows);
    let containers = match &td.containers {
        ContainerDefs::Known(c) => Ok(c.as_slice()),
        ContainerDefs::Unknown(why) => {
            Err(format!("the container definitions are unknown ({why})"))
        }
        ContainerDefs::Invalid(..) => Err("the container definitions are invalid".to_string()),
        ContainerDefs::Absent => Err("the task definition has no container definitions".into()),
    };
    let cpu = match task_level(r, "cpu", parse_cpu, windows) {
        Some(v) => v,
        None => containers.clone().and_then(|cs| sum(cs, &["cpu"], false)),
    };
    let memory = match task_level(r, "memory", parse_memory, windows) {
        Some(v) => v,
        // `memoryReservation` is the placement figure when present ([MEM], agent#769).
        None => containers
            .clone()
            .and_then(|cs| sum(cs, &["memoryReservation", "memory"], true)),
    };
    let gpu = containers.and_then(gpus);
    TaskSize { cpu, memory, gpu }
}

/// The task-level value: `None` when not set (or ignored on Windows).
fn task_level(
    r: &Resource,
    attr: &'static str,
    parse: fn(&str) -> Option<u32>,
    windows: bool,
) -> Option<Result<Amount, String>> {
    if windows {
        return None;
    }
    let amount = |value: u64| Amount {
        value,
        from: attr,
        attribute: attr,
    };
    match r.get(attr) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.is_empty() => None,
        Some(Value::String(s)) => Some(
            parse(s)
                .map(|n| amount(u64::from(n)))
                .ok_or_else(|| format!("task-level `{attr}` {s:?} is not a number")),
        ),
        Some(Value::Number(n)) if *n >= 0.0 && n.fract() == 0.0 => Some(Ok(amount(*n as u64))),
        Some(Value::Unknown(u)) => Some(Err(format!(
            "task-level `{attr}` is unknown ({})",
            u.reason
        ))),
        Some(_) => Some(Err(format!("task-level `{attr}` is not a number"))),
    }
}

/// Σ over containers of the first of `keys` each sets; `required`: a container setting none
/// makes the sum unknown (the API rejects such a task definition without a task-level value).
fn sum(cs: &[Container], keys: &[&str], required: bool) -> Result<Amount, String> {
    let mut total = 0u64;
    for c in cs {
        let mut found = false;
        for k in keys {
            match c.field(k) {
                None | Some(Value::Null) => continue,
                Some(Value::Number(n)) if *n >= 0.0 && n.fract() == 0.0 => {
                    total = total.saturating_add(*n as u64);
                    found = true;
                    break;
                }
                Some(Value::Unknown(u)) => {
                    return Err(format!(
                        "`{k}` of container `{}` is unknown ({})",
                        c.label(),
                        u.reason
                    ));
                }
                Some(_) => {
                    return Err(format!(
                        "`{k}` of container `{}` is not a number",
                        c.label()
                    ));
                }
            }
        }
        if !found && required {
            return Err(format!(
                "container `{}` sets neither `memoryReservation` nor `memory` and the task sets \
                 no `memory` (the API rejects this task definition on EC2)",
                c.label()
            ));
        }
    }
    Ok(Amount {
        value: total,
        from: "containers",
        attribute: "container_definitions",
    })
}

/// Σ of `resourceRequirements` entries of type `GPU` ([GPU]).
fn gpus(cs: &[Container]) -> Result<Amount, String> {
    let mut total = 0u64;
    for c in cs {
        let reqs = match c.field("resourceRequirements") {
            None | Some(Value::Null) => continue,
            Some(Value::List(l)) => l,
            Some(Value::Unknown(u)) => {
                return Err(format!(
                    "`resourceRequirements` of container `{}` is unknown ({})",
                    c.label(),
                    u.reason
                ));
            }
            Some(_) => continue,
        };
        for req in reqs {
            match get_ci(req, "type") {
                Some(Value::String(t)) if t.eq_ignore_ascii_case("GPU") => {}
                Some(Value::String(_)) => continue,
                _ => {
                    return Err(format!(
                        "a `resourceRequirements` type of container `{}` is unknown",
                        c.label()
                    ));
                }
            }
            // The API takes the count as a string ("1"); jsonencode of a number gives 1.
            let n = match get_ci(req, "value") {
                Some(Value::String(s)) => s.trim().parse::<u64>().ok(),
                Some(Value::Number(n)) if *n >= 0.0 && n.fract() == 0.0 => Some(*n as u64),
                _ => None,
            };
            match n {
                Some(n) => total = total.saturating_add(n),
                None => {
                    return Err(format!(
                        "the GPU count of container `{}` is unknown or not a whole number",
                        c.label()
                    ));
                }
            }
        }
    }
    Ok(Amount {
        value: total,
        from: if total == 0 { "none" } else { "containers" },
        attribute: "container_definitions",
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ecs::Raw;
    use crate::model::Mode;
    use crate::model::containers::decode;

    fn td(json: &str, os: Os) -> TaskDefFacts {
        TaskDefFacts {
            res: 0,
            family: None,
            network_mode: Raw::Absent,
            containers: decode(Some(&Value::String(json.into()))),
            os: Some(os),
            requires_compatibilities: None,
            used_by: Vec::new(),
        }
    }

    fn res(attrs: &[(&str, Value)]) -> Resource {
        let mut r = Resource::new("", Mode::Managed, "aws_ecs_task_definition", "t", None);
        r.values = Value::Object(
            attrs
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        );
        r
    }

    const TWO: &str = r#"[{"name":"a","cpu":256,"memory":1024,"memoryReservation":512},
        {"name":"b","cpu":512,"memory":2048,
         "resourceRequirements":[{"type":"GPU","value":"2"},{"type":"InferenceAccelerator","value":"x"}]}]"#;

    #[test]
    fn container_sums_prefer_memory_reservation() {
        let s = of(&td(TWO, Os::Linux), &res(&[]));
        assert_eq!(s.cpu.unwrap().value, 768);
        let m = s.memory.unwrap();
        assert_eq!((m.value, m.from), (2560, "containers"));
        assert_eq!(s.gpu.unwrap().value, 2);
    }

    #[test]
    fn task_level_first_with_spellings() {
        let r = res(&[
            ("cpu", Value::String("1 vCPU".into())),
            ("memory", Value::String("3 GB".into())),
        ]);
        let s = of(&td(TWO, Os::Linux), &r);
        assert_eq!(s.cpu.unwrap().value, 1024);
        let m = s.memory.unwrap();
        assert_eq!((m.value, m.from, m.attribute), (3072, "memory", "memory"));
        // Windows ignores task-level values.
        let w = of(&td(TWO, Os::Windows), &r);
        assert_eq!(w.cpu.unwrap().value, 768);
    }

    #[test]
    fn unknowns_say_why() {
        let r = res(&[("memory", Value::unknown("known after apply"))]);
        let s = of(&td(TWO, Os::Linux), &r);
        assert!(
            s.memory
                .unwrap_err()
                .contains("task-level `memory` is unknown")
        );
        let s = of(&td(r#"[{"name":"a","cpu":10}]"#, Os::Linux), &res(&[]));
        assert!(s.memory.unwrap_err().contains("neither"));
        assert_eq!(s.gpu.unwrap().value, 0);
    }
}

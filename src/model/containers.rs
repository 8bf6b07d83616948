//! Decoding `container_definitions`: a JSON string (plan, state, heredoc, `file()`), or the
//! partially known structure the HCL front end keeps when `jsonencode(...)` holds an unknown.
//!
//! Keys are matched case-insensitively: the AWS provider decodes the JSON with Go's
//! `encoding/json`, which matches struct fields without regard to case
//! (ecs-networking.md §1.3).

use crate::model::Value;
use std::borrow::Cow;

/// A number field of a container definition.
#[derive(Debug, Clone, PartialEq)]
pub enum Num {
    /// Not set.
    Absent,
    /// A whole number.
    Known(i64),
    /// Not known before apply; the reason.
    Unknown(String),
}

impl Num {
    /// The number, when known.
    pub fn known(&self) -> Option<i64> {
        match self {
            Num::Known(n) => Some(*n),
            _ => None,
        }
    }
}

/// One `portMappings[]` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct PortMapping {
    /// Index in `portMappings`.
    pub index: usize,
    /// `containerPort`.
    pub container_port: Num,
    /// `hostPort`.
    pub host_port: Num,
    /// `protocol`, lowercased; `None` when unknown (absent means `tcp`).
    pub protocol: Option<String>,
    /// `containerPortRange`, when set (`Some(None)` when set but unknown).
    pub container_port_range: Option<Option<String>>,
    /// `name` (Service Connect), when set and known.
    pub name: Option<String>,
    /// `appProtocol`, when set and known.
    pub app_protocol: Option<String>,
}

/// One container definition.
#[derive(Debug, Clone, PartialEq)]
pub struct Container {
    /// Index in the definitions as written (plan JSON: as normalized, sorted by name).
    pub index: usize,
    /// `name`, when known.
    pub name: Option<String>,
    /// `portMappings`; `Err(reason)` when the list itself is unknown.
    pub port_mappings: Result<Vec<PortMapping>, String>,
    /// The whole definition, for rules that read other fields (`links`, `hostname`, ...).
    pub raw: Value,
}

impl Container {
    /// A field of the definition, matched case-insensitively.
    pub fn field(&self, key: &str) -> Option<&Value> {
        get_ci(&self.raw, key)
    }

    /// The name for messages: the name, or `#index`.
    pub fn label(&self) -> String {
        self.name
            .clone()
            .unwrap_or_else(|| format!("#{}", self.index))
    }
}

/// The decoded `container_definitions` of a task definition.
#[derive(Debug, Clone, PartialEq)]
pub enum ContainerDefs {
    /// The attribute is not set.
    Absent,
    /// Decoded (individual fields may still be unknown).
    Known(Vec<Container>),
    /// Unknown before apply; the reason.
    Unknown(String),
    /// Not a valid definition list: (message, dotted path of the offending value).
    Invalid(String, String),
}

/// Looks a key up case-insensitively (exact match first).
pub fn get_ci<'v>(v: &'v Value, key: &str) -> Option<&'v Value> {
    let m = v.as_object()?;
    m.get(key).or_else(|| {
        m.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

/// Decodes the value of `container_definitions`.
pub fn decode(v: Option<&Value>) -> ContainerDefs {
    match v {
        None | Some(Value::Null) => ContainerDefs::Absent,
        Some(Value::Unknown(u)) => ContainerDefs::Unknown(u.reason.clone()),
        Some(Value::String(s)) => match Value::from_json_str(s) {
            Ok(j) => decode_list(Cow::Owned(j)),
            Err(e) => ContainerDefs::Invalid(
                format!("`container_definitions` is not valid JSON: {e} of the JSON text"),
                String::new(),
            ),
        },
        Some(other) => decode_list(Cow::Borrowed(other)),
    }
}

/// `v` is owned when it was decoded from JSON text here: each definition then moves into
/// its [`Container::raw`] instead of being copied (a large plan has thousands).
fn decode_list(v: Cow<'_, Value>) -> ContainerDefs {
    let list = match v {
        Cow::Owned(Value::List(l)) => l,
        Cow::Borrowed(Value::List(l)) => l.clone(),
        other => {
            return match other.as_ref() {
                Value::Unknown(u) => ContainerDefs::Unknown(u.reason.clone()),
                other => ContainerDefs::Invalid(
                    format!(
                        "`container_definitions` must be a JSON list of containers, found {}",
                        kind_name(other)
                    ),
                    String::new(),
                ),
            };
        }
    };
    let mut out = Vec::with_capacity(list.len());
    for (i, c) in list.into_iter().enumerate() {
        match c {
            Value::Object(_) => match decode_container(i, c) {
                Ok(c) => out.push(c),
                Err((msg, path)) => return ContainerDefs::Invalid(msg, path),
            },
            Value::Unknown(u) => return ContainerDefs::Unknown(u.reason.clone()),
            other => {
                return ContainerDefs::Invalid(
                    format!(
                        "container definition #{i} must be an object, found {}",
                        kind_name(&other)
                    ),
                    i.to_string(),
                );
            }
        }
    }
    ContainerDefs::Known(out)
}

type Problem = (String, String);

fn decode_container(index: usize, c: Value) -> Result<Container, Problem> {
    let name = get_ci(&c, "name")
        .and_then(Value::as_str)
        .map(str::to_string);
    let label = name.clone().unwrap_or_else(|| format!("#{index}"));
    let port_mappings = match get_ci(&c, "portMappings") {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Unknown(u)) => Err(u.reason.clone()),
        Some(Value::List(l)) => {
            let mut pms = Vec::with_capacity(l.len());
            for (j, pm) in l.iter().enumerate() {
                let path = format!("{index}.portMappings.{j}");
                match pm {
                    Value::Object(_) => pms.push(decode_mapping(j, pm, &label, &path)?),
                    Value::Unknown(u) => pms.push(PortMapping {
                        index: j,
                        container_port: Num::Unknown(u.reason.clone()),
                        host_port: Num::Unknown(u.reason.clone()),
                        protocol: None,
                        container_port_range: None,
                        name: None,
                        app_protocol: None,
                    }),
                    other => {
                        return Err((
                            format!(
                                "port mapping #{j} of container `{label}` must be an object, found {}",
                                kind_name(other)
                            ),
                            path,
                        ));
                    }
                }
            }
            Ok(pms)
        }
        Some(other) => {
            return Err((
                format!(
                    "`portMappings` of container `{label}` must be a list, found {}",
                    kind_name(other)
                ),
                format!("{index}.portMappings"),
            ));
        }
    };
    Ok(Container {
        index,
        name,
        port_mappings,
        raw: c,
    })
}

fn decode_mapping(j: usize, pm: &Value, label: &str, path: &str) -> Result<PortMapping, Problem> {
    let container_port = port_field(pm, "containerPort", label, path)?;
    let host_port = port_field(pm, "hostPort", label, path)?;
    let protocol = match get_ci(pm, "protocol") {
        None | Some(Value::Null) => Some("tcp".to_string()),
        Some(Value::String(s)) => Some(s.to_ascii_lowercase()),
        Some(Value::Unknown(_)) => None,
        Some(other) => {
            return Err((
                format!(
                    "`protocol` of a port mapping of container `{label}` must be a string, found {}",
                    kind_name(other)
                ),
                format!("{path}.protocol"),
            ));
        }
    };
    let container_port_range = match get_ci(pm, "containerPortRange") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(Some(s.clone())),
        Some(_) => Some(None),
    };
    let text = |k: &str| get_ci(pm, k).and_then(Value::as_str).map(str::to_string);
    Ok(PortMapping {
        index: j,
        container_port,
        host_port,
        protocol,
        container_port_range,
        name: text("name"),
        app_protocol: text("appProtocol"),
    })
}

fn port_field(pm: &Value, key: &str, label: &str, path: &str) -> Result<Num, Problem> {
    let bad = |what: String| {
        Err((
            format!("`{key}` of a port mapping of container `{label}` {what}"),
            format!("{path}.{key}"),
        ))
    };
    match get_ci(pm, key) {
        None | Some(Value::Null) => Ok(Num::Absent),
        Some(Value::Unknown(u)) => Ok(Num::Unknown(u.reason.clone())),
        Some(Value::Number(n)) => {
            // The ECS API models ports as integers 0..=65535 ([API] `PortMapping`); anything
            // else fails when the provider decodes the JSON.
            if n.fract() != 0.0 || *n < 0.0 || *n > 65535.0 {
                bad(format!("is {n}, not a port number (0 to 65535)"))
            } else {
                Ok(Num::Known(*n as i64))
            }
        }
        Some(Value::String(s)) => bad(format!("is the string {:?}; ports must be JSON numbers", s)),
        Some(other) => bad(format!("must be a number, found {}", kind_name(other))),
    }
}

fn kind_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::List(_) => "a list",
        Value::Object(_) => "an object",
        Value::Unknown(_) => "an unknown value",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(json: &str) -> ContainerDefs {
        decode(Some(&Value::String(json.to_string())))
    }

    #[test]
    fn decodes_ports_case_insensitively() {
        let ContainerDefs::Known(cs) = s(
            r#"[{"name":"web","PortMappings":[{"containerport":8080,"hostPort":80,"protocol":"TCP"}]}]"#,
        ) else {
            panic!("not known")
        };
        let pm = &cs[0].port_mappings.as_ref().unwrap()[0];
        assert_eq!(pm.container_port, Num::Known(8080));
        assert_eq!(pm.host_port, Num::Known(80));
        assert_eq!(pm.protocol.as_deref(), Some("tcp"));
    }

    #[test]
    fn rejects_bad_ports() {
        for (json, needle) in [
            (
                r#"[{"name":"a","portMappings":[{"containerPort":"80"}]}]"#,
                "string",
            ),
            (
                r#"[{"name":"a","portMappings":[{"containerPort":-1}]}]"#,
                "not a port",
            ),
            (
                r#"[{"name":"a","portMappings":[{"containerPort":70000}]}]"#,
                "not a port",
            ),
            (r#"{"name":"a"}"#, "must be a JSON list"),
            (r#"[{"name":"a""#, "not valid JSON"),
        ] {
            match s(json) {
                ContainerDefs::Invalid(m, _) => assert!(m.contains(needle), "{m}"),
                other => panic!("{json}: {other:?}"),
            }
        }
    }

    #[test]
    fn keeps_unknowns() {
        assert_eq!(
            decode(Some(&Value::unknown("known after apply"))),
            ContainerDefs::Unknown("known after apply".into())
        );
        let v = Value::List(vec![Value::Object(
            [
                ("name".to_string(), Value::String("web".into())),
                ("image".to_string(), Value::unknown("var.tag has no value")),
                (
                    "portMappings".to_string(),
                    Value::List(vec![Value::Object(
                        [("containerPort".to_string(), Value::Number(80.0))].into(),
                    )]),
                ),
            ]
            .into(),
        )]);
        let ContainerDefs::Known(cs) = decode(Some(&v)) else {
            panic!()
        };
        assert_eq!(
            cs[0].port_mappings.as_ref().unwrap()[0].container_port,
            Num::Known(80)
        );
    }
}

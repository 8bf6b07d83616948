//! The value tree shared by every front end: JSON-like, plus an explicit unknown.
//!
//! Plan JSON fills `Unknown` from `after_unknown`; the HCL evaluator fills it where a value
//! cannot be known before apply (computed attributes, data sources, unset variables). Nothing
//! downstream may treat `Unknown` as absent or as a default.

use super::Map;

/// A value of a resource attribute, possibly partly unknown.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`, or an attribute that is not set.
    Null,
    /// A boolean.
    Bool(bool),
    /// A number. Terraform numbers are arbitrary precision; every number ECS cares about
    /// (ports, counts, percents, CPU units) fits an `f64` exactly.
    Number(f64),
    /// A string.
    String(String),
    /// A list, tuple or set (sets keep Terraform's order).
    List(Vec<Value>),
    /// An object or map, keys in lexical order as Terraform keeps them.
    Object(Map),
    /// A value that is not known before apply, with the reason.
    Unknown(Unknown),
}

/// Why a value is unknown, in words a reviewer understands
/// (`known after apply`, `var.image has no value`, `data.aws_ssm_parameter.tag`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unknown {
    /// The reason, lowercase, no trailing period.
    pub reason: String,
}

impl Unknown {
    /// An unknown with the given reason.
    pub fn new(reason: impl Into<String>) -> Self {
        Unknown {
            reason: reason.into(),
        }
    }
}

impl Value {
    /// An unknown value with the given reason.
    pub fn unknown(reason: impl Into<String>) -> Self {
        Value::Unknown(Unknown::new(reason))
    }

    /// The entry `key` of an object (`None` when not an object or no such key).
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(m) => m.get(key),
            _ => None,
        }
    }

    /// Follows a dotted path such as `load_balancer.0.target_group_arn`; list indexes are
    /// numbers. Returns `None` when a step is missing; stops at (and returns) an unknown.
    pub fn path(&self, path: &str) -> Option<&Value> {
        let mut cur = self;
        for seg in path.split('.').filter(|s| !s.is_empty()) {
            cur = match cur {
                Value::Unknown(_) => return Some(cur),
                Value::Object(m) => m.get(seg)?,
                Value::List(l) => l.get(seg.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(cur)
    }

    /// The string, when this is a known string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The number, when this is a known number.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }

    /// The number as an integer, when it is a known whole number.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Number(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => Some(*n as i64),
            _ => None,
        }
    }

    /// The boolean, when this is a known boolean.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The elements, when this is a known list.
    pub fn as_list(&self) -> Option<&[Value]> {
        match self {
            Value::List(l) => Some(l),
            _ => None,
        }
    }

    /// The entries, when this is a known object.
    pub fn as_object(&self) -> Option<&Map> {
        match self {
            Value::Object(m) => Some(m),
            _ => None,
        }
    }

    /// The reason, when this value is unknown.
    pub fn unknown_reason(&self) -> Option<&str> {
        match self {
            Value::Unknown(u) => Some(&u.reason),
            _ => None,
        }
    }

    /// True for `Null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// True when this value or anything inside it is unknown.
    pub fn has_unknown(&self) -> bool {
        match self {
            Value::Unknown(_) => true,
            Value::List(l) => l.iter().any(Value::has_unknown),
            Value::Object(m) => m.values().any(Value::has_unknown),
            _ => false,
        }
    }

    /// The first unknown inside this value, depth first, for messages.
    pub fn first_unknown(&self) -> Option<&Unknown> {
        match self {
            Value::Unknown(u) => Some(u),
            Value::List(l) => l.iter().find_map(Value::first_unknown),
            Value::Object(m) => m.values().find_map(Value::first_unknown),
            _ => None,
        }
    }

    /// Converts a fully known `serde_json::Value`.
    pub fn from_json(v: &serde_json::Value) -> Value {
        match v {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => Value::Number(n.as_f64().unwrap_or(f64::NAN)),
            serde_json::Value::String(s) => Value::String(s.clone()),
            serde_json::Value::Array(a) => Value::List(a.iter().map(Value::from_json).collect()),
            serde_json::Value::Object(o) => Value::Object(
                o.iter()
                    .map(|(k, v)| (k.as_str(), Value::from_json(v)))
                    .collect(),
            ),
        }
    }

    /// Parses JSON text straight into a fully known value, without building a
    /// `serde_json::Value` first (the same result as [`Value::from_json`] of it).
    pub fn from_json_str(text: &str) -> Result<Value, serde_json::Error> {
        serde_json::from_str(text)
    }

    /// Converts a known value back to JSON; unknowns become `null`.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Value::Null | Value::Unknown(_) => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Number(n) => {
                if n.fract() == 0.0 && n.abs() < 9.0e15 {
                    serde_json::Value::from(*n as i64)
                } else {
                    serde_json::Number::from_f64(*n)
                        .map_or(serde_json::Value::Null, serde_json::Value::Number)
                }
            }
            Value::String(s) => serde_json::Value::String(s.clone()),
            Value::List(l) => serde_json::Value::Array(l.iter().map(Value::to_json).collect()),
            Value::Object(m) => serde_json::Value::Object(
                m.iter()
                    .map(|(k, v)| (k.to_string(), v.to_json()))
                    .collect(),
            ),
        }
    }
}

/// JSON into a fully known [`Value`], as [`Value::from_json`] converts it: numbers become
/// `f64`, a repeated object key keeps its last value. serde_json's nesting limit applies.
impl<'de> serde::Deserialize<'de> for Value {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
        d.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> serde::de::Visitor<'de> for JsonVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
        Ok(Value::Number(n as f64))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
        Ok(Value::Number(n as f64))
    }

    fn visit_f64<E>(self, n: f64) -> Result<Value, E> {
        Ok(Value::Number(n))
    }

    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_string()))
    }

    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(v) = seq.next_element()? {
            out.push(v);
        }
        Ok(Value::List(out))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        // Collected, then sorted once if the keys were not in order (`Map`'s bulk build).
        let mut out = Vec::new();
        while let Some(entry) = map.next_entry::<super::Key, Value>()? {
            out.push(entry);
        }
        Ok(Value::Object(out.into_iter().collect()))
    }
}

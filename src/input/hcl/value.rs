//! The evaluator's value: the model's value plus where object keys were written, and a
//! `jsonencode` result that keeps its structure until a string is really needed.

use crate::model;
use std::collections::BTreeMap;
use std::rc::Rc;

/// A position in a loaded source file (byte offset), converted to line/column at the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Origin {
    /// Index into the source map.
    pub file: usize,
    /// Byte offset of the key in that file (source files are far below 4 GiB:
    /// `fsread::MAX_SOURCE_FILE`).
    pub offset: u32,
    /// Byte offset of the end of what was written there (the value of `key = value`).
    pub end: u32,
}

/// One object entry with the place its key was written.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Entry {
    /// The value.
    pub v: V,
    /// Where the key was written, when it came from source text.
    pub origin: Option<Origin>,
}

impl Entry {
    /// An entry with no origin.
    pub(super) fn plain(v: V) -> Entry {
        Entry { v, origin: None }
    }
}

/// An object: keys in lexical order, as Terraform keeps them.
pub(super) type Obj = BTreeMap<String, Entry>;

/// A value during evaluation.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum V {
    /// `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// A number (f64; every checked operation refuses non-finite results).
    Num(f64),
    /// A string.
    Str(String),
    /// A list, tuple or set (sets sorted and deduplicated).
    List(Vec<V>),
    /// An object or map.
    Obj(Obj),
    /// Not known before apply, with the reason.
    Unknown(Rc<str>),
    /// `jsonencode(x)`: rendered to a string only when a string is needed and `x` is
    /// wholly known, so a partly unknown argument keeps its known structure (and origins).
    Json(Box<V>),
}

impl V {
    /// An unknown value.
    pub(super) fn unknown(reason: impl AsRef<str>) -> V {
        V::Unknown(Rc::from(reason.as_ref()))
    }

    /// A string value.
    pub(super) fn str(s: impl Into<String>) -> V {
        V::Str(s.into())
    }

    /// The type name Terraform would print.
    pub(super) fn type_name(&self) -> &'static str {
        match self {
            V::Null => "null",
            V::Bool(_) => "bool",
            V::Num(_) => "number",
            V::Str(_) | V::Json(_) => "string",
            V::List(_) => "list",
            V::Obj(_) => "object",
            V::Unknown(_) => "unknown",
        }
    }

    /// True when this value or anything inside it is unknown.
    pub(super) fn has_unknown(&self) -> bool {
        match self {
            V::Unknown(_) => true,
            V::List(l) => l.iter().any(V::has_unknown),
            V::Obj(m) => m.values().any(|e| e.v.has_unknown()),
            V::Json(x) => x.has_unknown(),
            _ => false,
        }
    }

    /// The first unknown inside, depth first.
    pub(super) fn first_unknown(&self) -> Option<Rc<str>> {
        match self {
            V::Unknown(r) => Some(r.clone()),
            V::List(l) => l.iter().find_map(V::first_unknown),
            V::Obj(m) => m.values().find_map(|e| e.v.first_unknown()),
            V::Json(x) => x.first_unknown(),
            _ => None,
        }
    }

    /// `jsonencode` output realised as a string when wholly known; other values unchanged.
    pub(super) fn realize(self) -> V {
        match self {
            V::Json(x) => {
                if let Some(r) = x.first_unknown() {
                    V::Unknown(r)
                } else {
                    V::Str(super::jsonenc::encode(&x))
                }
            }
            v => v,
        }
    }

    /// Object entries.
    #[cfg(test)]
    pub(super) fn as_obj(&self) -> Option<&Obj> {
        match self {
            V::Obj(m) => Some(m),
            _ => None,
        }
    }

    /// Converts to the shared model value. A partly unknown `jsonencode` result becomes its
    /// structure; a wholly known one the JSON string.
    pub(super) fn to_model(&self) -> model::Value {
        match self {
            V::Null => model::Value::Null,
            V::Bool(b) => model::Value::Bool(*b),
            V::Num(n) => model::Value::Number(*n),
            V::Str(s) => model::Value::String(s.clone()),
            V::List(l) => model::Value::List(l.iter().map(V::to_model).collect()),
            V::Obj(m) => model::Value::Object(
                m.iter()
                    .map(|(k, e)| (k.as_str(), e.v.to_model()))
                    .collect(),
            ),
            V::Unknown(r) => model::Value::unknown(r.as_ref()),
            V::Json(x) => {
                if x.has_unknown() {
                    x.to_model()
                } else {
                    model::Value::String(super::jsonenc::encode(x))
                }
            }
        }
    }

    /// Structural equality as Terraform's `==` sees it (origins ignored, `jsonencode`
    /// compared by its text). `None` when either side is unknown.
    pub(super) fn tf_eq(&self, other: &V) -> Option<bool> {
        match (self, other) {
            (V::Unknown(_), _) | (_, V::Unknown(_)) => None,
            (V::Json(_), _) | (_, V::Json(_)) => {
                let a = self.clone().realize();
                let b = other.clone().realize();
                if matches!(a, V::Unknown(_)) || matches!(b, V::Unknown(_)) {
                    return None;
                }
                a.tf_eq(&b)
            }
            (V::Null, V::Null) => Some(true),
            (V::Bool(a), V::Bool(b)) => Some(a == b),
            (V::Num(a), V::Num(b)) => Some(a == b),
            (V::Str(a), V::Str(b)) => Some(a == b),
            (V::List(a), V::List(b)) => {
                if a.len() != b.len() {
                    return Some(false);
                }
                let mut all = Some(true);
                for (x, y) in a.iter().zip(b) {
                    match x.tf_eq(y) {
                        Some(false) => return Some(false),
                        None => all = None,
                        Some(true) => {}
                    }
                }
                all
            }
            (V::Obj(a), V::Obj(b)) => {
                if a.len() != b.len() || a.keys().ne(b.keys()) {
                    return Some(false);
                }
                let mut all = Some(true);
                for (x, y) in a.values().zip(b.values()) {
                    match x.v.tf_eq(&y.v) {
                        Some(false) => return Some(false),
                        None => all = None,
                        Some(true) => {}
                    }
                }
                all
            }
            _ => Some(false),
        }
    }

    /// Converts a fully known JSON value.
    pub(super) fn from_json(j: &serde_json::Value) -> V {
        match j {
            serde_json::Value::Null => V::Null,
            serde_json::Value::Bool(b) => V::Bool(*b),
            serde_json::Value::Number(n) => n.as_f64().map_or(V::Null, V::Num),
            serde_json::Value::String(s) => V::Str(s.clone()),
            serde_json::Value::Array(a) => V::List(a.iter().map(V::from_json).collect()),
            serde_json::Value::Object(o) => V::Obj(
                o.iter()
                    .map(|(k, v)| (k.clone(), Entry::plain(V::from_json(v))))
                    .collect(),
            ),
        }
    }
}

/// Formats a number as Terraform prints it in strings: integers without a fraction or an
/// exponent, other numbers in their shortest decimal form.
pub(super) fn fmt_num(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e21 {
        format!("{n:.0}")
    } else {
        format!("{n}")
    }
}

/// A value converted to a string as Terraform does for templates and string parameters.
pub(super) fn to_str(v: &V) -> Result<String, String> {
    match v {
        V::Str(s) => Ok(s.clone()),
        V::Num(n) => Ok(fmt_num(*n)),
        V::Bool(b) => Ok(b.to_string()),
        V::Json(x) => {
            // Built by `jsonencode()` or by a JSON template with unknown holes: the message
            // names what is unknown, not a function that may not be there.
            if let Some(r) = x.first_unknown() {
                Err(format!("a value inside the JSON is not known: {r}"))
            } else {
                Ok(super::jsonenc::encode(x))
            }
        }
        V::Null => Err("a null value cannot be used as a string".into()),
        other => Err(format!(
            "a {} cannot be used as a string",
            other.type_name()
        )),
    }
}

/// A value converted to a number as Terraform does (numeric strings convert).
pub(super) fn to_num(v: &V) -> Result<f64, String> {
    match v {
        V::Num(n) => Ok(*n),
        V::Str(s) => s
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite())
            .ok_or_else(|| format!("a number is required, got {s:?}")),
        V::Null => Err("a null value cannot be used as a number".into()),
        other => Err(format!("a number is required, got a {}", other.type_name())),
    }
}

/// A value converted to a bool as Terraform does (`"true"`/`"false"` convert).
pub(super) fn to_bool(v: &V) -> Result<bool, String> {
    match v {
        V::Bool(b) => Ok(*b),
        V::Str(s) if s == "true" => Ok(true),
        V::Str(s) if s == "false" => Ok(false),
        V::Null => Err("a null value cannot be used as a bool".into()),
        other => Err(format!("a bool is required, got a {}", other.type_name())),
    }
}

/// A number as a whole integer (for indexes, counts, lengths).
pub(super) fn to_int(v: &V) -> Result<i64, String> {
    let n = to_num(v)?;
    if n.fract() != 0.0 || n.abs() > 9.0e15 {
        let shown = if n.abs() >= 1e21 {
            format!("{n:e}")
        } else {
            fmt_num(n)
        };
        return Err(format!("a whole number is required, got {shown}"));
    }
    Ok(n as i64)
}

/// Sorts and deduplicates a set's elements (Terraform orders string sets lexically).
pub(super) fn make_set(mut items: Vec<V>) -> V {
    items.sort_by(cmp_for_set);
    items.dedup_by(|a, b| a.tf_eq(b) == Some(true));
    V::List(items)
}

fn cmp_for_set(a: &V, b: &V) -> std::cmp::Ordering {
    match (a, b) {
        (V::Num(x), V::Num(y)) => x.partial_cmp(y).unwrap_or(std::cmp::Ordering::Equal),
        (V::Str(x), V::Str(y)) => x.cmp(y),
        (V::Bool(x), V::Bool(y)) => x.cmp(y),
        _ => std::cmp::Ordering::Equal,
    }
}

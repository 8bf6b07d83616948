//! A change's `before`, built only for the attributes the analysis compares
//! ([`Change::BEFORE_READ`]). For a no-op or update `before` is about as large as `after`; it
//! used to be built in full for every ECS-related resource and then only four attributes of
//! services and task definitions were ever read.

use crate::model::{Change, Value};
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;
use std::fmt;

/// `before` with only the attributes in [`Change::BEFORE_READ`] (an object), or the whole
/// value when it is not an object. Invalid JSON in a kept attribute is an error, as it would
/// be in a full parse; the attributes skipped are only checked to be well-formed JSON.
pub(super) fn kept(raw: &RawValue) -> Result<Value, serde_json::Error> {
    if !raw.get().starts_with('{') {
        return Value::from_json_str(raw.get());
    }
    let mut d = serde_json::Deserializer::from_str(raw.get());
    let v = Kept.deserialize(&mut d)?;
    d.end()?;
    Ok(v)
}

/// The attributes in [`Change::BEFORE_READ`] of a value already built in full.
pub(super) fn kept_of(full: &Value) -> Value {
    match full {
        Value::Object(m) => Value::Object(
            Change::BEFORE_READ
                .iter()
                .filter_map(|k| m.get(k).map(|v| (*k, v.clone())))
                .collect(),
        ),
        other => other.clone(),
    }
}

struct Kept;

impl<'de> DeserializeSeed<'de> for Kept {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Kept {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        while let Some(key) = map.next_key_seed(KeptKey)? {
            match key {
                // A repeated key keeps its last value, as a full parse does (`Map`'s bulk
                // build keeps the last of equal keys).
                Some(k) => {
                    out.push((crate::model::Key::from(k), map.next_value::<Value>()?));
                }
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(Value::Object(out.into_iter().collect()))
    }
}

/// An attribute name: one of [`Change::BEFORE_READ`], or `None`.
struct KeptKey;

impl<'de> DeserializeSeed<'de> for KeptKey {
    type Value = Option<&'static str>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for KeptKey {
    type Value = Option<&'static str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an attribute name")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Change::BEFORE_READ.iter().find(|k| **k == v).copied())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(s: &str) -> Box<RawValue> {
        RawValue::from_string(s.to_string()).unwrap()
    }

    #[test]
    fn only_the_compared_attributes_are_kept() {
        let text = r#"{"arn":"x","network_mode":"bridge","tags":{"a":"b"},
            "container_definitions":"[{\"name\":\"a\"}]","desired_count":2,
            "desired_count":3,"launch_type":null}"#;
        let full = Value::from_json_str(text).unwrap();
        let k = kept(&raw(text)).unwrap();
        assert_eq!(k, kept_of(&full));
        assert_eq!(
            k.get("network_mode").and_then(Value::as_str),
            Some("bridge")
        );
        assert_eq!(k.get("desired_count").and_then(Value::as_i64), Some(3));
        assert_eq!(k.get("launch_type"), Some(&Value::Null));
        assert!(k.get("arn").is_none() && k.get("tags").is_none());
        for k in Change::BEFORE_READ {
            assert_eq!(kept_of(&full).get(k), full.get(k), "{k}");
        }
    }

    #[test]
    fn anything_but_an_object_is_read_whole_and_kept_errors_are_errors() {
        assert_eq!(
            kept(&raw("[1]")).unwrap(),
            Value::from_json_str("[1]").unwrap()
        );
        assert_eq!(kept(&raw("3")).unwrap(), Value::Number(3.0));
        // An out-of-range number in a compared attribute fails as the full parse would.
        let bad = r#"{"arn":"x","desired_count":1e999}"#;
        let e = kept(&raw(bad)).unwrap_err();
        let full = Value::from_json_str(bad).unwrap_err();
        assert_eq!((e.line(), e.column()), (full.line(), full.column()));
    }
}

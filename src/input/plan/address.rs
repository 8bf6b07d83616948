//! Terraform address pieces: instance keys of resources and modules.

use crate::model::InstanceKey;
use serde_json::value::RawValue;

/// The instance key from a JSON `index`: a number for `count`, a string for `for_each`.
pub(super) fn key_of(index: Option<&RawValue>) -> Option<InstanceKey> {
    let v: serde_json::Value = serde_json::from_str(index?.get()).ok()?;
    match v {
        serde_json::Value::Number(n) => n.as_i64().map(InstanceKey::Int),
        serde_json::Value::String(s) => Some(InstanceKey::Str(s)),
        _ => None,
    }
}

pub(super) use crate::model::refs::{split_last_call, strip_keys};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_stripped_even_when_they_contain_brackets() {
        assert_eq!(strip_keys(""), "");
        assert_eq!(strip_keys("module.a"), "module.a");
        assert_eq!(
            strip_keys(r#"module.a["x.y]\"["].module.b[0]"#),
            "module.a.module.b"
        );
    }

    #[test]
    fn last_call_is_split_off() {
        assert_eq!(split_last_call(r#"module.a["x.y"]"#), Some(("", "a")));
        assert_eq!(
            split_last_call(r#"module.a["x"].module.b[0]"#),
            Some((r#"module.a["x"]"#, "b"))
        );
        assert_eq!(split_last_call(""), None);
        assert_eq!(split_last_call("aws_x.y"), None);
    }

    #[test]
    fn index_becomes_instance_key() {
        let raw = |s: &str| RawValue::from_string(s.to_string()).unwrap();
        assert_eq!(key_of(Some(&raw("3"))), Some(InstanceKey::Int(3)));
        assert_eq!(
            key_of(Some(&raw("\"blue\""))),
            Some(InstanceKey::Str("blue".into()))
        );
        assert_eq!(key_of(Some(&raw("null"))), None);
        assert_eq!(key_of(None), None);
    }
}

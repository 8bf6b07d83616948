//! Terraform address pieces: instance keys of resources and modules.

use crate::model::InstanceKey;
use serde_json::value::RawValue;

/// The instance key from a JSON `index`: a number for `count`, a string for `for_each`.
pub fn key_of(index: Option<&RawValue>) -> Option<InstanceKey> {
    let v: serde_json::Value = serde_json::from_str(index?.get()).ok()?;
    match v {
        serde_json::Value::Number(n) => n.as_i64().map(InstanceKey::Int),
        serde_json::Value::String(s) => Some(InstanceKey::Str(s)),
        _ => None,
    }
}

/// A module instance address with its instance keys removed, which names the module's
/// configuration: `module.a["x.y]"].module.b[0]` -> `module.a.module.b`. Keys are quoted
/// strings that may contain `.`, `[`, `]` and escaped quotes.
pub fn strip_keys(module: &str) -> String {
    let mut out = String::with_capacity(module.len());
    let mut depth = 0usize;
    let mut in_str = false;
    let mut escaped = false;
    for c in module.chars() {
        if in_str {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_str = false,
                _ => {}
            }
            continue;
        }
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            '"' if depth > 0 => in_str = true,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

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

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

/// Splits a module instance address into its parent instance and the last call's name:
/// `module.a["x"].module.b[0]` -> (`module.a["x"]`, `b`); `module.a` -> (``, `a`).
pub fn split_last_call(module: &str) -> Option<(&str, &str)> {
    let dots = top_level_dots(module);
    let n = dots.len();
    // Segments alternate `module` / `NAME[KEY]`, so an instance address has an odd number
    // of top-level dots.
    if n.is_multiple_of(2) {
        return None;
    }
    let kw_start = if n >= 3 { dots[n - 2] + 1 } else { 0 };
    if &module[kw_start..dots[n - 1]] != "module" {
        return None;
    }
    let parent = if n >= 3 { &module[..dots[n - 2]] } else { "" };
    let last = &module[dots[n - 1] + 1..];
    let name = last.split('[').next().unwrap_or(last);
    Some((parent, name))
}

/// Byte positions of the `.` separators outside instance keys.
fn top_level_dots(s: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut in_str = false;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
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
            '.' if depth == 0 => out.push(i),
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

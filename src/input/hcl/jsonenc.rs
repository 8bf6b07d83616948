//! `jsonencode` with Terraform's output: keys sorted, Go's HTML-safe escaping
//! (`<`, `>`, `&`, U+2028, U+2029 as `\uXXXX`), numbers without an exponent.

use super::value::{V, fmt_num};

/// Encodes a wholly known value (an unknown leaf, which callers exclude, becomes `null`).
pub(super) fn encode(v: &V) -> String {
    let mut out = String::new();
    write(v, &mut out);
    out
}

/// Encodes a partly unknown value: each unknown leaf is written as `hole(reason)` returns
/// (a placeholder string a template keeps, see eval::partial_json).
pub(super) fn encode_with_holes(
    v: &V,
    hole: &mut dyn FnMut(&std::rc::Rc<str>) -> String,
) -> String {
    let mut out = String::new();
    write_with(v, &mut out, &mut Some(hole));
    out
}

type Hole<'h> = Option<&'h mut dyn FnMut(&std::rc::Rc<str>) -> String>;

fn write(v: &V, out: &mut String) {
    write_with(v, out, &mut None)
}

fn write_with(v: &V, out: &mut String, hole: &mut Hole<'_>) {
    match v {
        V::Unknown(r) if hole.is_some() => {
            if let Some(h) = hole.as_mut() {
                out.push_str(&h(r));
            }
        }
        V::Null | V::Unknown(_) => out.push_str("null"),
        V::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        V::Num(n) => out.push_str(&fmt_num(*n)),
        V::Str(s) => write_str(s, out),
        V::Json(x) => write_str(&encode(x), out),
        V::List(l) => {
            out.push('[');
            for (i, x) in l.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_with(x, out, hole);
            }
            out.push(']');
        }
        V::Obj(m) => {
            out.push('{');
            for (i, (k, e)) in m.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_str(k, out);
                out.push(':');
                write_with(&e.v, out, hole);
            }
            out.push('}');
        }
    }
}

fn write_str(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::hcl::value::Entry;

    #[test]
    fn sorted_keys_html_escaping_and_integers() {
        let mut m = std::collections::BTreeMap::new();
        m.insert("b".to_string(), Entry::plain(V::Num(8080.0)));
        m.insert("a".to_string(), Entry::plain(V::str("<x & y>")));
        m.insert("c".to_string(), Entry::plain(V::Num(0.5)));
        m.insert("d".to_string(), Entry::plain(V::Num(1e20)));
        assert_eq!(
            encode(&V::Obj(m)),
            r#"{"a":"\u003cx \u0026 y\u003e","b":8080,"c":0.5,"d":100000000000000000000}"#
        );
    }
}

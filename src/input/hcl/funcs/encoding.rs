//! Encoding: `jsonencode`, `jsondecode`, `yamldecode`, `base64encode`, `base64decode`, `urlencode`.

use super::Args;
use super::prelude::*;

/// The functions of this family.
pub(super) const NAMES: &[&str] = &[
    "jsonencode",
    "jsondecode",
    "yamldecode",
    "base64encode",
    "base64decode",
    "urlencode",
];

/// Calls `name`, one of [`NAMES`].
pub(super) fn call(name: &str, x: &Args<'_>) -> R {
    let a = |i: usize| x.a(i);
    let s = |i: usize| x.s(i);
    let cx = x.cx;
    let at = x.at;
    match name {
        "jsonencode" => Ok(V::Json(Box::new(a(0)?.clone()))),
        "jsondecode" => match a(0)? {
            V::Unknown(r) => Ok(V::Unknown(r.clone())),
            V::Json(x) => Ok((**x).clone()),
            v => {
                let text = to_str(v)?;
                serde_json::from_str::<serde_json::Value>(&text)
                    .map(|j| V::from_json(&j))
                    .map_err(|e| format!("jsondecode: {e}"))
            }
        },
        "yamldecode" => yamldecode(&s(0)?).inspect_err(|e| {
            // Refused input, not a value that is merely unknown: said at the call.
            if e == YAML_ALIASES {
                cx.ld
                    .invalid_input(e.clone(), at.and_then(|x| cx.ld.sources.origin(x)));
            }
        }),
        "base64encode" => Ok(V::Str(base64_encode(s(0)?.as_bytes()))),
        "base64decode" => base64_decode(&s(0)?)
            .and_then(|b| String::from_utf8(b).map_err(|_| "base64decode: not UTF-8".into()))
            .map(V::Str),
        "urlencode" => Ok(V::Str(
            s(0)?
                .bytes()
                .map(|b| {
                    if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                        (b as char).to_string()
                    } else {
                        format!("%{b:02X}")
                    }
                })
                .collect(),
        )),
        _ => Ok(V::unknown(format!("function {name} is not supported"))),
    }
}

const YAML_ALIASES: &str = "yamldecode: YAML aliases (`*name`) are not evaluated: expanded, a few lines can make billions of values";

pub(super) fn yamldecode(text: &str) -> R {
    use yaml_rust2::Yaml;
    fn conv(y: &Yaml, depth: usize) -> R {
        if depth > 64 {
            return Err("yamldecode: nested too deeply".into());
        }
        Ok(match y {
            Yaml::Null => V::Null,
            Yaml::Boolean(b) => V::Bool(*b),
            Yaml::Integer(i) => V::Num(*i as f64),
            Yaml::Real(r) => V::Num(r.parse::<f64>().map_err(|e| format!("yamldecode: {e}"))?),
            Yaml::String(s) => V::Str(s.clone()),
            Yaml::Array(a) => V::List(
                a.iter()
                    .map(|x| conv(x, depth + 1))
                    .collect::<Result<_, _>>()?,
            ),
            Yaml::Hash(h) => {
                let mut o = Obj::new();
                for (k, v) in h {
                    let key = match k {
                        Yaml::String(s) => s.clone(),
                        Yaml::Integer(i) => i.to_string(),
                        Yaml::Boolean(b) => b.to_string(),
                        Yaml::Real(r) => r.clone(),
                        _ => return Err("yamldecode: unsupported key".into()),
                    };
                    o.insert(key, Entry::plain(conv(v, depth + 1)?));
                }
                V::Obj(o)
            }
            Yaml::Alias(_) => return Err("yamldecode: aliases are not supported".into()),
            Yaml::BadValue => return Err("yamldecode: invalid value".into()),
        })
    }
    // The YAML loader expands every alias into a copy of its anchor, so a few lines
    // (`b: [*a, *a, *a]`, nine levels) become billions of nodes before `conv` sees any:
    // aliases are refused by a pass over the events first.
    struct Aliases(bool);
    impl yaml_rust2::parser::EventReceiver for Aliases {
        fn on_event(&mut self, ev: yaml_rust2::Event) {
            self.0 |= matches!(ev, yaml_rust2::Event::Alias(_));
        }
    }
    let mut seen = Aliases(false);
    yaml_rust2::parser::Parser::new_from_str(text)
        .load(&mut seen, true)
        .map_err(|e| format!("yamldecode: {e}"))?;
    if seen.0 {
        return Err(YAML_ALIASES.into());
    }
    let docs =
        yaml_rust2::YamlLoader::load_from_str(text).map_err(|e| format!("yamldecode: {e}"))?;
    match docs.as_slice() {
        [] => Ok(V::Null),
        [d] => conv(d, 0),
        _ => Err("yamldecode: more than one document".into()),
    }
}

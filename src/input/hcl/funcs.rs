//! Terraform's built-in functions (terraform-inputs.md §5.6), unknown-aware. Functions not
//! implemented yield an unknown that names them; nothing here panics on input.

use super::budget;
use super::eval::{Cx, R, Scope};
use super::module::{Loader, MAX_INSTANCES, ModInst};
use super::textmap::Piece;
use super::value::{Entry, Obj, Origin, V, fmt_num, make_set, to_bool, to_int, to_num, to_str};
use crate::model::encoding::{base64_decode, base64_encode};
use std::path::Path;
use std::rc::Rc;

/// Functions that handle unknown arguments themselves (others are unknown as soon as any
/// argument is partly unknown).
const AWARE: &[&str] = &[
    "jsonencode",
    "templatefile",
    "merge",
    "concat",
    "flatten",
    "length",
    "coalesce",
    "coalescelist",
    "lookup",
    "tolist",
    "tomap",
    "element",
    "keys",
    "values",
    "one",
    "slice",
    "zipmap",
    "sensitive",
    "nonsensitive",
    "jsondecode",
    "reverse",
    "compact",
];

/// Always unknown at plan time.
const UNKNOWN_FNS: &[&str] = &["timestamp", "plantimestamp", "uuid", "uuidv5", "bcrypt"];

/// Refuses, before building it, a result whose estimated size is over the budget of one
/// value (super::budget): `join` with a long separator, `replace` that multiplies, ...
fn guard(cx: &Cx, at: Option<Origin>, estimate: u64) -> Result<(), String> {
    if estimate <= budget::MAX_VALUE_BYTES {
        return Ok(());
    }
    let o = budget::too_large();
    cx.ld
        .finding(o.message.clone(), at.and_then(|x| cx.ld.sources.origin(x)));
    Err(o.message)
}

/// Calls a function with evaluated arguments.
pub(super) fn call(cx: &Cx, name: &str, args: Vec<V>, at: Option<Origin>) -> R {
    if UNKNOWN_FNS.contains(&name) {
        return Ok(V::unknown(format!("{name}() is known only at apply time")));
    }
    // Every other function's result is at most about as large as its arguments
    // (`concat`, `merge`, `flatten`, ...), so this bounds them before they run.
    guard(cx, at, args.iter().map(budget::size).sum())?;
    let args: Vec<V> = if AWARE.contains(&name) {
        args
    } else {
        if let Some(r) = args.iter().find_map(V::first_unknown) {
            return Ok(V::Unknown(r));
        }
        args.into_iter().map(V::realize).collect()
    };
    let a = |i: usize| {
        args.get(i)
            .ok_or_else(|| format!("{name}() needs more arguments"))
    };
    let s = |i: usize| a(i).and_then(to_str);
    let n = |i: usize| a(i).and_then(to_num);
    let list = |i: usize| -> Result<Vec<V>, String> {
        match a(i)? {
            V::List(l) => Ok(l.clone()),
            other => Err(format!(
                "{name}() needs a list, got a {}",
                other.type_name()
            )),
        }
    };
    let num = |x: f64| -> R {
        if x.is_finite() {
            Ok(V::Num(x))
        } else {
            Err("number out of range".into())
        }
    };
    match name {
        // Encoding.
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
                    .finding(e.clone(), at.and_then(|x| cx.ld.sources.origin(x)));
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
        // Files.
        "file" => file(cx, &s(0)?, at),
        // User data is often `filebase64("ecs.sh")`: the same confined read, encoded (text
        // files only; a binary file is unknown rather than guessed).
        "filebase64" => match file(cx, &s(0)?, at)? {
            V::Str(t) => Ok(V::Str(base64_encode(t.as_bytes()))),
            other => Ok(other),
        },
        "fileexists" => match confine(cx, &s(0)?, at) {
            Ok(Some(p)) => Ok(V::Bool(p.is_file())),
            Ok(None) => Ok(V::Bool(false)),
            Err(v) => Ok(v),
        },
        // Unknown leaves of `vars` reach the template, which keeps a JSON result's known
        // parts (`eval::partial_json`); an unknown path or vars map is unknown outright.
        "templatefile" => match (a(0)?, a(1)?) {
            (V::Unknown(r), _) | (_, V::Unknown(r)) => Ok(V::Unknown(r.clone())),
            (path, vars) => templatefile(cx, &to_str(&path.clone().realize())?, vars, at),
        },
        "basename" => Ok(V::Str(
            Path::new(&s(0)?)
                .file_name()
                .map_or_else(String::new, |x| x.to_string_lossy().into_owned()),
        )),
        "dirname" => {
            let p = s(0)?;
            Ok(V::Str(match p.rfind('/') {
                Some(0) => "/".into(),
                Some(i) => p[..i].to_string(),
                None => ".".into(),
            }))
        }
        // Collections.
        "merge" => {
            let mut out = Obj::new();
            for v in &args {
                match v {
                    V::Null => {}
                    V::Unknown(r) => return Ok(V::Unknown(r.clone())),
                    V::Obj(o) => {
                        for (k, e) in o {
                            out.insert(k.clone(), e.clone());
                        }
                    }
                    other => {
                        return Err(format!(
                            "merge() needs maps or objects, got a {}",
                            other.type_name()
                        ));
                    }
                }
            }
            Ok(V::Obj(out))
        }
        "concat" => {
            let mut out = Vec::new();
            for v in &args {
                match v {
                    V::Unknown(r) => return Ok(V::Unknown(r.clone())),
                    V::List(l) => out.extend(l.iter().cloned()),
                    other => {
                        return Err(format!("concat() needs lists, got a {}", other.type_name()));
                    }
                }
            }
            Ok(V::List(out))
        }
        "flatten" => {
            fn flat(v: &V, out: &mut Vec<V>) -> Result<(), Rc<str>> {
                match v {
                    V::List(l) => l.iter().try_for_each(|x| flat(x, out)),
                    V::Unknown(r) => Err(r.clone()),
                    other => {
                        out.push(other.clone());
                        Ok(())
                    }
                }
            }
            let mut out = Vec::new();
            match a(0)? {
                V::List(l) => {
                    for x in l {
                        if let Err(r) = flat(x, &mut out) {
                            return Ok(V::Unknown(r));
                        }
                    }
                    Ok(V::List(out))
                }
                V::Unknown(r) => Ok(V::Unknown(r.clone())),
                other => Err(format!(
                    "flatten() needs a list, got a {}",
                    other.type_name()
                )),
            }
        }
        "lookup" => match (a(0)?, a(1)?) {
            (V::Unknown(r), _) | (_, V::Unknown(r)) => Ok(V::Unknown(r.clone())),
            (V::Obj(o), k) => {
                let k = to_str(k)?;
                match o.get(&k) {
                    Some(e) => Ok(e.v.clone()),
                    None => args
                        .get(2)
                        .cloned()
                        .ok_or_else(|| format!("lookup: no key {k:?} and no default")),
                }
            }
            (other, _) => Err(format!("lookup() needs a map, got a {}", other.type_name())),
        },
        "coalesce" => {
            for v in &args {
                match v {
                    V::Null => {}
                    V::Str(x) if x.is_empty() => {}
                    V::Unknown(r) => return Ok(V::Unknown(r.clone())),
                    other => return Ok(other.clone()),
                }
            }
            Err("coalesce: no non-null, non-empty argument".into())
        }
        "coalescelist" => {
            for v in &args {
                match v {
                    V::List(l) if l.is_empty() => {}
                    V::Unknown(r) => return Ok(V::Unknown(r.clone())),
                    V::List(_) => return Ok(v.clone()),
                    other => {
                        return Err(format!(
                            "coalescelist() needs lists, got a {}",
                            other.type_name()
                        ));
                    }
                }
            }
            Err("coalescelist: no non-empty list".into())
        }
        "length" => match a(0)? {
            V::Unknown(r) => Ok(V::Unknown(r.clone())),
            V::List(l) => Ok(V::Num(l.len() as f64)),
            V::Obj(o) => Ok(V::Num(o.len() as f64)),
            V::Json(x) if x.has_unknown() => Ok(V::unknown(
                "length of a jsonencode result that is not known",
            )),
            v => Ok(V::Num(to_str(&v.clone().realize())?.chars().count() as f64)),
        },
        "keys" => match a(0)? {
            V::Unknown(r) => Ok(V::Unknown(r.clone())),
            V::Obj(o) => Ok(V::List(o.keys().map(V::str).collect())),
            other => Err(format!("keys() needs a map, got a {}", other.type_name())),
        },
        "values" => match a(0)? {
            V::Unknown(r) => Ok(V::Unknown(r.clone())),
            V::Obj(o) => Ok(V::List(o.values().map(|e| e.v.clone()).collect())),
            other => Err(format!("values() needs a map, got a {}", other.type_name())),
        },
        "contains" => {
            let l = list(0)?;
            let x = a(1)?;
            Ok(V::Bool(l.iter().any(|y| y.tf_eq(x) == Some(true))))
        }
        "element" => match (a(0)?, a(1)?) {
            (V::Unknown(r), _) | (_, V::Unknown(r)) => Ok(V::Unknown(r.clone())),
            (V::List(l), i) => {
                if l.is_empty() {
                    return Err("element() of an empty list".into());
                }
                let i = to_int(i)?;
                if i < 0 {
                    return Err("element() index must not be negative".into());
                }
                Ok(l[(i as usize) % l.len()].clone())
            }
            (other, _) => Err(format!(
                "element() needs a list, got a {}",
                other.type_name()
            )),
        },
        "index" => {
            let l = list(0)?;
            let x = a(1)?;
            l.iter()
                .position(|y| y.tf_eq(x) == Some(true))
                .map(|i| V::Num(i as f64))
                .ok_or_else(|| "index: value not in list".into())
        }
        "distinct" => {
            // Known values are equal exactly when their JSON encodings are (numbers and
            // strings encode differently); hashing them keeps this linear. A value with an
            // unknown inside equals nothing yet, so it is kept.
            let mut seen = std::collections::HashSet::new();
            let mut out: Vec<V> = Vec::new();
            for x in list(0)? {
                if x.has_unknown() || seen.insert(super::jsonenc::encode(&x)) {
                    out.push(x);
                }
            }
            Ok(V::List(out))
        }
        // Known nulls and empty strings go; an unknown element stays (unknown), so the
        // known ones are kept beside it.
        "compact" => match a(0)? {
            V::Unknown(r) => Ok(V::Unknown(r.clone())),
            _ => Ok(V::List(
                list(0)?
                    .into_iter()
                    .filter(|x| !matches!(x, V::Null) && !matches!(x, V::Str(s) if s.is_empty()))
                    .collect(),
            )),
        },
        "zipmap" => match (a(0)?, a(1)?) {
            (V::Unknown(r), _) | (_, V::Unknown(r)) => Ok(V::Unknown(r.clone())),
            (V::List(k), V::List(v)) => {
                if k.len() != v.len() {
                    return Err("zipmap: lists differ in length".into());
                }
                let mut o = Obj::new();
                for (k, v) in k.iter().zip(v) {
                    if let V::Unknown(r) = k {
                        return Ok(V::Unknown(r.clone()));
                    }
                    o.insert(to_str(k)?, Entry::plain(v.clone()));
                }
                Ok(V::Obj(o))
            }
            _ => Err("zipmap() needs two lists".into()),
        },
        "one" => match a(0)? {
            V::Unknown(r) => Ok(V::Unknown(r.clone())),
            V::List(l) => match l.len() {
                0 => Ok(V::Null),
                1 => Ok(l[0].clone()),
                k => Err(format!("one() of a list of {k} elements")),
            },
            other => Err(format!("one() needs a list, got a {}", other.type_name())),
        },
        "range" => {
            let nums: Vec<f64> = (0..args.len()).map(n).collect::<Result<_, _>>()?;
            let (start, end, step) = match nums.as_slice() {
                [e] => (0.0, *e, 1.0),
                [s, e] => (*s, *e, if e >= s { 1.0 } else { -1.0 }),
                [s, e, st] => (*s, *e, *st),
                _ => return Err("range() takes one to three arguments".into()),
            };
            if step == 0.0 || (step > 0.0) != (end >= start) && start != end {
                return if step == 0.0 {
                    Err("range: step must not be zero".into())
                } else {
                    Ok(V::List(Vec::new()))
                };
            }
            let count = ((end - start) / step).ceil();
            if !count.is_finite() || count > MAX_INSTANCES as f64 {
                cx.ld.finding(
                    format!("range() of more than {MAX_INSTANCES} elements is not evaluated"),
                    at.and_then(|o| cx.ld.sources.origin(o)),
                );
                return Ok(V::unknown("range() too large to evaluate"));
            }
            Ok(V::List(
                (0..count.max(0.0) as usize)
                    .map(|i| V::Num(start + step * i as f64))
                    .collect(),
            ))
        }
        "slice" => match a(0)? {
            V::Unknown(r) => Ok(V::Unknown(r.clone())),
            V::List(l) => {
                let (st, en) = (to_int(a(1)?)?, to_int(a(2)?)?);
                if st < 0 || en < st || en as usize > l.len() {
                    return Err("slice: index out of range".into());
                }
                Ok(V::List(l[st as usize..en as usize].to_vec()))
            }
            other => Err(format!("slice() needs a list, got a {}", other.type_name())),
        },
        "sort" => {
            let mut l: Vec<String> = list(0)?.iter().map(to_str).collect::<Result<_, _>>()?;
            l.sort();
            Ok(V::List(l.into_iter().map(V::Str).collect()))
        }
        "reverse" => match a(0)? {
            V::Unknown(r) => Ok(V::Unknown(r.clone())),
            V::List(l) => Ok(V::List(l.iter().rev().cloned().collect())),
            other => Err(format!(
                "reverse() needs a list, got a {}",
                other.type_name()
            )),
        },
        "setproduct" => {
            let mut out: Vec<Vec<V>> = vec![Vec::new()];
            let mut row_bytes = 0u64;
            for i in 0..args.len() {
                let l = list(i)?;
                // Each combination holds one element of every list: about the lists' mean
                // element sizes added up.
                let mean = budget::size(&V::List(l.clone())) / (l.len() as u64).max(1);
                row_bytes += mean;
                let rows = (out.len() as u64).saturating_mul(l.len() as u64);
                if rows <= MAX_INSTANCES as u64 {
                    guard(cx, at, rows.saturating_mul(row_bytes))?;
                }
                if out.len().saturating_mul(l.len()) > MAX_INSTANCES {
                    // Said out loud, as for range(): an unknown alone would leave a
                    // for_each over it silently unexpanded.
                    cx.ld.finding(
                        format!(
                            "setproduct() of more than {MAX_INSTANCES} elements is not evaluated"
                        ),
                        at.and_then(|o| cx.ld.sources.origin(o)),
                    );
                    return Ok(V::unknown("setproduct() too large to evaluate"));
                }
                out = out
                    .into_iter()
                    .flat_map(|p| {
                        l.iter().map(move |x| {
                            let mut q = p.clone();
                            q.push(x.clone());
                            q
                        })
                    })
                    .collect();
            }
            Ok(V::List(out.into_iter().map(V::List).collect()))
        }
        "setunion" => {
            let mut all = Vec::new();
            for i in 0..args.len() {
                all.extend(list(i)?);
            }
            Ok(make_set(all))
        }
        "sum" => {
            let mut t = 0.0;
            for x in list(0)? {
                t += to_num(&x)?;
            }
            num(t)
        }
        "alltrue" => Ok(V::Bool(
            list(0)?
                .iter()
                .map(to_bool)
                .collect::<Result<Vec<_>, _>>()?
                .into_iter()
                .all(|b| b),
        )),
        "anytrue" => Ok(V::Bool(
            list(0)?
                .iter()
                .map(to_bool)
                .collect::<Result<Vec<_>, _>>()?
                .into_iter()
                .any(|b| b),
        )),
        // Conversions.
        "tostring" => match a(0)? {
            V::Null => Ok(V::Null),
            v => to_str(v).map(V::Str),
        },
        "tonumber" => match a(0)? {
            V::Null => Ok(V::Null),
            v => to_num(v).map(V::Num),
        },
        "tobool" => match a(0)? {
            V::Null => Ok(V::Null),
            v => to_bool(v).map(V::Bool),
        },
        "tolist" => match a(0)? {
            V::Unknown(r) => Ok(V::Unknown(r.clone())),
            V::List(l) => Ok(V::List(l.clone())),
            V::Null => Ok(V::Null),
            other => Err(format!("cannot convert a {} to a list", other.type_name())),
        },
        "toset" => match a(0)? {
            V::List(l) => Ok(make_set(l.clone())),
            V::Null => Ok(V::Null),
            other => Err(format!("cannot convert a {} to a set", other.type_name())),
        },
        "tomap" => match a(0)? {
            V::Unknown(r) => Ok(V::Unknown(r.clone())),
            V::Obj(o) => Ok(V::Obj(o.clone())),
            V::Null => Ok(V::Null),
            other => Err(format!("cannot convert a {} to a map", other.type_name())),
        },
        "sensitive" | "nonsensitive" => Ok(a(0)?.clone()),
        // Strings.
        "format" => format(&s(0)?, &args[1..]).map(V::Str).inspect_err(|e| {
            if e.starts_with(FORMAT_PRECISION) {
                cx.ld.finding(
                    format!("{e}: not evaluated"),
                    at.and_then(|x| cx.ld.sources.origin(x)),
                );
            }
        }),
        "formatlist" => {
            let lens: Vec<usize> = args[1..]
                .iter()
                .filter_map(|x| match x {
                    V::List(l) => Some(l.len()),
                    _ => None,
                })
                .collect();
            let len = lens.first().copied().unwrap_or(1);
            if lens.iter().any(|l| *l != len) {
                return Err("formatlist: lists differ in length".into());
            }
            let f = s(0)?;
            guard(cx, at, (len as u64).saturating_mul(f.len() as u64 + 64))?;
            let mut out = Vec::new();
            for i in 0..len {
                let row: Vec<V> = args[1..]
                    .iter()
                    .map(|x| match x {
                        V::List(l) => l[i].clone(),
                        o => o.clone(),
                    })
                    .collect();
                out.push(V::Str(format(&f, &row)?));
            }
            Ok(V::List(out))
        }
        "join" => {
            let sep = s(0)?;
            let mut parts = Vec::new();
            for i in 1..args.len() {
                for x in list(i)? {
                    parts.push(to_str(&x)?);
                }
            }
            let total: u64 = parts.iter().map(|p| p.len() as u64).sum();
            guard(
                cx,
                at,
                total + (sep.len() as u64).saturating_mul(parts.len() as u64),
            )?;
            Ok(V::Str(parts.join(&sep)))
        }
        "split" => {
            let (sep, t) = (s(0)?, s(1)?);
            if sep.is_empty() {
                return Ok(V::List(t.chars().map(|c| V::Str(c.to_string())).collect()));
            }
            Ok(V::List(t.split(sep.as_str()).map(V::str).collect()))
        }
        "replace" => {
            let (t, sub, rep) = (s(0)?, s(1)?, s(2)?);
            if sub.len() > 1 && sub.starts_with('/') && sub.ends_with('/') {
                return Ok(V::unknown(
                    "replace() with a regular expression is not supported",
                ));
            }
            if sub.is_empty() {
                return Ok(V::Str(t));
            }
            let hits = t.matches(sub.as_str()).count() as u64;
            guard(
                cx,
                at,
                t.len() as u64 + hits.saturating_mul(rep.len() as u64),
            )?;
            Ok(V::Str(t.replace(&sub, &rep)))
        }
        "lower" => Ok(V::Str(s(0)?.to_lowercase())),
        "upper" => Ok(V::Str(s(0)?.to_uppercase())),
        "title" => Ok(V::Str(
            s(0)?
                .split(' ')
                .map(|w| {
                    let mut c = w.chars();
                    c.next().map_or_else(String::new, |f| {
                        f.to_uppercase().collect::<String>() + c.as_str()
                    })
                })
                .collect::<Vec<_>>()
                .join(" "),
        )),
        "trimspace" => Ok(V::Str(s(0)?.trim().to_string())),
        "trim" => {
            let cut = s(1)?;
            Ok(V::Str(s(0)?.trim_matches(|c| cut.contains(c)).to_string()))
        }
        "trimprefix" => {
            let (t, p) = (s(0)?, s(1)?);
            Ok(V::Str(t.strip_prefix(p.as_str()).unwrap_or(&t).to_string()))
        }
        "trimsuffix" => {
            let (t, p) = (s(0)?, s(1)?);
            Ok(V::Str(t.strip_suffix(p.as_str()).unwrap_or(&t).to_string()))
        }
        "chomp" => Ok(V::Str(s(0)?.trim_end_matches(['\n', '\r']).to_string())),
        "strrev" => Ok(V::Str(s(0)?.chars().rev().collect())),
        "substr" => {
            let chars: Vec<char> = s(0)?.chars().collect();
            let len = chars.len() as i64;
            let mut off = to_int(a(1)?)?;
            let mut n = to_int(a(2)?)?;
            if off < 0 {
                off += len;
            }
            if off < 0 || off > len {
                return Err("substr: offset out of range".into());
            }
            if n < 0 || off + n > len {
                n = len - off;
            }
            Ok(V::Str(
                chars[off as usize..(off + n) as usize].iter().collect(),
            ))
        }
        "startswith" => Ok(V::Bool(s(0)?.starts_with(s(1)?.as_str()))),
        "endswith" => Ok(V::Bool(s(0)?.ends_with(s(1)?.as_str()))),
        "strcontains" => Ok(V::Bool(s(0)?.contains(s(1)?.as_str()))),
        // Numbers.
        "min" | "max" => {
            let nums: Vec<f64> = (0..args.len()).map(n).collect::<Result<_, _>>()?;
            let it = nums.into_iter();
            let r = if name == "min" {
                it.reduce(f64::min)
            } else {
                it.reduce(f64::max)
            };
            r.map(V::Num)
                .ok_or_else(|| format!("{name}() needs at least one number"))
        }
        "ceil" => num(n(0)?.ceil()),
        "floor" => num(n(0)?.floor()),
        "abs" => num(n(0)?.abs()),
        "signum" => num(n(0)?.signum()),
        "pow" => num(n(0)?.powf(n(1)?)),
        "parseint" => {
            let base = to_int(a(1)?)?;
            if !(2..=62).contains(&base) || base > 36 {
                return Err("parseint: base must be between 2 and 36".into());
            }
            i64::from_str_radix(&s(0)?, base as u32)
                .map(|v| V::Num(v as f64))
                .map_err(|e| format!("parseint: {e}"))
        }
        // Network.
        "cidrsubnet" => cidrsubnet(&s(0)?, to_int(a(1)?)?, to_int(a(2)?)?),
        "cidrhost" => cidrhost(&s(0)?, to_int(a(1)?)?),
        "cidrnetmask" => {
            let (_, len) = parse_cidr(&s(0)?)?;
            let mask = if len == 0 { 0 } else { u32::MAX << (32 - len) };
            Ok(V::Str(std::net::Ipv4Addr::from(mask).to_string()))
        }
        _ => Ok(V::unknown(format!("function {name} is not supported"))),
    }
}

fn confine(cx: &Cx, path: &str, at: Option<Origin>) -> Result<Option<std::path::PathBuf>, V> {
    let base = cx.ld.sandbox.base.clone();
    cx.ld.sandbox.confine(&base, path).map_err(|e| {
        cx.ld.finding(
            format!("{e}: {path:?}"),
            at.and_then(|o| cx.ld.sources.origin(o)),
        );
        V::unknown("path outside the analyzed root refused")
    })
}

fn file(cx: &Cx, path: &str, at: Option<Origin>) -> R {
    match confine(cx, path, at) {
        Err(v) => Ok(v),
        Ok(None) => Err(format!("no file exists at {path:?}")),
        Ok(Some(p)) => {
            // Registered as a source so keys inside JSON files get locations; read once per
            // load, so the run's read budget is charged once per file.
            let known = cx.ld.files.borrow().get(&p).copied();
            let (id, text) = match known.and_then(|id| Some((id, cx.ld.sources.get(id)?))) {
                Some((id, f)) => (id, f.text.clone()),
                None => {
                    let text = cx
                        .ld
                        .sandbox
                        .read_text(&p)
                        .map_err(|e| format!("file({path:?}): {e}"))?;
                    let id = cx
                        .ld
                        .sources
                        .add(cx.ld.sandbox.display(&p), text.clone(), false);
                    cx.ld.files.borrow_mut().insert(p.clone(), id);
                    (id, text)
                }
            };
            let whole = Piece {
                out: 0..text.len(),
                file: id,
                src: 0..text.len(),
                quoted: false,
            };
            cx.ld.texts.record(&text, vec![whole]);
            Ok(V::Str(text))
        }
    }
}

fn templatefile(cx: &Cx, path: &str, vars: &V, at: Option<Origin>) -> R {
    if cx.tmpl {
        return Err("templatefile() cannot be called from a template".into());
    }
    let p = match confine(cx, path, at) {
        Err(v) => return Ok(v),
        Ok(None) => return Err(format!("no file exists at {path:?}")),
        Ok(Some(p)) => p,
    };
    let cached = cx.ld.templates.borrow().get(&p).cloned();
    let parsed = match cached {
        Some(t) => t,
        None => {
            let read = cx.ld.sandbox.read_text(&p).map_err(|e| e.to_string());
            let t = Rc::new(read.and_then(|text| {
                let tpl = hcl_edit::parser::parse_template(&text).map_err(|e| {
                    format!(
                        "{}:{}: {}",
                        e.location().line(),
                        e.location().column(),
                        e.message()
                    )
                })?;
                let id = cx.ld.sources.add(cx.ld.sandbox.display(&p), text, false);
                Ok((id, tpl))
            }));
            cx.ld.templates.borrow_mut().insert(p.clone(), t.clone());
            t
        }
    };
    let (id, tpl) = match parsed.as_ref() {
        Ok(x) => x,
        Err(e) => return Err(format!("templatefile({path:?}): {e}")),
    };
    let scope_vars: Vec<(String, V)> = match vars {
        V::Obj(o) => o
            .iter()
            .map(|(k, e)| (k.clone(), e.v.clone().realize()))
            .collect(),
        V::Null => Vec::new(),
        other => {
            return Err(format!(
                "templatefile() vars must be a map, got a {}",
                other.type_name()
            ));
        }
    };
    let tcx = Cx {
        ld: cx.ld,
        m: cx.m,
        file: *id,
        tmpl: true,
        no_origins: false,
    };
    tcx.eval_template(tpl, &Scope::with(scope_vars))
}

/// Renders a `data "template_file"` like `templatefile`: `template` with `vars`.
pub(super) fn render_template_file(ld: &Loader, m: &ModInst, obj: &Obj) -> V {
    let Some(t) = obj.get("template") else {
        return V::unknown("template_file has no template");
    };
    let text = match &t.v {
        V::Str(s) => s.clone(),
        V::Unknown(r) => return V::Unknown(r.clone()),
        _ => return V::unknown("template_file template is not a string"),
    };
    let vars: Vec<(String, V)> = match obj.get("vars").map(|e| &e.v) {
        None | Some(V::Null) => Vec::new(),
        Some(V::Obj(o)) => o.iter().map(|(k, e)| (k.clone(), e.v.clone())).collect(),
        Some(V::Unknown(r)) => return V::Unknown(r.clone()),
        Some(_) => return V::unknown("template_file vars is not a map"),
    };
    let tpl = match hcl_edit::parser::parse_template(&text) {
        Ok(t) => t,
        Err(e) => {
            return V::unknown(format!(
                "template_file template is invalid: {}",
                e.message()
            ));
        }
    };
    // A template read whole by `file()` keeps its positions in that file.
    let file = ld
        .texts
        .get(&text)
        .and_then(|pieces| match pieces.as_slice() {
            [p] if !p.quoted && p.out == (0..text.len()) && p.src == p.out => Some(p.file),
            _ => None,
        });
    let cx = Cx {
        ld,
        m,
        file: file.unwrap_or(0),
        tmpl: true,
        no_origins: file.is_none(),
    };
    match cx.eval_template(&tpl, &Scope::with(vars)) {
        Ok(V::Str(s)) => V::Str(s),
        Ok(V::Unknown(r)) => V::Unknown(r),
        // JSON text whose unknown values sit inside strings keeps its known structure, as
        // `templatefile()` does (eval::partial_json): an unknown image never hides the ports.
        Ok(v @ (V::Json(_) | V::List(_) | V::Obj(_))) => v,
        Ok(other) => match to_str(&other) {
            Ok(s) => V::Str(s),
            Err(e) => V::unknown(e),
        },
        Err(e) => V::unknown(e),
    }
}

const YAML_ALIASES: &str = "yamldecode: YAML aliases (`*name`) are not evaluated: expanded, a few lines can make billions of values";

fn yamldecode(text: &str) -> R {
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

fn parse_cidr(s: &str) -> Result<(u32, u32), String> {
    let (ip, len) = s
        .split_once('/')
        .ok_or_else(|| format!("invalid CIDR {s:?}"))?;
    let ip: std::net::Ipv4Addr = ip
        .parse()
        .map_err(|_| format!("invalid or IPv6 CIDR {s:?} (only IPv4 is supported)"))?;
    let len: u32 = len.parse().map_err(|_| format!("invalid CIDR {s:?}"))?;
    if len > 32 {
        return Err(format!("invalid CIDR {s:?}"));
    }
    Ok((u32::from(ip), len))
}

fn cidrsubnet(prefix: &str, newbits: i64, netnum: i64) -> R {
    let (ip, len) = parse_cidr(prefix)?;
    let nl = len as i64 + newbits;
    if !(0..=32).contains(&nl) || newbits < 0 {
        return Err("cidrsubnet: not enough address bits".into());
    }
    if netnum < 0 || (newbits < 63 && netnum >= (1i64 << newbits)) {
        return Err("cidrsubnet: netnum too large".into());
    }
    let mask = if len == 0 { 0 } else { u32::MAX << (32 - len) };
    let base = ip & mask;
    let shift = 32 - nl as u32;
    let net = base | ((netnum as u64) << shift) as u32;
    Ok(V::Str(format!("{}/{}", std::net::Ipv4Addr::from(net), nl)))
}

fn cidrhost(prefix: &str, hostnum: i64) -> R {
    let (ip, len) = parse_cidr(prefix)?;
    let size = 1i64 << (32 - len);
    let h = if hostnum < 0 { size + hostnum } else { hostnum };
    if h < 0 || h >= size {
        return Err("cidrhost: host number out of range".into());
    }
    let mask = if len == 0 { 0 } else { u32::MAX << (32 - len) };
    Ok(V::Str(
        std::net::Ipv4Addr::from((ip & mask) | h as u32).to_string(),
    ))
}

const FORMAT_PRECISION: &str = "format: precision";

/// Go-style `format` for the verbs Terraform supports: `%s %d %v %q %f %t %x %X %o %b %e %%`
/// with flags, width and precision.
pub(super) fn format(f: &str, args: &[V]) -> Result<String, String> {
    let mut out = String::new();
    let mut it = f.chars().peekable();
    let mut ai = 0;
    while let Some(c) = it.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut flags = String::new();
        while let Some(&f) = it.peek() {
            if "-+ #0".contains(f) {
                flags.push(f);
                it.next();
            } else {
                break;
            }
        }
        let mut width = String::new();
        while let Some(&d) = it.peek().filter(|d| d.is_ascii_digit()) {
            width.push(d);
            it.next();
        }
        let mut prec: Option<usize> = None;
        if it.peek() == Some(&'.') {
            it.next();
            let mut p = String::new();
            while let Some(&d) = it.peek().filter(|d| d.is_ascii_digit()) {
                p.push(d);
                it.next();
            }
            // Rust's formatter panics past a precision of 65535; Terraform's output that
            // long is never a port or a name.
            match p.parse::<usize>() {
                Ok(n) if n <= 4096 => prec = Some(n),
                Ok(_) | Err(_) if !p.is_empty() => {
                    return Err(format!("{FORMAT_PRECISION} {p} is larger than 4096"));
                }
                _ => prec = Some(0),
            }
        }
        let verb = it
            .next()
            .ok_or("format: incomplete verb at end of string")?;
        if verb == '%' {
            out.push('%');
            continue;
        }
        let v = args.get(ai).ok_or("format: not enough arguments")?;
        ai += 1;
        let body = match verb {
            's' => to_str(v)?,
            'q' => serde_json::Value::String(to_str(v)?).to_string(),
            'v' => match v {
                V::List(_) | V::Obj(_) => super::jsonenc::encode(v),
                other => to_str(other)?,
            },
            't' => to_bool(v)?.to_string(),
            'd' => {
                let n = to_int(v)?;
                if flags.contains('+') && n >= 0 {
                    format!("+{n}")
                } else {
                    n.to_string()
                }
            }
            'f' | 'e' | 'g' => {
                let n = to_num(v)?;
                let s = match verb {
                    'f' => format!("{:.*}", prec.unwrap_or(6), n),
                    'e' => format!("{:.*e}", prec.unwrap_or(6), n),
                    _ => fmt_num(n),
                };
                if flags.contains('+') && n >= 0.0 {
                    format!("+{s}")
                } else {
                    s
                }
            }
            'x' => match v {
                V::Num(_) => format!("{:x}", to_int(v)?),
                _ => to_str(v)?.bytes().map(|b| format!("{b:02x}")).collect(),
            },
            'X' => format!("{:X}", to_int(v)?),
            'o' => format!("{:o}", to_int(v)?),
            'b' => format!("{:b}", to_int(v)?),
            other => return Err(format!("format: unsupported verb %{other}")),
        };
        let body = match (verb, prec) {
            ('s' | 'v', Some(p)) => body.chars().take(p).collect(),
            _ => body,
        };
        let w: usize = width.parse().unwrap_or(0).min(4096);
        let len = body.chars().count();
        if len < w {
            let pad = w - len;
            if flags.contains('-') {
                out.push_str(&body);
                out.push_str(&" ".repeat(pad));
            } else if flags.contains('0') && "dfeg".contains(verb) {
                let (sign, digits) = match body.strip_prefix(['-', '+']) {
                    Some(d) => (&body[..1], d),
                    None => ("", body.as_str()),
                };
                out.push_str(sign);
                out.push_str(&"0".repeat(pad));
                out.push_str(digits);
            } else {
                out.push_str(&" ".repeat(pad));
                out.push_str(&body);
            }
        } else {
            out.push_str(&body);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_verbs() {
        let r = format(
            "%s-%03d %q %.2f %v%%",
            &[
                V::str("web"),
                V::Num(7.0),
                V::str("a\"b"),
                V::Num(1.5),
                V::Bool(true),
            ],
        );
        assert_eq!(r.unwrap(), "web-007 \"a\\\"b\" 1.50 true%");
        assert!(format("%d", &[]).is_err());
    }

    #[test]
    fn cidr_functions() {
        assert_eq!(cidrsubnet("10.0.0.0/16", 8, 2), Ok(V::str("10.0.2.0/24")));
        assert_eq!(cidrhost("10.0.1.0/24", 5), Ok(V::str("10.0.1.5")));
        assert_eq!(cidrhost("10.0.1.0/24", -2), Ok(V::str("10.0.1.254")));
        assert!(cidrsubnet("10.0.0.0/30", 8, 0).is_err());
    }

    #[test]
    fn base64_round_trip() {
        assert_eq!(base64_encode(b"hello!?"), "aGVsbG8hPw==");
        assert_eq!(base64_decode("aGVsbG8hPw==").unwrap(), b"hello!?");
    }

    #[test]
    fn yaml_documents() {
        let v = yamldecode("ports:\n  - 80\n  - 443\nname: web\n").unwrap();
        let o = v.as_obj().unwrap();
        assert_eq!(o["ports"].v, V::List(vec![V::Num(80.0), V::Num(443.0)]));
        assert_eq!(o["name"].v, V::str("web"));
    }
}

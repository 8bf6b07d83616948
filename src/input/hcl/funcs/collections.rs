//! Collections and conversions: `merge`, `concat`, `flatten`, `lookup`, `length`, `keys`, ...,
//! `tolist`, `toset`, `tomap`.

use super::Args;
use super::prelude::*;

/// The functions of this family.
pub(super) const NAMES: &[&str] = &[
    "merge",
    "concat",
    "flatten",
    "lookup",
    "coalesce",
    "coalescelist",
    "length",
    "keys",
    "values",
    "contains",
    "element",
    "index",
    "distinct",
    "compact",
    "zipmap",
    "one",
    "range",
    "slice",
    "sort",
    "reverse",
    "setproduct",
    "setunion",
    "sum",
    "alltrue",
    "anytrue",
    "tostring",
    "tonumber",
    "tobool",
    "tolist",
    "toset",
    "tomap",
    "sensitive",
    "nonsensitive",
];

/// Calls `name`, one of [`NAMES`].
pub(super) fn call(name: &str, x: &Args<'_>) -> R {
    let a = |i: usize| x.a(i);
    let n = |i: usize| x.n(i);
    let list = |i: usize| x.list(i);
    let cx = x.cx;
    let at = x.at;
    let args = &x.args[..];
    let num = super::num;
    match name {
        "merge" => {
            let mut out = Obj::new();
            for v in args {
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
            for v in args {
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
            for v in args {
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
            for v in args {
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
            let mut seen = crate::model::FastSet::default();
            let mut out: Vec<V> = Vec::new();
            for x in list(0)? {
                if x.has_unknown() || seen.insert(super::super::jsonenc::encode(&x)) {
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
                cx.ld.invalid_input(
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
                    cx.ld.invalid_input(
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
        _ => Ok(V::unknown(format!("function {name} is not supported"))),
    }
}

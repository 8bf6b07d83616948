//! Strings: `format`, `formatlist`, `join`, `split`, `replace`, case, trimming, `substr`, ....

use super::Args;
use super::prelude::*;

/// The functions of this family.
pub(super) const NAMES: &[&str] = &[
    "format",
    "formatlist",
    "join",
    "split",
    "replace",
    "lower",
    "upper",
    "title",
    "trimspace",
    "trim",
    "trimprefix",
    "trimsuffix",
    "chomp",
    "strrev",
    "substr",
    "startswith",
    "endswith",
    "strcontains",
];

/// Calls `name`, one of [`NAMES`].
pub(super) fn call(name: &str, x: &Args<'_>) -> R {
    let a = |i: usize| x.a(i);
    let s = |i: usize| x.s(i);
    let list = |i: usize| x.list(i);
    let cx = x.cx;
    let at = x.at;
    let args = &x.args[..];
    match name {
        "format" => format(&s(0)?, &args[1..]).map(V::Str).inspect_err(|e| {
            if e.starts_with(FORMAT_PRECISION) {
                cx.ld.invalid_input(
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
        _ => Ok(V::unknown(format!("function {name} is not supported"))),
    }
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
                V::List(_) | V::Obj(_) => super::super::jsonenc::encode(v),
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

//! Terraform's built-in functions (terraform-inputs.md §5.6), unknown-aware, one file per
//! family (encoding, files, collections and conversions, strings, numbers, network).
//! Functions not implemented yield an unknown that names them; nothing here panics on input.

mod collections;
mod encoding;
mod files;
mod network;
mod numbers;
mod strings;

pub(in crate::input::hcl) use files::render_template_file;

/// What every family's arms use.
mod prelude {
    pub(super) use super::super::budget;
    pub(super) use super::super::eval::{Cx, R, Scope};
    pub(super) use super::super::module::{Loader, MAX_INSTANCES, ModInst};
    pub(super) use super::super::textmap::Piece;
    pub(super) use super::super::value::{
        Entry, Obj, Origin, V, fmt_num, make_set, to_bool, to_int, to_num, to_str,
    };
    pub(super) use super::guard;
    pub(super) use crate::model::encoding::{base64_decode, base64_encode};
    pub(super) use std::path::Path;
    pub(super) use std::rc::Rc;
}

use prelude::*;

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
pub(super) fn guard(cx: &Cx, at: Option<Origin>, estimate: u64) -> Result<(), String> {
    if estimate <= budget::MAX_VALUE_BYTES {
        return Ok(());
    }
    let o = budget::too_large();
    cx.ld
        .invalid_input(o.message.clone(), at.and_then(|x| cx.ld.sources.origin(x)));
    Err(o.message)
}

/// The functions, by family: (names, call).
type Family = (&'static [&'static str], fn(&str, &Args<'_>) -> R);

const FAMILIES: &[Family] = &[
    (encoding::NAMES, encoding::call),
    (files::NAMES, files::call),
    (collections::NAMES, collections::call),
    (strings::NAMES, strings::call),
    (numbers::NAMES, numbers::call),
    (network::NAMES, network::call),
];

/// A call's evaluated arguments, with the context and place of the call.
pub(super) struct Args<'a> {
    /// The function.
    name: &'a str,
    /// The arguments (realized, unless the function handles unknowns itself: [`AWARE`]).
    args: Vec<V>,
    /// The evaluation context.
    cx: &'a Cx<'a>,
    /// Where the call is written.
    at: Option<Origin>,
}

impl Args<'_> {
    /// Argument `i`.
    fn a(&self, i: usize) -> Result<&V, String> {
        self.args
            .get(i)
            .ok_or_else(|| format!("{}() needs more arguments", self.name))
    }

    /// Argument `i` as a string.
    fn s(&self, i: usize) -> Result<String, String> {
        self.a(i).and_then(to_str)
    }

    /// Argument `i` as a number.
    fn n(&self, i: usize) -> Result<f64, String> {
        self.a(i).and_then(to_num)
    }

    /// Argument `i` as a list.
    fn list(&self, i: usize) -> Result<Vec<V>, String> {
        match self.a(i)? {
            V::List(l) => Ok(l.clone()),
            other => Err(format!(
                "{}() needs a list, got a {}",
                self.name,
                other.type_name()
            )),
        }
    }
}

/// A finite number, else an error.
fn num(x: f64) -> R {
    if x.is_finite() {
        Ok(V::Num(x))
    } else {
        Err("number out of range".into())
    }
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
    let x = Args { name, args, cx, at };
    match FAMILIES.iter().find(|(names, _)| names.contains(&name)) {
        Some((_, f)) => f(name, &x),
        None => Ok(V::unknown(format!("function {name} is not supported"))),
    }
}

#[cfg(test)]
mod tests {
    use super::encoding::yamldecode;
    use super::network::{cidrhost, cidrsubnet};
    use super::strings::format;
    use super::*;

    #[test]
    fn every_function_in_one_family() {
        let mut all: Vec<&str> = FAMILIES
            .iter()
            .flat_map(|(n, _)| n.iter().copied())
            .collect();
        let count = all.len();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), count, "a function is in two families");
        for f in AWARE {
            assert!(all.contains(f), "{f} is unknown-aware but in no family");
        }
    }

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

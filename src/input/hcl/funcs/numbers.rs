//! Numbers: `min`, `max`, `ceil`, `floor`, `abs`, `signum`, `pow`, `parseint`.

use super::Args;
use super::prelude::*;

/// The functions of this family.
pub(super) const NAMES: &[&str] = &[
    "min", "max", "ceil", "floor", "abs", "signum", "pow", "parseint",
];

/// Calls `name`, one of [`NAMES`].
pub(super) fn call(name: &str, x: &Args<'_>) -> R {
    let a = |i: usize| x.a(i);
    let s = |i: usize| x.s(i);
    let n = |i: usize| x.n(i);
    let num = super::num;
    let args = &x.args[..];
    match name {
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
        _ => Ok(V::unknown(format!("function {name} is not supported"))),
    }
}

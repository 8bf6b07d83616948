//! The evaluation budget of one load: a pull request's few lines of HCL must not build
//! gigabytes (40 locals that each double the previous one, nested `for` over
//! `range(100000)`) or run for hours. Values are charged as they are built; past a limit the
//! expression fails with a located `invalid-input` finding, its value stays unknown, and
//! the rest of the configuration is still analyzed.

use super::value::V;
use std::cell::Cell;

/// The most one value may hold (approximate heap bytes): far above any container
/// definition, far below what would hurt.
pub(super) const MAX_VALUE_BYTES: u64 = 16 << 20;
/// The most all values built during one load may add up to.
pub(super) const MAX_BUILT_BYTES: u64 = 512 << 20;
/// The most `for` and `%{ for }` iterations one load may run.
pub(super) const MAX_STEPS: u64 = 1_000_000;

/// What one load has spent.
#[derive(Debug, Default)]
pub(super) struct EvalBudget {
    built: Cell<u64>,
    steps: Cell<u64>,
    /// Set once the load-wide budget is spent: the finding is raised once, not per value.
    spent: Cell<bool>,
}

/// Why an expression was not evaluated, and whether this is the first time the load-wide
/// budget ran out (the one to report).
pub(super) struct Over {
    /// The message.
    pub message: String,
    /// Report it (per-value limits always; the load-wide budget once).
    pub report: bool,
}

impl EvalBudget {
    /// Bytes charged so far.
    pub(super) fn built(&self) -> u64 {
        self.built.get()
    }

    /// Charges `bytes` of newly built value.
    pub(super) fn charge(&self, bytes: u64) -> Result<(), Over> {
        let total = self.built.get().saturating_add(bytes);
        self.built.set(total);
        if total > MAX_BUILT_BYTES {
            return Err(self.spend(format!(
                "the values of this configuration exceed {} MiB: this expression and the \
                 ones after it are not evaluated",
                MAX_BUILT_BYTES >> 20
            )));
        }
        Ok(())
    }

    /// Counts one loop iteration.
    pub(super) fn step(&self) -> Result<(), Over> {
        let n = self.steps.get() + 1;
        self.steps.set(n);
        if n > MAX_STEPS {
            return Err(self.spend(format!(
                "more than {MAX_STEPS} for-loop iterations in this configuration: this \
                 expression and the ones after it are not evaluated"
            )));
        }
        Ok(())
    }

    /// Checks one value's size, given the bytes charged since it began to be built.
    pub(super) fn check_value(&self, since: u64) -> Result<(), Over> {
        if self.built.get().saturating_sub(since) > MAX_VALUE_BYTES {
            return Err(too_large());
        }
        Ok(())
    }

    fn spend(&self, message: String) -> Over {
        let first = !self.spent.replace(true);
        Over {
            message,
            report: first,
        }
    }
}

/// The error for one value over [`MAX_VALUE_BYTES`].
pub(super) fn too_large() -> Over {
    Over {
        message: format!(
            "this expression builds a value larger than {} MiB: not evaluated",
            MAX_VALUE_BYTES >> 20
        ),
        report: true,
    }
}

/// Approximate heap bytes of a value; stops counting past [`MAX_VALUE_BYTES`] so that the
/// cost of measuring stays bounded too.
pub(super) fn size(v: &V) -> u64 {
    fn go(v: &V, acc: &mut u64) {
        if *acc > MAX_VALUE_BYTES {
            return;
        }
        *acc += 16;
        match v {
            V::Str(s) => *acc += s.len() as u64,
            V::List(l) => l.iter().for_each(|x| go(x, acc)),
            V::Obj(o) => o.iter().for_each(|(k, e)| {
                *acc += 32 + k.len() as u64;
                go(&e.v, acc);
            }),
            V::Json(x) => go(x, acc),
            V::Unknown(r) => *acc += r.len() as u64,
            V::Null | V::Bool(_) | V::Num(_) => {}
        }
    }
    let mut acc = 0;
    go(v, &mut acc);
    acc
}

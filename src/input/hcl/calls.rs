//! What references through module boundaries stand for, as the plan front end derives them
//! from `configuration.module_calls` (see `input::plan::config`): `var.NAME` inside a module
//! is the caller's argument `NAME`, `module.CALL.OUTPUT` is the output's expression inside
//! the called module; both followed recursively. Here the module instances are at hand, so
//! instance paths are exact; calls expanded with `count`/`for_each` are not entered through
//! their outputs (which instance is meant is not known from the reference), as in plans.

use super::config::{block_start, header_end};
use super::module::{Expansion, Loader, ModInst};
use super::output::expr_refs;
use crate::model::FastSet as HashSet;
use crate::model::refs::{module_output, var_name};
use crate::model::{CallerReference, Location};
use std::collections::BTreeMap;
use std::rc::Rc;

/// A configuration that loops through outputs and inputs is cut off at this depth (the
/// plan front end uses the same bound).
const MAX_DEPTH: usize = 32;

/// What the `var.` and `module.` references of a resource in the innermost instance of
/// `chain` (root first) stand for, per attribute path
/// (see [`crate::model::Resource::module_call_references`]).
pub(super) fn through_calls(
    ld: &Loader,
    chain: &[Rc<ModInst>],
    references: &BTreeMap<String, Vec<String>>,
) -> BTreeMap<String, Vec<CallerReference>> {
    let mut out = BTreeMap::new();
    for (path, refs) in references {
        let mut found = Vec::new();
        for r in refs {
            follow(ld, chain, r, &mut found, 0);
        }
        let mut seen = HashSet::default();
        found.retain(|c| seen.insert(c.clone()));
        if !found.is_empty() {
            out.insert(path.clone(), found);
        }
    }
    out
}

fn follow(
    ld: &Loader,
    chain: &[Rc<ModInst>],
    reference: &str,
    out: &mut Vec<CallerReference>,
    depth: usize,
) {
    let Some(here) = chain.last() else { return };
    if depth > MAX_DEPTH {
        return;
    }
    if let Some((call, output)) = module_output(reference) {
        let Ok(set) = ld.children(here, call) else {
            return;
        };
        let [(_, child)] = set.items.as_slice() else {
            return;
        };
        if set.expansion != Expansion::Single {
            return;
        }
        let Some(decl) = child.cfg.outputs.get(output) else {
            return;
        };
        let Some((_, attr)) = child.cfg.attr(decl, "value") else {
            return;
        };
        let mut down = chain.to_vec();
        down.push(child.clone());
        for r in expr_refs(&child.cfg, &attr.value) {
            out.push(CallerReference {
                module: child.path.as_str().into(),
                reference: r.as_str().into(),
            });
            follow(ld, &down, &r, out, depth + 1);
        }
        return;
    }
    let Some(var) = var_name(reference) else {
        return;
    };
    let [.., parent, _] = chain else { return };
    let call = call_name(here);
    let Some(block) = parent.cfg.modules.get(call) else {
        return;
    };
    let Some((_, attr)) = parent.cfg.attr(block, var) else {
        return;
    };
    let up = &chain[..chain.len() - 1];
    for r in expr_refs(&parent.cfg, &attr.value) {
        out.push(CallerReference {
            module: parent.path.as_str().into(),
            reference: r.as_str().into(),
        });
        follow(ld, up, &r, out, depth + 1);
    }
}

/// The location of each `module "NAME" {` block leading to the innermost instance of
/// `chain`, outermost first.
pub(super) fn call_locations(ld: &Loader, chain: &[Rc<ModInst>]) -> Vec<Location> {
    chain
        .windows(2)
        .filter_map(|w| {
            let (parent, child) = (&w[0], &w[1]);
            let block = parent.cfg.modules.get(call_name(child))?;
            let (sid, b) = parent.cfg.primary(block)?;
            ld.sources.span(sid, block_start(b), header_end(b))
        })
        .collect()
}

/// The call name of a module instance: the last part of its modules.json key (`a.b` -> `b`).
fn call_name(m: &ModInst) -> &str {
    m.key_path.rsplit('.').next().unwrap_or("")
}

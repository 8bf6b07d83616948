//! Which Terraform directory gives a plan its file:line locations when `--source` is not
//! given: the working directory (`terraform show -json plan.out | ecsnet` is run where the
//! plan was made), or the directory of a single plan file saved beside its configuration
//! (`ecsnet infra/plan.json`). When both hold `.tf` files, the one whose blocks the plan's
//! `configuration` declares wins; the choice is always said (stderr and `inputs[].source`).

use super::LoadOptions;
use crate::fsread::{self, Reach};
use crate::model::{InputKind, Model};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// `inputs[].source.chosen_by` values.
pub const FLAG: &str = "flag";
/// The working directory held the only (or the matching) Terraform files.
pub const WORKING_DIRECTORY: &str = "working-directory";
/// The plan file's own directory held the only (or the matching) Terraform files.
pub const PLAN_DIRECTORY: &str = "plan-directory";

/// The directory to read and why, or `None` (no candidate holds Terraform files).
pub fn pick(
    models: &[Model],
    paths: &[String],
    opts: &LoadOptions,
) -> Option<(PathBuf, &'static str)> {
    let plans: Vec<&Model> = models
        .iter()
        .filter(|m| !m.unreadable && matches!(m.input.kind, InputKind::Plan | InputKind::State))
        .collect();
    if plans.is_empty() {
        return None;
    }
    let cwd = Path::new(".");
    let here = has_tf(cwd).then(|| cwd.to_path_buf());
    let beside = match (paths, plans.as_slice()) {
        ([one], [_]) if Path::new(one).is_file() => {
            let dir = match Path::new(one).parent() {
                Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
                _ => cwd.to_path_buf(),
            };
            has_tf(&dir).then_some(dir)
        }
        _ => None,
    };
    match (here, beside) {
        (None, None) => None,
        (Some(h), None) => Some((h, WORKING_DIRECTORY)),
        (None, Some(b)) => Some((b, PLAN_DIRECTORY)),
        (Some(h), Some(b)) => {
            if same_dir(&h, &b) {
                return Some((h, WORKING_DIRECTORY));
            }
            let wanted = &plans[0].root_blocks;
            let matches = |d: &Path| !wanted.is_empty() && declares_all(d, wanted, opts);
            match (matches(&h), matches(&b)) {
                (false, true) => Some((b, PLAN_DIRECTORY)),
                _ => Some((h, WORKING_DIRECTORY)),
            }
        }
    }
}

fn same_dir(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

/// Whether `dir` holds `.tf` or `.tf.json` files.
pub fn has_tf(dir: &Path) -> bool {
    std::fs::read_dir(dir)
        .ok()
        .is_some_and(|mut it| it.any(|e| e.ok().is_some_and(|e| is_tf_name(&e.file_name()))))
}

fn is_tf_name(n: &std::ffi::OsStr) -> bool {
    n.to_str()
        .is_some_and(|n| n.ends_with(".tf") || n.ends_with(".tf.json"))
}

/// Whether the `.tf` files of `dir` declare every block of `wanted` (read confined, parsed
/// only for their top-level block labels; a file that cannot be read declares nothing).
fn declares_all(dir: &Path, wanted: &[String], opts: &LoadOptions) -> bool {
    let declared = declared_blocks(dir, opts);
    wanted.iter().all(|w| declared.contains(w))
}

fn declared_blocks(dir: &Path, opts: &LoadOptions) -> HashSet<String> {
    let root = fsread::workspace_root(dir, opts.root.as_deref());
    let mut out = HashSet::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(n) = name.to_str() else { continue };
        if !is_tf_name(&name) {
            continue;
        }
        let Ok(text) = fsread::read_text(
            &e.path(),
            Reach::Inside(&root),
            fsread::MAX_SOURCE_FILE,
            &opts.budget,
        ) else {
            continue;
        };
        if n.ends_with(".tf.json") {
            json_blocks(&text, &mut out);
        } else if let Ok(body) = super::hcl::parse_allowing_repeated_keys(&text) {
            for b in body.blocks() {
                let labels: Vec<&str> = b.labels.iter().map(|l| l.as_str()).collect();
                let name = match (b.ident.as_str(), labels.as_slice()) {
                    ("resource", [t, n, ..]) => format!("{t}.{n}"),
                    ("data", [t, n, ..]) => format!("data.{t}.{n}"),
                    ("module", [n, ..]) => format!("module.{n}"),
                    _ => continue,
                };
                out.insert(name);
            }
        }
    }
    out
}

fn json_blocks(text: &str, out: &mut HashSet<String>) {
    let Ok(serde_json::Value::Object(top)) = serde_json::from_str::<serde_json::Value>(text) else {
        return;
    };
    let types = |key: &str| {
        top.get(key)
            .and_then(|v| v.as_object())
            .into_iter()
            .flat_map(|m| m.iter())
    };
    for (t, names) in types("resource") {
        for n in names.as_object().into_iter().flat_map(|m| m.keys()) {
            out.insert(format!("{t}.{n}"));
        }
    }
    for (t, names) in types("data") {
        for n in names.as_object().into_iter().flat_map(|m| m.keys()) {
            out.insert(format!("data.{t}.{n}"));
        }
    }
    for (n, _) in types("module") {
        out.insert(format!("module.{n}"));
    }
}

//! The HCL front end: Terraform directories evaluated into the model.
//!
//! Files are parsed with hcl-edit (spans kept) and evaluated by our own lazy, memoised,
//! unknown-aware evaluator (terraform-inputs.md §5): variables, locals, resources and data
//! sources as reference targets, `count`/`for_each`, `dynamic` blocks, local and
//! `modules.json` modules, and the common functions. What cannot be known before apply stays
//! `Unknown` with a reason. `file()`, `templatefile()` and module sources are confined to the
//! workspace root.

mod budget;
mod calls;
mod config;
pub(crate) use config::parse_allowing_repeated_keys;
mod eval;
mod funcs;
mod jsonenc;
mod module;
mod output;
mod schema;
mod source;
mod textmap;
mod tfjson;
mod types;
mod value;
mod vars;

use super::LoadOptions;
use crate::model::{InputInfo, InputKind, Model, Problem};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Stack for the evaluation thread: expressions nest at most 64 deep (hcl-edit's limit) and
/// lazy evaluation at most a few hundred levels, which fits easily.
const STACK: usize = 256 << 20;

/// Loads the Terraform root module in `dir` (with its local modules) into a model.
pub fn load_root(dir: &Path, opts: &LoadOptions) -> Model {
    load_roots(&[dir.to_path_buf()], opts, &|_, _| {})
        .pop()
        .unwrap_or_else(|| Model::new(InputInfo::default()))
}

/// Loads Terraform roots on a fixed pool of worker threads (one per core, at most one per
/// root), each with the evaluator's deep stack: no thread per root or per directory. Models
/// come back in the order of `dirs`, each finished by `then` (given its directory) on the
/// worker that loaded it. A root whose evaluation panics is an input problem of that root
/// alone.
pub fn load_roots(
    dirs: &[PathBuf],
    opts: &LoadOptions,
    then: &(dyn Fn(&mut Model, &Path) + Sync),
) -> Vec<Model> {
    let workers = crate::par::threads().min(dirs.len()).max(1);
    // With several roots the pool already uses every core: a root's files are parsed on its
    // worker instead of on threads of their own.
    let parse_in_parallel = dirs.len() == 1;
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<Option<Model>>> = Mutex::new((0..dirs.len()).map(|_| None).collect());
    std::thread::scope(|s| {
        for _ in 0..workers {
            let spawned = std::thread::Builder::new()
                .name("ecsnet-hcl".into())
                .stack_size(STACK)
                .spawn_scoped(s, || {
                    config::PARSE_IN_PARALLEL.with(|p| p.set(parse_in_parallel));
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(dir) = dirs.get(i) else { break };
                        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                            let mut m = model_of(dir, Some(load(dir, opts)));
                            then(&mut m, dir);
                            m
                        }));
                        if let (Ok(m), Ok(mut d)) = (r, done.lock()) {
                            d[i] = Some(m);
                        }
                    }
                });
            // No thread could be started: the roots left are reported below.
            if spawned.is_err() {
                break;
            }
        }
    });
    let done = done.into_inner().unwrap_or_default();
    dirs.iter()
        .zip(done)
        .map(|(dir, m)| m.unwrap_or_else(|| model_of(dir, None)))
        .collect()
}

fn model_of(dir: &Path, loaded: Option<Loaded>) -> Model {
    let info = InputInfo {
        kind: InputKind::Hcl,
        path: dir.display().to_string(),
        ..InputInfo::default()
    };
    let mut m = Model::new(info);
    match loaded {
        Some((resources, problems, unreadable, not_loaded)) => {
            m.resources = resources;
            m.problems = problems;
            m.unreadable = unreadable;
            m.input.modules_not_loaded = not_loaded;
        }
        None => {
            m.problems.push(Problem::invalid_input(
                format!(
                    "`{}`: the configuration could not be evaluated",
                    dir.display()
                ),
                None,
                None,
            ));
            m.unreadable = true;
        }
    }
    m
}

/// Resources, problems, whether nothing of the directory could be read (no Terraform file
/// of the root parsed), and the module calls whose remote source is not on disk.
type Loaded = (Vec<crate::model::Resource>, Vec<Problem>, bool, Vec<String>);

fn load(dir: &Path, opts: &LoadOptions) -> Loaded {
    if !dir.is_dir() {
        return (
            Vec::new(),
            vec![Problem::invalid_input(
                format!("`{}` is not a directory", dir.display()),
                None,
                None,
            )],
            true,
            Vec::new(),
        );
    }
    let sandbox = source::Sandbox::new(dir, opts.root.as_deref(), opts.budget.clone());
    let base = sandbox.base.clone();
    let mut ld = module::Loader::new(sandbox);
    ld.workspace = workspace(&ld, opts);
    let cfg = ld.config(&base);
    let unreadable = cfg.files.is_empty();
    let inputs = vars::root_inputs(&ld, &cfg, opts);
    let root = Rc::new(module::ModInst::new(
        cfg,
        String::new(),
        String::new(),
        vec![base],
        inputs,
        ".".into(),
    ));
    let mut resources = Vec::new();
    output::emit(&ld, &root, &mut resources);
    // The same problem is often met from several references; hashing keeps 100,000
    // problems linear.
    let mut problems: Vec<Problem> = Vec::new();
    let mut seen = crate::model::FastSet::default();
    for p in ld.problems.take() {
        if seen.insert(p.clone()) {
            problems.push(p);
        }
    }
    let not_loaded = ld.not_loaded.take().into_iter().collect();
    (resources, problems, unreadable, not_loaded)
}
/// `terraform.workspace`: `--workspace` or `TF_WORKSPACE` (the caller's
/// [`LoadOptions::workspace`]), else what `terraform workspace select` wrote to
/// `.terraform/environment`, else `default` — as Terraform decides it.
fn workspace(ld: &module::Loader, opts: &LoadOptions) -> String {
    if let Some(w) = opts.workspace.as_ref().filter(|w| !w.is_empty()) {
        return w.clone();
    }
    let env = ld.sandbox.base.join(".terraform/environment");
    if std::fs::symlink_metadata(&env).is_ok() {
        match ld.sandbox.read_text(&env) {
            Ok(t) if !t.trim().is_empty() => return t.trim().to_string(),
            Ok(_) => {}
            Err(e) => ld.invalid_input(
                format!("`.terraform/environment` cannot be read: {e}; the workspace is taken as `default`"),
                None,
            ),
        }
    }
    "default".to_string()
}

#[cfg(test)]
mod tests;

//! Reading inputs: plan/state JSON and Terraform directories. No ECS knowledge.
//!
//! [`load`] turns command-line paths into one [`Model`] per input: a file (plan or state
//! JSON, recognized by content by [`plan::kind_of`]; or a `.tf`/`.tf.json` file, whose
//! directory is loaded), a directory (a Terraform root, [`hcl::load_root`]), `-` (stdin), or
//! a glob pattern (`envs/*/`, `plans/**/*.json`), each match its own input. Problems are
//! [`Problem`]s on the input's model (the rules report them as ECS901); one bad input never
//! stops the others.

pub mod hcl;
pub mod lines;
pub mod plan;
pub mod source;
pub mod source_pick;

use crate::model::FastSet as HashSet;
use crate::model::{InputInfo, InputKind, Model, Problem};
use std::io::Read;
use std::path::{Path, PathBuf};

/// How inputs are read (from the command line and `ecsnet.toml`).
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// The workspace that `file()`, `templatefile()` and module sources may not leave
    /// (`--root`); `None` = the git work tree containing the input, else the input directory.
    pub root: Option<PathBuf>,
    /// `--var name=value`, in command-line order.
    pub vars: Vec<(String, String)>,
    /// `--var-file FILE`, in command-line order.
    pub var_files: Vec<PathBuf>,
    /// `--var` and `--var-file` interleaved in command-line order, as Terraform applies
    /// them (the later one wins). When empty, every `var_files` entry is applied before every
    /// `vars` entry. See [`LoadOptions::var_sequence`].
    pub var_args: Vec<VarArg>,
    /// `TF_VAR_*` variables (name without the prefix, value); the binary fills this from the
    /// environment, tests set it directly. No other environment variable is read.
    pub env_vars: Vec<(String, String)>,
    /// The Terraform root a plan or state was made from (`--source`): its configuration is
    /// read for locations only, so findings point at `.tf` lines. `None` = no locations.
    pub source: Option<PathBuf>,
    /// Without `--source`, pick the plan's Terraform root ([`source_pick::pick`]): the
    /// working directory or a single plan file's own directory. The binary sets this.
    pub auto_source: bool,
    /// What all reads of the run may add up to ([`crate::fsread::Budget`]); clones share it.
    pub budget: crate::fsread::Budget,
    /// `terraform.workspace` (`--workspace`, else `TF_WORKSPACE`); `None`: the root's
    /// `.terraform/environment`, else `default`.
    pub workspace: Option<String>,
}

/// One `--var` or `--var-file` argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VarArg {
    /// `--var NAME=VALUE`.
    Var(String, String),
    /// `--var-file FILE`.
    File(PathBuf),
}

impl LoadOptions {
    /// The `--var`/`--var-file` arguments in the order they apply: `var_args` when given,
    /// else `var_files` then `vars`.
    pub fn var_sequence(&self) -> Vec<VarArg> {
        if !self.var_args.is_empty() {
            return self.var_args.clone();
        }
        let files = self.var_files.iter().cloned().map(VarArg::File);
        let vars = self
            .vars
            .iter()
            .map(|(k, v)| VarArg::Var(k.clone(), v.clone()));
        files.chain(vars).collect()
    }
}

/// Loads every input named by `paths`, in order, one model per input (a glob pattern
/// yields one per match). `-` reads `stdin` (once; a second `-` is reported). Never fails:
/// an unreadable, missing or unrecognized input yields a model holding an ECS901 finding.
///
/// A Terraform directory is loaded once even when named several times (directly, through
/// a glob, or through several of its `.tf` files).
pub fn load(paths: &[String], opts: &LoadOptions, stdin: &mut dyn Read) -> Vec<Model> {
    let mut loader = Loader {
        opts,
        stdin,
        stdin_read: false,
        dirs_loaded: HashSet::default(),
        models: Vec::new(),
        roots: Vec::new(),
    };
    for p in paths {
        loader.load_arg(p);
    }
    let mut models = loader.models;
    // Terraform roots are evaluated together, on one pool of workers, into their places;
    // their locations are made relative to the working directory on the same workers.
    let (at, dirs): (Vec<usize>, Vec<PathBuf>) = loader.roots.into_iter().unzip();
    let prefix = |m: &mut Model, dir: &Path| source::prefix_locations(m, dir);
    for (i, m) in at.into_iter().zip(hcl::load_roots(&dirs, opts, &prefix)) {
        models[i] = m;
    }
    let chosen = match &opts.source {
        Some(dir) => Some((dir.clone(), source_pick::FLAG)),
        None if opts.auto_source => source_pick::pick(&models, paths, opts),
        None => None,
    };
    if let Some((dir, chosen_by)) = chosen {
        source::attach_all(&mut models, &dir, opts);
        let used = crate::model::SourceUsed {
            path: dir.display().to_string(),
            chosen_by: chosen_by.to_string(),
        };
        for m in models
            .iter_mut()
            .filter(|m| !m.unreadable && matches!(m.input.kind, InputKind::Plan | InputKind::State))
        {
            m.input.source = Some(used.clone());
        }
    }
    models
}

struct Loader<'a> {
    opts: &'a LoadOptions,
    stdin: &'a mut dyn Read,
    stdin_read: bool,
    dirs_loaded: HashSet<PathBuf>,
    models: Vec<Model>,
    /// Terraform roots to evaluate: the index of their place in `models`, and the directory.
    roots: Vec<(usize, PathBuf)>,
}

impl Loader<'_> {
    fn load_arg(&mut self, arg: &str) {
        if arg == "-" {
            self.load_stdin();
        } else if is_glob(arg) && std::fs::symlink_metadata(arg).is_err() {
            // A literal file whose name contains `[` or `*` wins over the pattern.
            self.load_glob(arg);
        } else {
            self.load_path(Path::new(arg), arg);
        }
    }

    fn load_stdin(&mut self) {
        if self.stdin_read {
            self.invalid(
                InputKind::Plan,
                "-",
                "standard input (`-`) was given more than once; it is read only once".into(),
            );
            return;
        }
        self.stdin_read = true;
        match crate::fsread::read_stream(self.stdin, crate::fsread::MAX_INPUT_FILE) {
            Ok(bytes) => self.models.push(plan::load_bytes("-", &bytes)),
            Err(e) => self.invalid(
                InputKind::Plan,
                "-",
                format!("cannot read standard input: {e}"),
            ),
        }
    }

    fn load_glob(&mut self, pattern: &str) {
        let options = glob::MatchOptions {
            case_sensitive: true,
            require_literal_separator: true,
            // `.terraform/` holds downloaded modules and providers, never an input.
            require_literal_leading_dot: true,
        };
        let matches = match glob::glob_with(pattern, options) {
            Ok(m) => m,
            Err(e) => {
                let msg = format!("`{pattern}` is not a valid glob pattern: {e}");
                self.invalid(InputKind::Plan, pattern, msg);
                return;
            }
        };
        // What a pattern matches is repository content, not a path the user typed: it must
        // stay inside the workspace of the pattern's literal directory (crate::fsread).
        let root = crate::fsread::workspace_root(&literal_dir(pattern), self.opts.root.as_deref());
        let mut any = false;
        for m in matches {
            any = true;
            match m {
                Ok(path) => {
                    let shown = path.display().to_string();
                    match crate::fsread::resolve(&path, crate::fsread::Reach::Inside(&root)) {
                        Ok(_) => self.load_path(&path, &shown),
                        Err(e) => {
                            let msg =
                                format!("`{shown}` (matched by `{pattern}`) is not read: {e}");
                            self.invalid(InputKind::Plan, &shown, msg);
                        }
                    }
                }
                Err(e) => {
                    let shown = e.path().display().to_string();
                    let msg = format!(
                        "`{shown}` (matched by `{pattern}`) cannot be read: {}",
                        e.error()
                    );
                    self.invalid(InputKind::Plan, &shown, msg);
                }
            }
        }
        if !any {
            let msg = format!("the pattern `{pattern}` matches no file or directory");
            self.invalid(InputKind::Plan, pattern, msg);
        }
    }

    fn load_path(&mut self, path: &Path, shown: &str) {
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) => {
                let msg = format!("`{shown}` cannot be read: {}", io_reason(&e));
                self.invalid(InputKind::Plan, shown, msg);
                return;
            }
        };
        if meta.is_dir() {
            self.load_dir(path, shown);
            return;
        }
        // A FIFO nobody writes to is refused at once instead of blocking (crate::fsread).
        let bytes = match crate::fsread::map(path, crate::fsread::MAX_INPUT_FILE, &self.opts.budget)
        {
            Ok(b) => b,
            Err(e) => {
                let msg = format!("`{shown}` cannot be read: {e}");
                self.invalid(InputKind::Plan, shown, msg);
                return;
            }
        };
        if is_terraform_file(path) && plan::kind_of(&bytes).is_none() {
            // The HCL front end evaluates whole modules (variables, locals and resources live
            // in sibling files), so a `.tf` file stands for the directory that holds it.
            let dir = match path.parent() {
                Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
                _ => PathBuf::from("."),
            };
            let dir_shown = dir.display().to_string();
            self.load_dir(&dir, &dir_shown);
            return;
        }
        self.models.push(plan::load_bytes(shown, &bytes));
    }

    fn load_dir(&mut self, dir: &Path, shown: &str) {
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => {
                let msg = format!("`{shown}` cannot be read: {}", io_reason(&e));
                self.invalid(InputKind::Hcl, shown, msg);
                return;
            }
        };
        let (mut has_tf, mut has_json) = (false, false);
        for path in entries.filter_map(Result::ok).map(|e| e.path()) {
            if is_terraform_file(&path) && path.is_file() {
                has_tf = true;
                break;
            }
            has_json |= path.extension().is_some_and(|x| x == "json");
        }
        if !has_tf {
            let hint = if has_json {
                format!(
                    "; to read the JSON files in it, pass `{}`",
                    dir.join("*.json").display()
                )
            } else {
                String::new()
            };
            let msg = format!(
                "`{shown}` is a directory without Terraform files (*.tf, *.tf.json); \
                 pass a Terraform root directory or a plan/state JSON file{hint}"
            );
            self.invalid(InputKind::Hcl, shown, msg);
            return;
        }
        let key = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        if self.dirs_loaded.insert(key) {
            self.roots.push((self.models.len(), dir.to_path_buf()));
            self.models.push(Model::new(InputInfo::default()));
        }
    }

    fn invalid(&mut self, kind: InputKind, shown: &str, message: String) {
        let mut m = Model::new(InputInfo {
            kind,
            path: shown.to_string(),
            ..InputInfo::default()
        });
        m.problems.push(Problem::invalid_input(message, None, None));
        m.unreadable = true;
        self.models.push(m);
    }
}

/// The directory part of a glob pattern before its first wildcard (`plans/` of
/// `plans/**/*.json`; `.` when the pattern starts with one).
fn literal_dir(pattern: &str) -> PathBuf {
    let mut out = PathBuf::new();
    let parts: Vec<&str> = pattern.split('/').collect();
    for (i, part) in parts.iter().enumerate() {
        if is_glob(part) || i + 1 == parts.len() {
            break;
        }
        out.push(if part.is_empty() && i == 0 { "/" } else { part });
    }
    if out.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        out
    }
}

fn is_glob(arg: &str) -> bool {
    arg.contains(['*', '?', '['])
}

/// `.tf`/`.tf.json`, and OpenTofu's `.tofu`/`.tofu.json` (terraform-inputs.md §4.5).
fn is_terraform_file(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    [".tf", ".tf.json", ".tofu", ".tofu.json"]
        .iter()
        .any(|ext| name.ends_with(ext))
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

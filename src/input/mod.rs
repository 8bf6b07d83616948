//! Finding and reading inputs: plan/state JSON and Terraform directories. No ECS knowledge.

pub mod hcl;

use std::path::PathBuf;

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
    /// `TF_VAR_*` variables (name without the prefix, value); the binary fills this from the
    /// environment, tests set it directly. No other environment variable is read.
    pub env_vars: Vec<(String, String)>,
}

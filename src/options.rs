//! The analysis options, one set for every command that analyzes (`ecsnet`, `ecsnet comment
//! github`): one clap struct flattened into each, resolved once with the configuration file and
//! the environment into what the library takes, so a rule disabled in `ecsnet.toml` or a
//! `fail_on = "never"` holds in the terminal and in the pull request alike.

use crate::finding::Severity;
use crate::input::{LoadOptions, VarArg};
use crate::run::Invocation;
use crate::settings::discover::{ConfigLookup, Resolver};
use crate::settings::{self, Overrides, Settings};
use std::path::PathBuf;

/// `--fail-on`: a severity, or `never` (clap treats a bare `Option` as "argument optional").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FailOn(pub Option<Severity>);

fn parse_fail_on(s: &str) -> Result<FailOn, String> {
    crate::run::parse_fail_on(s).map(FailOn)
}

fn parse_var(s: &str) -> Result<(String, String), String> {
    s.split_once('=')
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .ok_or_else(|| format!("`{s}` is not NAME=VALUE"))
}

fn parse_percent(s: &str) -> Result<u64, String> {
    let n: i64 = s
        .parse()
        .map_err(|_| format!("`{s}` is not a whole number"))?;
    settings::file::parse_usable_memory_percent(n)
}

/// `--reserved-ports`; an alias so clap parses the list as one value.
type PortList = Vec<u32>;

/// What every analyzing command accepts.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct AnalysisArgs {
    /// Exit 1 when a finding at or above this severity remains: error, warning, note, never
    /// [default: error, or `fail_on` in ecsnet.toml].
    #[arg(long, value_parser = parse_fail_on)]
    pub fail_on: Option<FailOn>,

    /// Configuration file [default: ecsnet.toml in the analyzed root, when present].
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Container instances to assume for EC2 services whose Auto Scaling group is not in
    /// the inputs.
    #[arg(long, value_name = "N")]
    pub max_instances: Option<u64>,

    /// The share of an instance type's advertised memory assumed to be available to tasks
    /// (the operating system and the agent keep the rest) [default: 95].
    #[arg(long, value_name = "PERCENT", value_parser = parse_percent)]
    pub usable_memory_percent: Option<u64>,

    /// The dynamic host port range of Linux instances [default: 32768-60999].
    #[arg(long, value_name = "START-END", value_parser = settings::parse_port_range)]
    pub dynamic_port_range: Option<(u32, u32)>,

    /// Host ports the ECS agent reserves on Linux instances, comma-separated
    /// [default: 22,2375,2376,51678,51679].
    #[arg(long, value_name = "PORTS", value_parser = settings::parse_port_list)]
    pub reserved_ports: Option<PortList>,

    /// Switch a rule off (slug or code; repeatable).
    #[arg(long, value_name = "RULE")]
    pub ignore: Vec<String>,

    /// Run only these rules (slug or code; repeatable); input problems (ECS901) are always
    /// reported.
    #[arg(long, value_name = "RULE")]
    pub select: Vec<String>,

    /// What-if: override one value before the analysis, e.g.
    /// `aws_ecs_service.api.desired_count=12` or `aws_launch_template.pool.instance_type=m5.xlarge`
    /// (repeatable; VALUE is JSON, else a string).
    #[arg(long = "set", value_name = "ADDRESS.ATTRIBUTE=VALUE", value_parser = crate::model::overrides::parse)]
    pub sets: Vec<crate::model::overrides::Override>,

    /// Set a Terraform variable (`name=value`; repeatable).
    #[arg(long = "var", value_name = "NAME=VALUE", value_parser = parse_var)]
    pub vars: Vec<(String, String)>,

    /// Read Terraform variables from a file (repeatable).
    #[arg(long = "var-file", value_name = "FILE")]
    pub var_files: Vec<PathBuf>,

    /// The workspace that `file()`, `templatefile()` and module sources may not leave
    /// (default: the git work tree of the input, else the input directory).
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,

    /// The Terraform root a plan or state was made from, read for file:line locations only
    /// (default: the current directory when it holds `.tf` files).
    #[arg(long, value_name = "DIR")]
    pub source: Option<PathBuf>,

    /// The Terraform workspace for `terraform.workspace` [default: `TF_WORKSPACE`, else
    /// `.terraform/environment` of the root, else `default`].
    #[arg(long, value_name = "NAME")]
    pub workspace: Option<String>,

    /// Hide the findings a JSON report written earlier already has (`--format json`,
    /// `--output json=FILE` or `--write-baseline FILE`), matched by fingerprint, so only new
    /// problems show and fail the run.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// Plan input: findings on resources the plan does not change ("already there") are
    /// shown apart and do not fail the run.
    #[arg(long)]
    pub fail_on_changed_only: bool,

    /// `--var` and `--var-file` in command-line order (see [`AnalysisArgs::order_from`]).
    #[arg(skip)]
    pub var_order: Vec<VarArg>,
}

impl AnalysisArgs {
    /// Records the order of `--var` and `--var-file` from the matches they were parsed from:
    /// Terraform applies them in command-line order, the later one winning.
    pub fn order_from(&mut self, m: &clap::ArgMatches) {
        let mut at: Vec<(usize, VarArg)> = Vec::new();
        if let Some(ix) = m.indices_of("vars") {
            at.extend(
                ix.zip(&self.vars)
                    .map(|(i, (k, v))| (i, VarArg::Var(k.clone(), v.clone()))),
            );
        }
        if let Some(ix) = m.indices_of("var_files") {
            at.extend(
                ix.zip(&self.var_files)
                    .map(|(i, f)| (i, VarArg::File(f.clone()))),
            );
        }
        at.sort_by_key(|(i, _)| *i);
        self.var_order = at.into_iter().map(|(_, a)| a).collect();
    }

    /// The invocation for `paths`: defaults, then `ecsnet.toml` (`--config`, else
    /// `ECSNET_CONFIG`, else the nearest one of each input up to the workspace root, read
    /// confined), then the flags; `tf_vars` are the `TF_VAR_*` variables (name without the
    /// prefix), `tf_workspace` is `TF_WORKSPACE`, `config_env` is `ECSNET_CONFIG`. The error
    /// is a usage error (exit 2).
    pub fn resolve(
        &self,
        paths: &[String],
        tf_vars: Vec<(String, String)>,
        tf_workspace: Option<String>,
        config_env: Option<PathBuf>,
    ) -> Result<Invocation, String> {
        // No silent typos: a rule or a path that does not exist is a usage error.
        for (flag, names) in [("--ignore", &self.ignore), ("--select", &self.select)] {
            for n in names {
                crate::rules::check_known(n).map_err(|e| format!("{flag}: {e}"))?;
            }
        }
        for (flag, dir) in [("--root", &self.root), ("--source", &self.source)] {
            if let Some(d) = dir
                && !d.is_dir()
            {
                return Err(format!("{flag} {}: no such directory", d.display()));
            }
        }
        for (flag, file) in self
            .config
            .iter()
            .map(|f| ("--config", f))
            .chain(self.var_files.iter().map(|f| ("--var-file", f)))
            .chain(self.baseline.iter().map(|f| ("--baseline", f)))
        {
            if std::fs::metadata(file).is_err() {
                return Err(format!("{flag} {}: no such file", file.display()));
            }
        }
        let config = match (&self.config, config_env) {
            (Some(p), _) => ConfigLookup::Named {
                path: p.clone(),
                via: "--config",
            },
            (None, Some(p)) if !p.as_os_str().is_empty() => {
                if std::fs::metadata(&p).is_err() {
                    return Err(format!("ECSNET_CONFIG {}: no such file", p.display()));
                }
                ConfigLookup::Named {
                    path: p,
                    via: "ECSNET_CONFIG",
                }
            }
            _ => ConfigLookup::Discover {
                root: self.root.clone(),
            },
        };
        let flags = Overrides {
            fail_on: self.fail_on.map(|f| f.0),
            ignore: self.ignore.clone(),
            max_instances: self.max_instances,
            usable_memory_percent: self.usable_memory_percent,
            dynamic_port_range: self.dynamic_port_range,
            reserved_ports: self.reserved_ports.clone(),
            baseline: self.baseline.clone(),
            changed_only: self.fail_on_changed_only,
        };
        let mut settings = Settings::resolve(None, &flags);
        settings.selected = self.select.clone();
        // A named file with a typo is a usage error before anything is read.
        let resolver = Resolver::new(config, flags, self.select.clone(), |n| {
            crate::rules::check_known(n).map(|_| ())
        })?;
        let load = LoadOptions {
            root: self.root.clone(),
            vars: self.vars.clone(),
            var_files: self.var_files.clone(),
            var_args: self.var_order.clone(),
            env_vars: tf_vars,
            source: self.source.clone(),
            auto_source: true,
            budget: Default::default(),
            workspace: self
                .workspace
                .clone()
                .or(tf_workspace)
                .filter(|w| !w.is_empty()),
        };
        Ok(Invocation {
            paths: paths.to_vec(),
            load,
            settings,
            config: Some(resolver),
            sets: self.sets.clone(),
        })
    }
}

/// `TF_VAR_*` of a list of environment variables, without the prefix.
pub fn tf_vars(env: impl IntoIterator<Item = (String, String)>) -> Vec<(String, String)> {
    env.into_iter()
        .filter_map(|(k, v)| k.strip_prefix("TF_VAR_").map(|n| (n.to_string(), v)))
        .collect()
}

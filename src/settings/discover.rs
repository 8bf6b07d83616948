//! Which `ecsnet.toml` applies to an input, as ruff and tflint find theirs: `--config`, else
//! `ECSNET_CONFIG`, else the nearest `ecsnet.toml` from the input's directory upward to the
//! workspace root (so a repository-root file applies to `ecsnet infra/`). The walk never
//! leaves the workspace root: a pull request cannot make ecsnet read a file above it.

use super::file::{CONFIG_FILE_NAME, ConfigFile, KnownRule};
use super::{Overrides, Settings};
use crate::finding::Severity;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Where the configuration of a run comes from.
#[derive(Debug, Clone, Default)]
pub enum ConfigLookup {
    /// No file: defaults and flags only (library callers and tests).
    #[default]
    None,
    /// One file for every input: `--config FILE` or `ECSNET_CONFIG` (the user named it, so it
    /// may lie anywhere).
    Named {
        /// The file.
        path: PathBuf,
        /// `--config` or `ECSNET_CONFIG`, for messages.
        via: &'static str,
    },
    /// The nearest `ecsnet.toml` of each input, up to the workspace root.
    Discover {
        /// `--root`, which bounds the walk like every read of repository content.
        root: Option<PathBuf>,
    },
}

/// A configuration file in effect, with the settings it yields under the flags.
#[derive(Debug, Clone)]
pub struct Applied {
    /// The file (`None`: no file applies; defaults and flags).
    pub path: Option<PathBuf>,
    /// How it was found: `--config`, `ECSNET_CONFIG`, `found`, or `none`.
    pub via: &'static str,
    /// The parsed file.
    pub file: Option<ConfigFile>,
    /// Defaults, then the file, then the flags.
    pub settings: Settings,
}

/// Resolves configuration files for directories, each file read and parsed once.
#[derive(Debug, Clone)]
pub struct Resolver {
    source: ConfigLookup,
    flags: Overrides,
    selected: Vec<String>,
    known: KnownRule,
    applied: Vec<Applied>,
    by_path: HashMap<PathBuf, usize>,
    by_dir: HashMap<PathBuf, usize>,
}

impl Resolver {
    /// A resolver; the error (exit 2) is a named file that cannot be read or parsed.
    pub fn new(
        source: ConfigLookup,
        flags: Overrides,
        selected: Vec<String>,
        known: KnownRule,
    ) -> Result<Resolver, String> {
        let mut r = Resolver {
            source,
            flags,
            selected,
            known,
            applied: Vec::new(),
            by_path: HashMap::new(),
            by_dir: HashMap::new(),
        };
        if let ConfigLookup::Named { path, via } = r.source.clone() {
            let file = ConfigFile::load(&path, None, r.known).map_err(|e| format!("{via}: {e}"))?;
            r.push(Some(path), via, Some(file));
        }
        Ok(r)
    }

    fn push(
        &mut self,
        path: Option<PathBuf>,
        via: &'static str,
        file: Option<ConfigFile>,
    ) -> usize {
        let mut settings = Settings::resolve(file.as_ref(), &self.flags);
        settings.selected = self.selected.clone();
        self.applied.push(Applied {
            path,
            via,
            file,
            settings,
        });
        self.applied.len() - 1
    }

    /// The configuration of an input whose Terraform (or plan file) lives in `dir`: an index
    /// into [`Resolver::applied`]. The error (exit 2) is a found file with a typo or a read
    /// refused by the confinement.
    pub fn for_dir(&mut self, dir: &Path) -> Result<usize, String> {
        let root = match &self.source {
            ConfigLookup::Named { .. } => return Ok(0),
            ConfigLookup::None => return Ok(self.none()),
            ConfigLookup::Discover { root } => root.clone(),
        };
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        if let Some(&i) = self.by_dir.get(dir) {
            return Ok(i);
        }
        let i = match nearest(dir, root.as_deref()) {
            None => self.none(),
            Some((path, workspace)) => match self.by_path.get(&path) {
                Some(&i) => i,
                None => {
                    let file = ConfigFile::load(&path, Some(&workspace), self.known)?;
                    let i = self.push(Some(path.clone()), "found", Some(file));
                    self.by_path.insert(path, i);
                    i
                }
            },
        };
        self.by_dir.insert(dir.to_path_buf(), i);
        Ok(i)
    }

    fn none(&mut self) -> usize {
        if let Some(i) = self.applied.iter().position(|a| a.path.is_none()) {
            return i;
        }
        self.push(None, "none", None)
    }

    /// Every configuration in effect so far, in the order first met.
    pub fn applied(&self) -> &[Applied] {
        &self.applied
    }

    /// The settings of the run as a whole: those of the first input, with `fail_on` the
    /// strictest of every configuration in effect, so that no root of a monorepo slips past
    /// the gate because another root's file is laxer. `--fail-on` decides alone when given.
    pub fn run_settings(&self) -> Settings {
        let mut s = self.gate();
        s.baseline = self.flags.baseline.clone();
        s.changed_only = self.flags.changed_only;
        s
    }

    fn gate(&self) -> Settings {
        let mut s = match self.applied.first() {
            Some(a) => a.settings.clone(),
            None => {
                let mut s = Settings::resolve(None, &self.flags);
                s.selected = self.selected.clone();
                s
            }
        };
        if self.flags.fail_on.is_none() {
            s.fail_on = strictest(self.applied.iter().map(|a| a.settings.fail_on));
        }
        s
    }
}

impl Resolver {
    /// Each setting of configuration `i` as `(key, value, where it came from)`: `default`,
    /// the file, or the flag that set it. For `ecsnet config`.
    pub fn explain(&self, i: usize) -> Vec<(&'static str, String, String)> {
        let a = &self.applied[i];
        let s = &a.settings;
        let in_file: Vec<&str> = a
            .file
            .as_ref()
            .map(ConfigFile::keys_set)
            .unwrap_or_default();
        let file = a.path.as_ref().map(|p| p.display().to_string());
        let origin = |key: &str, flag: Option<&str>| -> String {
            match (flag, &file) {
                (Some(f), _) => f.to_string(),
                (None, Some(p)) if in_file.contains(&key) => p.clone(),
                _ => "default".to_string(),
            }
        };
        let f = &self.flags;
        let fail_on = s.fail_on.map_or("never", Severity::as_str).to_string();
        let ports = |p: &[u32]| {
            let v: Vec<String> = p.iter().map(u32::to_string).collect();
            format!("[{}]", v.join(", "))
        };
        let names = |v: &[String]| {
            let v: Vec<String> = v.iter().map(|n| format!("{n:?}")).collect();
            format!("[{}]", v.join(", "))
        };
        let disabled_origin = match (in_file.contains(&"rules.disable"), f.ignore.is_empty()) {
            (true, false) => format!("{} + --ignore", file.clone().unwrap_or_default()),
            (false, false) => "--ignore".to_string(),
            _ => origin("rules.disable", None),
        };
        let severities: Vec<String> = s
            .severities
            .iter()
            .map(|(r, v)| format!("{r} = {:?}", v.as_str()))
            .collect();
        vec![
            (
                "fail_on",
                format!("{fail_on:?}"),
                origin("fail_on", f.fail_on.map(|_| "--fail-on")),
            ),
            ("rules.disable", names(&s.disabled), disabled_origin),
            (
                "rules.select",
                names(&s.selected),
                if s.selected.is_empty() {
                    "default".into()
                } else {
                    "--select".into()
                },
            ),
            (
                "rules.severity",
                format!("{{{}}}", severities.join(", ")),
                origin("rules.severity", None),
            ),
            (
                "dynamic_port_range",
                format!(
                    "\"{}-{}\"",
                    s.dynamic_port_range_linux.0, s.dynamic_port_range_linux.1
                ),
                origin(
                    "dynamic_port_range",
                    f.dynamic_port_range.map(|_| "--dynamic-port-range"),
                ),
            ),
            (
                "windows_dynamic_port_range",
                format!(
                    "\"{}-{}\"",
                    s.dynamic_port_range_windows.0, s.dynamic_port_range_windows.1
                ),
                origin("windows_dynamic_port_range", None),
            ),
            (
                "reserved_ports",
                ports(&s.reserved_ports),
                origin(
                    "reserved_ports",
                    f.reserved_ports.as_ref().map(|_| "--reserved-ports"),
                ),
            ),
            (
                "windows_reserved_ports",
                ports(&s.reserved_ports_windows),
                origin("windows_reserved_ports", None),
            ),
            (
                "max_instances",
                s.max_instances
                    .map_or_else(|| "unset".to_string(), |n| n.to_string()),
                origin("max_instances", f.max_instances.map(|_| "--max-instances")),
            ),
            (
                "usable_memory_percent",
                s.usable_memory_percent.to_string(),
                origin(
                    "usable_memory_percent",
                    f.usable_memory_percent.map(|_| "--usable-memory-percent"),
                ),
            ),
        ]
    }
}

/// The lowest threshold (the one that fails on the most); `never` only when all say never.
fn strictest(it: impl Iterator<Item = Option<Severity>>) -> Option<Severity> {
    it.fold(None, |acc: Option<Option<Severity>>, f| match (acc, f) {
        (None, f) => Some(f),
        (Some(None), f) | (Some(f), None) => Some(f),
        (Some(Some(a)), Some(b)) => Some(Some(a.min(b))),
    })
    .unwrap_or(Some(Severity::Error))
}

/// The nearest `ecsnet.toml` from `dir` upward, and the workspace root the walk stopped at.
pub fn nearest(dir: &Path, root: Option<&Path>) -> Option<(PathBuf, PathBuf)> {
    let workspace = crate::fsread::workspace_root(dir, root);
    let start = crate::fsread::canonicalize_dir(dir).ok()?;
    for d in start.ancestors() {
        if !d.starts_with(&workspace) {
            break;
        }
        let f = d.join(CONFIG_FILE_NAME);
        if f.is_file() {
            return Some((shown(&f), workspace));
        }
        if d == workspace {
            break;
        }
    }
    None
}

/// The found file as the user would write it: relative to the working directory
/// (`../ecsnet.toml` from `infra/`), else as found.
fn shown(found: &Path) -> PathBuf {
    let Some(cwd) = std::env::current_dir()
        .ok()
        .and_then(|c| c.canonicalize().ok())
    else {
        return found.to_path_buf();
    };
    let common = cwd
        .ancestors()
        .find(|a| found.starts_with(a))
        .unwrap_or(Path::new("/"));
    let ups = cwd
        .strip_prefix(common)
        .map_or(0, |r| r.components().count());
    if ups > 3 {
        return found.to_path_buf();
    }
    let mut p = PathBuf::new();
    for _ in 0..ups {
        p.push("..");
    }
    p.push(found.strip_prefix(common).unwrap_or(found));
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strictest_threshold_wins() {
        use Severity::*;
        assert_eq!(
            strictest([Some(Error), Some(Warning)].into_iter()),
            Some(Warning)
        );
        assert_eq!(strictest([None, Some(Error)].into_iter()), Some(Error));
        assert_eq!(strictest([None, None].into_iter()), None);
        assert_eq!(strictest(std::iter::empty()), Some(Error));
    }
}

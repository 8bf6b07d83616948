//! Settings that change analysis: defaults documented in ecs-networking.md, overridable by
//! `ecsnet.toml` ([`file`]) and, above that, by command-line flags ([`Overrides`]).

pub mod discover;
pub mod file;

use crate::finding::Severity;
use std::collections::BTreeMap;

pub use file::{CONFIG_FILE_NAME, ConfigFile, KnownRule, parse_port_list, parse_port_range};

/// Analysis and reporting settings.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Exit 1 when a finding at or above this severity remains (`None` = never).
    pub fail_on: Option<Severity>,
    /// Rules (slug or code) that are switched off.
    pub disabled: Vec<String>,
    /// When not empty, the only rules that run (`--select`); input problems always do.
    pub selected: Vec<String>,
    /// Severity per rule (slug or code).
    pub severities: BTreeMap<String, Severity>,
    /// The dynamic host port range on Linux instances (§3.3: kernel default 32768–60999).
    pub dynamic_port_range_linux: (u32, u32),
    /// The dynamic host port range on Windows instances (§3.3: 49152–65535).
    pub dynamic_port_range_windows: (u32, u32),
    /// Host ports the ECS agent reserves on Linux instances (§3.4).
    pub reserved_ports: Vec<u32>,
    /// Host ports the ECS agent reserves on Windows instances (§3.4).
    pub reserved_ports_windows: Vec<u32>,
    /// Instance count to assume for EC2 services with no resolvable Auto Scaling group.
    pub max_instances: Option<u64>,
    /// The share (percent) of an instance type's advertised memory assumed to be registered
    /// for tasks (ecs-capacity.md §1: the one published figure is 97.5 %, AWS Batch advises a
    /// 5 % buffer).
    pub usable_memory_percent: u64,
    /// `--baseline`: a JSON report whose findings are hidden as already known.
    pub baseline: Option<std::path::PathBuf>,
    /// `--fail-on-changed-only`: findings on resources a plan does not change never fail.
    pub changed_only: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            fail_on: Some(Severity::Error),
            disabled: Vec::new(),
            selected: Vec::new(),
            severities: BTreeMap::new(),
            dynamic_port_range_linux: (32768, 60999),
            dynamic_port_range_windows: (49152, 65535),
            reserved_ports: vec![22, 2375, 2376, 51678, 51679],
            reserved_ports_windows: vec![
                53, 135, 139, 445, 2375, 2376, 3389, 5985, 5986, 51678, 51679,
            ],
            max_instances: None,
            usable_memory_percent: 95,
            baseline: None,
            changed_only: false,
        }
    }
}

/// Settings given as command-line flags; each one set overrides the configuration file.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// `--fail-on` (`Some(None)` = `never`).
    pub fail_on: Option<Option<Severity>>,
    /// `--ignore` (added to the file's `[rules] disable`).
    pub ignore: Vec<String>,
    /// `--max-instances`.
    pub max_instances: Option<u64>,
    /// `--usable-memory-percent`.
    pub usable_memory_percent: Option<u64>,
    /// `--dynamic-port-range` (Linux).
    pub dynamic_port_range: Option<(u32, u32)>,
    /// `--reserved-ports` (Linux).
    pub reserved_ports: Option<Vec<u32>>,
    /// `--baseline`.
    pub baseline: Option<std::path::PathBuf>,
    /// `--fail-on-changed-only`.
    pub changed_only: bool,
}

impl Settings {
    /// Defaults, then the configuration file, then the flags.
    pub fn resolve(file: Option<&ConfigFile>, flags: &Overrides) -> Settings {
        let mut s = Settings::default();
        if let Some(f) = file {
            f.apply(&mut s);
        }
        if let Some(f) = flags.fail_on {
            s.fail_on = f;
        }
        s.disabled.extend(flags.ignore.iter().cloned());
        if let Some(n) = flags.max_instances {
            s.max_instances = Some(n);
        }
        if let Some(p) = flags.usable_memory_percent {
            s.usable_memory_percent = p;
        }
        if let Some(r) = flags.dynamic_port_range {
            s.dynamic_port_range_linux = r;
        }
        if let Some(p) = &flags.reserved_ports {
            s.reserved_ports = p.clone();
        }
        s.baseline = flags.baseline.clone();
        s.changed_only = flags.changed_only;
        s
    }

    /// Whether a rule is enabled: selected (`--select`, none = all) and not disabled.
    pub fn enabled(&self, code: &str, slug: &str) -> bool {
        let names = |d: &String| d.eq_ignore_ascii_case(code) || d == slug;
        let selected = self.selected.is_empty() || self.selected.iter().any(names);
        selected && !self.disabled(code, slug)
    }

    /// Whether `--ignore` or `[rules] disable` switches a rule off.
    pub fn disabled(&self, code: &str, slug: &str) -> bool {
        self.disabled
            .iter()
            .any(|d| d.eq_ignore_ascii_case(code) || d == slug)
    }

    /// The severity of a rule after configuration.
    pub fn severity(&self, code: &str, slug: &str, default: Severity) -> Severity {
        self.severities
            .get(slug)
            .or_else(|| self.severities.get(code))
            .copied()
            .unwrap_or(default)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_override_the_file() {
        let f = ConfigFile::parse(
            "fail_on = \"warning\"\nmax_instances = 3\nreserved_ports = [22]\n[rules]\ndisable = [\"ECS201\"]\n",
            |n| crate::rules::check_known(n).map(|_| ()),
        )
        .unwrap();
        let s = Settings::resolve(Some(&f), &Overrides::default());
        assert_eq!(s.fail_on, Some(Severity::Warning));
        assert_eq!(s.max_instances, Some(3));
        assert_eq!(s.reserved_ports, vec![22]);
        let flags = Overrides {
            fail_on: Some(None),
            ignore: vec!["host-network-mode".into()],
            max_instances: Some(7),
            dynamic_port_range: Some((49152, 65535)),
            reserved_ports: Some(vec![22, 80]),
            ..Overrides::default()
        };
        let s = Settings::resolve(Some(&f), &flags);
        assert_eq!(s.fail_on, None);
        assert_eq!(s.max_instances, Some(7));
        assert_eq!(s.dynamic_port_range_linux, (49152, 65535));
        assert_eq!(s.reserved_ports, vec![22, 80]);
        assert!(!s.enabled("ECS201", "awsvpc-host-port-mismatch"));
        assert!(!s.enabled("ECS106", "host-network-mode"));
        assert!(s.enabled("ECS101", "fargate-requires-awsvpc"));
    }

    #[test]
    fn defaults_without_a_file() {
        let s = Settings::resolve(None, &Overrides::default());
        assert_eq!(s.fail_on, Some(Severity::Error));
        assert_eq!(s.dynamic_port_range_linux, (32768, 60999));
        assert_eq!(s.reserved_ports, vec![22, 2375, 2376, 51678, 51679]);
        assert_eq!(s.max_instances, None);
    }
}

//! Settings that change analysis: defaults documented in ecs-networking.md, overridable by
//! flags and `ecsnet.toml`.

use crate::finding::Severity;
use std::collections::BTreeMap;

/// Analysis and reporting settings.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Exit 1 when a finding at or above this severity remains (`None` = never).
    pub fail_on: Option<Severity>,
    /// Rules (slug or code) that are switched off.
    pub disabled: Vec<String>,
    /// Severity per rule (slug or code).
    pub severities: BTreeMap<String, Severity>,
    /// The dynamic host port range on Linux instances (§3.3: kernel default 32768–60999).
    pub dynamic_port_range_linux: (u32, u32),
    /// The dynamic host port range on Windows instances (§3.3: 49152–65535).
    pub dynamic_port_range_windows: (u32, u32),
    /// Host ports the ECS agent reserves on Linux instances (§3.4).
    pub reserved_ports: Vec<u32>,
    /// Instance count to assume for EC2 services with no resolvable Auto Scaling group.
    pub max_instances: Option<u64>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            fail_on: Some(Severity::Error),
            disabled: Vec::new(),
            severities: BTreeMap::new(),
            dynamic_port_range_linux: (32768, 60999),
            dynamic_port_range_windows: (49152, 65535),
            reserved_ports: vec![22, 2375, 2376, 51678, 51679],
            max_instances: None,
        }
    }
}

impl Settings {
    /// Whether a rule is enabled.
    pub fn enabled(&self, code: &str, slug: &str) -> bool {
        !self.disabled.iter().any(|d| d == code || d == slug)
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

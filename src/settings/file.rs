//! `ecsnet.toml`: found in the analyzed root (the directory of the first input, else the
//! working directory) or named with `--config`. Unknown keys, unknown rules and malformed
//! values are errors, so a typo never silently changes the analysis.

use super::Settings;
use crate::finding::Severity;
use crate::fsread::{self, Budget, Reach};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// Checks that a rule name (code or slug) exists; the error says what was meant. The rules
/// layer provides it (`rules::check_known`): settings sit below the rules and do not know them.
pub type KnownRule = fn(&str) -> Result<(), String>;

/// The configuration file's name.
pub const CONFIG_FILE_NAME: &str = "ecsnet.toml";

/// A parsed and validated configuration file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ConfigFile {
    fail_on: Option<Option<Severity>>,
    disable: Vec<String>,
    severity: BTreeMap<String, Severity>,
    dynamic_port_range: Option<(u32, u32)>,
    windows_dynamic_port_range: Option<(u32, u32)>,
    reserved_ports: Option<Vec<u32>>,
    windows_reserved_ports: Option<Vec<u32>>,
    max_instances: Option<u64>,
    usable_memory_percent: Option<u64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    fail_on: Option<String>,
    #[serde(default)]
    rules: RawRules,
    dynamic_port_range: Option<String>,
    windows_dynamic_port_range: Option<String>,
    reserved_ports: Option<Vec<i64>>,
    windows_reserved_ports: Option<Vec<i64>>,
    max_instances: Option<i64>,
    usable_memory_percent: Option<i64>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawRules {
    #[serde(default)]
    disable: Vec<String>,
    #[serde(default)]
    severity: BTreeMap<String, String>,
}

impl ConfigFile {
    /// Reads and parses a configuration file; the error names the file. `root`: the file was
    /// found in the repository, so it must stay inside this workspace root like every other
    /// read of repository content; `None`: the user named it (`--config`).
    pub fn load(path: &Path, root: Option<&Path>, known: KnownRule) -> Result<ConfigFile, String> {
        let reach = root.map_or(Reach::Named, Reach::Inside);
        let text = fsread::read_text(path, reach, fsread::MAX_SOURCE_FILE, &Budget::default())
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        ConfigFile::parse(&text, known).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Parses the text of a configuration file; `known` checks each rule name it gives. A
    /// syntax error gives its line, column and reason, never the offending line itself (the
    /// file may be linked to a secret).
    pub fn parse(text: &str, known: KnownRule) -> Result<ConfigFile, String> {
        let raw: Raw = toml::from_str(text).map_err(|e| toml_error(text, &e))?;
        let fail_on = match raw.fail_on.as_deref() {
            None => None,
            Some("never") => Some(None),
            Some(s) => Some(Some(Severity::parse(s).ok_or_else(|| {
                format!("`fail_on = {s:?}` is not one of error, warning, note, never")
            })?)),
        };
        for r in &raw.rules.disable {
            known(r).map_err(|e| format!("[rules] disable: {e}"))?;
        }
        let mut severity = BTreeMap::new();
        for (r, s) in &raw.rules.severity {
            known(r).map_err(|e| format!("[rules.severity]: {e}"))?;
            let sev = Severity::parse(s).ok_or_else(|| {
                format!("[rules.severity] `{r} = {s:?}` is not one of error, warning, note")
            })?;
            severity.insert(r.clone(), sev);
        }
        Ok(ConfigFile {
            fail_on,
            disable: raw.rules.disable,
            severity,
            dynamic_port_range: range(raw.dynamic_port_range, "dynamic_port_range")?,
            windows_dynamic_port_range: range(
                raw.windows_dynamic_port_range,
                "windows_dynamic_port_range",
            )?,
            reserved_ports: ports(raw.reserved_ports, "reserved_ports")?,
            windows_reserved_ports: ports(raw.windows_reserved_ports, "windows_reserved_ports")?,
            max_instances: match raw.max_instances {
                None => None,
                Some(n) => Some(u64::try_from(n).map_err(|_| {
                    format!("`max_instances = {n}` must be a whole number of instances")
                })?),
            },
            usable_memory_percent: match raw.usable_memory_percent {
                None => None,
                Some(n) => Some(
                    parse_usable_memory_percent(n)
                        .map_err(|e| format!("`usable_memory_percent = {n}` {e}"))?,
                ),
            },
        })
    }

    /// The keys this file sets, as written in it (`rules.disable` for `[rules] disable`).
    pub fn keys_set(&self) -> Vec<&'static str> {
        let mut k = Vec::new();
        let mut set = |on: bool, key| {
            if on {
                k.push(key);
            }
        };
        set(self.fail_on.is_some(), "fail_on");
        set(!self.disable.is_empty(), "rules.disable");
        set(!self.severity.is_empty(), "rules.severity");
        set(self.dynamic_port_range.is_some(), "dynamic_port_range");
        set(
            self.windows_dynamic_port_range.is_some(),
            "windows_dynamic_port_range",
        );
        set(self.reserved_ports.is_some(), "reserved_ports");
        set(
            self.windows_reserved_ports.is_some(),
            "windows_reserved_ports",
        );
        set(self.max_instances.is_some(), "max_instances");
        set(
            self.usable_memory_percent.is_some(),
            "usable_memory_percent",
        );
        k
    }

    /// Applies the file over `s`.
    pub fn apply(&self, s: &mut Settings) {
        if let Some(f) = self.fail_on {
            s.fail_on = f;
        }
        s.disabled.extend(self.disable.iter().cloned());
        s.severities.extend(self.severity.clone());
        if let Some(r) = self.dynamic_port_range {
            s.dynamic_port_range_linux = r;
        }
        if let Some(r) = self.windows_dynamic_port_range {
            s.dynamic_port_range_windows = r;
        }
        if let Some(p) = &self.reserved_ports {
            s.reserved_ports = p.clone();
        }
        if let Some(p) = &self.windows_reserved_ports {
            s.reserved_ports_windows = p.clone();
        }
        if let Some(n) = self.max_instances {
            s.max_instances = Some(n);
        }
        if let Some(p) = self.usable_memory_percent {
            s.usable_memory_percent = p;
        }
    }
}

/// A share of the advertised memory: 1 to 100 percent.
pub fn parse_usable_memory_percent(n: i64) -> Result<u64, String> {
    u64::try_from(n)
        .ok()
        .filter(|p| (1..=100).contains(p))
        .ok_or_else(|| "must be a percentage from 1 to 100".to_string())
}

fn toml_error(text: &str, e: &toml::de::Error) -> String {
    let message = e.message().lines().next().unwrap_or("").trim_end();
    match e.span() {
        Some(span) => {
            let before = text.get(..span.start).unwrap_or("");
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            format!("line {line}, column {column}: {message}")
        }
        None => message.to_string(),
    }
}

fn range(v: Option<String>, key: &str) -> Result<Option<(u32, u32)>, String> {
    v.map(|s| parse_port_range(&s).map_err(|e| format!("`{key}`: {e}")))
        .transpose()
}

fn ports(v: Option<Vec<i64>>, key: &str) -> Result<Option<Vec<u32>>, String> {
    v.map(|l| {
        l.into_iter()
            .map(|p| port(p).map_err(|e| format!("`{key}`: {e}")))
            .collect()
    })
    .transpose()
}

fn port(p: i64) -> Result<u32, String> {
    u32::try_from(p)
        .ok()
        .filter(|p| (1..=65535).contains(p))
        .ok_or_else(|| format!("{p} is not a port (1 to 65535)"))
}

/// Parses `START-END` (inclusive, 1 ≤ START ≤ END ≤ 65535), as `ECS_DYNAMIC_HOST_PORT_RANGE`.
pub fn parse_port_range(s: &str) -> Result<(u32, u32), String> {
    let bad = || format!("`{s}` is not a port range START-END (1 to 65535)");
    let (a, b) = s.split_once('-').ok_or_else(bad)?;
    let a: i64 = a.trim().parse().map_err(|_| bad())?;
    let b: i64 = b.trim().parse().map_err(|_| bad())?;
    let (a, b) = (port(a).map_err(|_| bad())?, port(b).map_err(|_| bad())?);
    if a > b {
        return Err(bad());
    }
    Ok((a, b))
}

/// Parses a comma-separated port list (`22,2375,2376`).
pub fn parse_port_list(s: &str) -> Result<Vec<u32>, String> {
    s.split(',')
        .filter(|p| !p.trim().is_empty())
        .map(|p| {
            p.trim()
                .parse::<i64>()
                .map_err(|_| format!("`{p}` is not a port"))
                .and_then(port)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(name: &str) -> Result<(), String> {
        crate::rules::check_known(name).map(|_| ())
    }

    #[test]
    fn parses_every_key() {
        let f = ConfigFile::parse(
            r#"
fail_on = "never"
dynamic_port_range = "32768-61000"
windows_dynamic_port_range = "49152-65535"
reserved_ports = [22, 2375, 2376, 51678, 51679, 51680]
windows_reserved_ports = [53, 3389]
max_instances = 4

[rules]
disable = ["ECS201", "fargate-requires-awsvpc"]

[rules.severity]
awsvpc-host-port-mismatch = "warning"
ECS401 = "note"
"#,
            known,
        )
        .unwrap();
        let mut s = Settings::default();
        f.apply(&mut s);
        assert_eq!(s.fail_on, None);
        assert_eq!(s.dynamic_port_range_linux, (32768, 61000));
        assert_eq!(s.reserved_ports.len(), 6);
        assert_eq!(s.reserved_ports_windows, vec![53, 3389]);
        assert_eq!(s.max_instances, Some(4));
        assert_eq!(
            s.severity("ECS201", "awsvpc-host-port-mismatch", Severity::Error),
            Severity::Warning
        );
        assert_eq!(
            s.severity("ECS401", "missing-network-configuration", Severity::Error),
            Severity::Note
        );
        assert!(!s.enabled("ECS201", "awsvpc-host-port-mismatch"));
    }

    #[test]
    fn rejects_mistakes_clearly() {
        for (text, needle) in [
            ("fail_on = \"fatal\"", "not one of"),
            ("max_instance = 3", "unknown field"),
            (
                "[rules]\ndisable = [\"no-such-rule\"]",
                "no rule `no-such-rule`",
            ),
            ("[rules.severity]\nECS101 = \"loud\"", "not one of"),
            ("dynamic_port_range = \"60999-32768\"", "not a port range"),
            ("reserved_ports = [0]", "not a port"),
            ("max_instances = -1", "whole number"),
            ("fail_on = ", "string"),
        ] {
            let e = ConfigFile::parse(text, known).unwrap_err();
            assert!(e.contains(needle), "{text}: {e}");
        }
    }

    #[test]
    fn port_flags() {
        assert_eq!(parse_port_range("1024-2048"), Ok((1024, 2048)));
        assert!(parse_port_range("1024").is_err());
        assert_eq!(parse_port_list("22, 80,443"), Ok(vec![22, 80, 443]));
        assert!(parse_port_list("22,http").is_err());
    }
}

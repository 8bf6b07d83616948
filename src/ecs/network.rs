//! The OS family and effective network mode (ecs-networking.md §1.2, §1.3).

use super::facts::{LaunchType, NetworkMode, Origin, Os, Raw, TaskDefFacts};
use crate::model::{Resource, Value};

/// `runtime_platform.operating_system_family`; Linux when omitted unless a placement
/// constraint pins Windows (§1.2). `None` when unknown.
pub fn os_of(td: &Resource) -> Option<Os> {
    match td.get("runtime_platform.0.operating_system_family") {
        Some(Value::String(s)) if s.starts_with("WINDOWS") => return Some(Os::Windows),
        Some(Value::String(_)) => return Some(Os::Linux),
        Some(Value::Unknown(_))
            if td
                .references
                .contains_key("runtime_platform.0.operating_system_family") =>
        {
            return None;
        }
        _ => {}
    }
    let pins_windows = td
        .get("placement_constraints")
        .and_then(Value::as_list)
        .is_some_and(|l| {
            l.iter().any(|c| {
                c.get("expression")
                    .and_then(Value::as_str)
                    .is_some_and(|e| e.contains("os-type") && e.contains("windows"))
            })
        });
    Some(if pins_windows { Os::Windows } else { Os::Linux })
}

/// `network_mode` as written. An unknown value without a configuration reference is the
/// provider's Optional+Computed placeholder for an omitted attribute (§1.3).
pub fn raw_mode(td: &Resource) -> Raw {
    match td.get("network_mode") {
        None | Some(Value::Null) => Raw::Absent,
        Some(Value::String(s)) if s.is_empty() => Raw::Absent,
        Some(Value::String(s)) => Raw::Known(s.clone()),
        Some(Value::Unknown(u)) if td.references.contains_key("network_mode") => {
            Raw::Unknown(u.reason.clone())
        }
        Some(Value::Unknown(_)) => Raw::Absent,
        Some(_) => Raw::Unknown("`network_mode` is not a string".into()),
    }
}

/// The effective network mode of a task definition on a platform, with how it was decided
/// and, when unknown, why.
pub fn effective(
    td: &TaskDefFacts,
    platform: Option<LaunchType>,
) -> (Option<NetworkMode>, Origin, Option<String>) {
    match &td.network_mode {
        Raw::Known(s) => match NetworkMode::parse(s) {
            Some(m) => (Some(m), Origin::Explicit, None),
            None => (
                None,
                Origin::Unknown,
                Some(format!("`network_mode` {s:?} is not a network mode")),
            ),
        },
        Raw::Unknown(why) => (
            None,
            Origin::Unknown,
            Some(format!("`network_mode` is unknown ({why})")),
        ),
        Raw::Absent => match (platform, td.os) {
            // Managed Instances have no default: the mode must be set (§1.3, [MI]).
            (Some(LaunchType::ManagedInstances), _) => (
                None,
                Origin::Unknown,
                Some("`network_mode` is omitted and ECS Managed Instances have no default".into()),
            ),
            (_, Some(Os::Windows)) => (Some(NetworkMode::Nat), Origin::Default, None),
            (_, Some(Os::Linux)) => (Some(NetworkMode::Bridge), Origin::Default, None),
            (_, None) => (
                None,
                Origin::Unknown,
                Some("`network_mode` is omitted and the OS family is unknown".into()),
            ),
        },
    }
}

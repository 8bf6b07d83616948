//! What a plan changes in a service's networking, from the `before` and `after` of the
//! service and of its task definition: the comparison is made once, here, and the report
//! copies it (`services[].change`).

use super::facts::{NetworkMode, Os, PortFact, PortKind, ServiceFacts};
use super::link::Index;
use super::ports;
use crate::model::Value;
use crate::model::containers;

/// `services[].change` (plan input only).
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceChange {
    /// Terraform's actions.
    pub actions: Vec<String>,
    /// Network mode before the change (`None` on create or unknown).
    pub network_mode_before: Option<String>,
    /// Human-readable differences (`network mode bridge → awsvpc`, `host port 80 → dynamic`).
    pub differences: Vec<String>,
}

/// What a plan changes in a service's networking, from `before`/`after`.
pub fn of(ix: &Index<'_>, svc: &ServiceFacts) -> Option<ServiceChange> {
    let r = ix.res(svc.res);
    let ch = r.change.as_ref()?;
    let mut differences = Vec::new();
    let replaced =
        ch.actions.iter().any(|x| x == "delete") && ch.actions.iter().any(|x| x == "create");
    if replaced {
        differences.push("service is replaced".to_string());
    }
    let td = svc.task_definition.one().map(|t| ix.res(t));
    let before_td = td
        .and_then(|t| t.change.as_ref())
        .filter(|c| c.before.is_some());
    let mode_before = before_td.map(|b| match b.before_attr("network_mode") {
        Some(Value::String(s)) if !s.is_empty() => NetworkMode::parse(s),
        // Omitted: the OS default (§1.3); the OS is taken from the current definition.
        _ => match svc.os {
            Some(Os::Windows) => Some(NetworkMode::Nat),
            Some(Os::Linux) => Some(NetworkMode::Bridge),
            None => None,
        },
    });
    let network_mode_before = mode_before.flatten().map(|m| m.as_str().to_string());
    if let (Some(b), Some(now)) = (&network_mode_before, svc.network_mode)
        && b != now.as_str()
    {
        differences.push(format!("network mode {b} → {}", now.as_str()));
    }
    if ch.before.is_some() {
        let lt = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_string);
        if let (Some(b), Some(n)) = (
            lt(ch.before_attr("launch_type")),
            lt(r.values.get("launch_type")),
        ) && b != n
        {
            differences.push(format!("launch type {b} → {n}"));
        }
        let dc = |v: Option<&Value>| v.and_then(Value::as_i64);
        if let (Some(b), Some(n)) = (
            dc(ch.before_attr("desired_count")),
            dc(r.values.get("desired_count")),
        ) && b != n
        {
            differences.push(format!("desired count {b} → {n}"));
        }
    }
    if let (Some(b), Some(Some(mode))) = (before_td, mode_before) {
        let defs_before = b.before_attr("container_definitions");
        let unchanged = Some(mode) == svc.network_mode
            && defs_before.is_some_and(|d| matches!(d, Value::String(_)))
            && defs_before == td.and_then(|t| t.values.get("container_definitions"));
        if unchanged {
            // The same definitions text in the same mode classify to the same ports: most
            // task definitions of a plan are unchanged, and decoding them again is most of
            // the cost of this comparison.
            differences.extend(port_differences(&svc.ports, &svc.ports));
        } else {
            differences.extend(decoded_port_differences(defs_before, mode, svc));
        }
    }
    Some(ServiceChange {
        actions: ch.actions.clone(),
        network_mode_before,
        differences,
    })
}

/// The port differences from `before`'s container definitions, decoded.
fn decoded_port_differences(
    defs_before: Option<&Value>,
    mode: NetworkMode,
    svc: &ServiceFacts,
) -> Vec<String> {
    let defs = containers::decode(defs_before);
    let (old, _, _) = ports::classify(&defs, Some(mode));
    port_differences(&old, &svc.ports)
}

fn describe(p: &PortFact) -> String {
    match (p.kind, p.host_port) {
        (PortKind::Static, Some(h)) => format!("host port {h}"),
        (PortKind::Dynamic, _) => "dynamic".into(),
        (k, _) => k.as_str().to_string(),
    }
}

fn port_differences(old: &[PortFact], new: &[PortFact]) -> Vec<String> {
    let key = |p: &PortFact| (p.container.clone(), p.container_port, p.protocol.clone());
    let mut out = Vec::new();
    for n in new {
        let label = format!(
            "`{}` {}/{}",
            n.container,
            n.container_port
                .map_or_else(|| "?".into(), |p| p.to_string()),
            n.protocol
        );
        match old.iter().find(|o| key(o) == key(n)) {
            Some(o) if describe(o) != describe(n) => {
                out.push(format!("{label}: {} → {}", describe(o), describe(n)));
            }
            Some(_) => {}
            None => out.push(format!("{label}: added ({})", describe(n))),
        }
    }
    for o in old {
        if !new.iter().any(|n| key(n) == key(o)) {
            out.push(format!(
                "`{}` {}/{}: removed",
                o.container,
                o.container_port
                    .map_or_else(|| "?".into(), |p| p.to_string()),
                o.protocol
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Change;

    /// A task definition change and its service's (an update of the desired count).
    fn pair(name: &str, actions: &str, modes: [&str; 2], mappings: &str) -> String {
        let arn = format!("arn:aws:ecs:eu-west-1:1:task-definition/{name}:1");
        let defs = serde_json::to_string(&format!(
            r#"[{{"name":"c","image":"x","memory":128,"portMappings":{mappings}}}]"#
        ))
        .unwrap();
        let td = |mode: &str| {
            format!(
                r#"{{"family":"{name}","arn":"{arn}","network_mode":"{mode}","container_definitions":{defs}}}"#
            )
        };
        let svc = |count: u32| {
            format!(r#"{{"name":"{name}","desired_count":{count},"task_definition":"{arn}"}}"#)
        };
        format!(
            r#"{{"address":"aws_ecs_task_definition.{name}","type":"aws_ecs_task_definition","name":"{name}",
                "change":{{"actions":{actions},"before":{},"after":{},"after_unknown":{{}}}}}},
               {{"address":"aws_ecs_service.{name}","type":"aws_ecs_service","name":"{name}",
                "change":{{"actions":["update"],"before":{},"after":{},"after_unknown":{{}}}}}}"#,
            td(modes[0]),
            td(modes[1]),
            svc(1),
            svc(2)
        )
    }

    /// A plan with an unchanged task definition (two mappings of one container port, so the
    /// comparison's first-match rule matters) and a task definition whose definitions stay
    /// but whose network mode changes.
    fn plan() -> String {
        let same = pair(
            "same",
            r#"["no-op"]"#,
            ["bridge", "bridge"],
            r#"[{"containerPort":80,"hostPort":80},{"containerPort":80,"hostPort":0}]"#,
        );
        let moved = pair(
            "moved",
            r#"["update"]"#,
            ["bridge", "awsvpc"],
            r#"[{"containerPort":8080,"hostPort":8080}]"#,
        );
        format!(r#"{{"format_version":"1.2","resource_changes":[{same},{moved}]}}"#)
    }

    #[test]
    fn unchanged_definitions_compare_as_if_decoded_again() {
        let model = crate::input::plan::load_bytes("p.json", plan().as_bytes());
        assert!(model.problems.is_empty(), "{:?}", model.problems);
        let settings = crate::settings::Settings::default();
        let a = crate::ecs::analyze(&model, &settings);
        let by_name = |n: &str| {
            a.services
                .iter()
                .find(|s| s.name.as_deref() == Some(n))
                .unwrap()
        };
        let before_defs = |svc: &ServiceFacts| {
            let td = a.index.res(svc.task_definition.one().unwrap());
            let ch: &Change = td.change.as_ref().unwrap();
            ch.before_attr("container_definitions").cloned()
        };

        let same = by_name("same");
        let got = same.change.as_ref().unwrap();
        let mode = same.network_mode.unwrap();
        let decoded = decoded_port_differences(before_defs(same).as_ref(), mode, same);
        assert!(
            !decoded.is_empty(),
            "the first-match rule reports the second mapping"
        );
        let mut expected = vec!["desired count 1 → 2".to_string()];
        expected.extend(decoded);
        assert_eq!(got.differences, expected);

        // Same definitions text, another mode: decoded, and the ports differ.
        let moved = by_name("moved");
        let got = moved.change.as_ref().unwrap();
        assert_eq!(got.network_mode_before.as_deref(), Some("bridge"));
        assert!(
            got.differences
                .iter()
                .any(|d| d.contains("host port 8080 →")),
            "{:?}",
            got.differences
        );
    }
}

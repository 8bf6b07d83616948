//! The scenario fixtures in `testdata/cases/`: every plan (and state) must yield the facts in
//! its `expect.json`, which were derived from the AWS rules, not from ecsnet's output; the HCL
//! of the same root must agree wherever the plan knows the value; and the JSON report of each
//! is snapshotted.

use ecsnet::report::{Report, ServiceReport, render_json};
use ecsnet::run::{Invocation, analyze};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn cases_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("testdata/cases")
}

fn run(path: &Path) -> Report {
    let inv = Invocation {
        paths: vec![path.display().to_string()],
        ..Invocation::default()
    };
    analyze(&inv, &mut std::io::empty())
}

fn cases() -> Vec<(String, PathBuf, Value)> {
    let mut out = Vec::new();
    // The README's example is a case too: what it shows must be right.
    let example = cases_dir().join("../example");
    for dir in std::fs::read_dir(cases_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .chain([example])
    {
        let Ok(text) = std::fs::read_to_string(dir.join("expect.json")) else {
            continue;
        };
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        out.push((name, dir, serde_json::from_str(&text).unwrap()));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(
        out.len() >= 15,
        "expected the scenario fixtures, found {}",
        out.len()
    );
    out
}

/// The machine input of a case: `plan.json`, else `state.json`.
fn machine_input(dir: &Path) -> PathBuf {
    let plan = dir.join("plan.json");
    if plan.is_file() {
        plan
    } else {
        dir.join("state.json")
    }
}

/// The facts of a service as `expect.json` spells them.
fn facts(s: &ServiceReport) -> Value {
    let mut ports: Vec<Value> = s
        .ports
        .iter()
        .map(|p| {
            json!({"container": p.container, "container_port": p.container_port,
                   "host_port": p.host_port, "protocol": p.protocol, "kind": p.kind})
        })
        .collect();
    ports.sort_by_key(|p| p.to_string());
    json!({
        "task_definition": s.task_definition,
        "launch_type": s.launch_type,
        "scheduling_strategy": s.scheduling_strategy,
        "network_mode": s.network_mode,
        "network_mode_source": s.network_mode_source,
        "port_strategy": s.port_strategy,
        "ports": if s.port_strategy == "unknown" && s.ports.is_empty() { Value::Null } else { Value::Array(ports) },
        "desired_count": s.scaling.desired_count,
        "tasks_per_instance": s.scaling.tasks_per_instance,
        "deployment_maximum_percent": s.scaling.deployment_maximum_percent,
        "deployment_minimum_healthy_percent": s.scaling.deployment_minimum_healthy_percent,
        "min_capacity": s.scaling.min_capacity,
        "max_capacity": s.scaling.max_capacity,
        "deleted": s.change.as_ref().is_some_and(|c| c.actions == ["delete"]),
        "change": s.change.as_ref().map(|c| json!({"actions": c.actions, "network_mode_before": c.network_mode_before})),
    })
}

fn sorted_ports(v: &Value) -> Value {
    match v.as_array() {
        Some(a) => {
            let mut a = a.clone();
            a.sort_by_key(|p| p.to_string());
            Value::Array(a)
        }
        None => v.clone(),
    }
}

/// Compares every expected field (ignoring `why` and `later`); `only_known` skips fields whose
/// value in `reference` is null/unknown (HCL may know more than a plan).
fn compare(case: &str, addr: &str, want: &Value, got: &Value, mismatches: &mut Vec<String>) {
    for (k, w) in want.as_object().unwrap() {
        if k == "why" || k == "later" {
            continue;
        }
        let g = got.get(k).cloned().unwrap_or(Value::Null);
        let (w, g) = if k == "ports" {
            (sorted_ports(w), sorted_ports(&g))
        } else {
            (w.clone(), g)
        };
        if k == "change"
            && let (Some(wo), Some(go)) = (w.as_object(), g.as_object())
        {
            for (ck, cv) in wo {
                if go.get(ck) != Some(cv) {
                    mismatches.push(format!(
                        "{case}: {addr}: change.{ck}: want {cv}, got {:?}",
                        go.get(ck)
                    ));
                }
            }
            continue;
        }
        if w != g {
            mismatches.push(format!("{case}: {addr}: {k}: want {w}, got {g}"));
        }
    }
}

#[test]
fn machine_inputs_match_the_expected_facts() {
    let mut mismatches = Vec::new();
    for (name, dir, expect) in cases() {
        let report = run(&machine_input(&dir));
        let by_addr: BTreeMap<&str, &ServiceReport> = report
            .services
            .iter()
            .map(|s| (s.address.as_str(), s))
            .collect();
        for (addr, want) in expect["services"].as_object().unwrap() {
            match by_addr.get(addr.as_str()) {
                Some(s) => compare(&name, addr, want, &facts(s), &mut mismatches),
                None => mismatches.push(format!("{name}: service {addr} missing")),
            }
        }
        assert_eq!(
            by_addr.len(),
            expect["services"].as_object().unwrap().len(),
            "{name}: unexpected services {:?}",
            by_addr.keys()
        );
        check_findings(&name, &expect, &report, &mut mismatches);
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

fn check_findings(name: &str, expect: &Value, report: &Report, mismatches: &mut Vec<String>) {
    let mut want: BTreeMap<(String, String), usize> = BTreeMap::new();
    for f in expect["findings"].as_array().unwrap() {
        *want
            .entry((
                f["code"].as_str().unwrap().into(),
                f["subject"].as_str().unwrap().into(),
            ))
            .or_default() += 1;
    }
    let codes: Vec<&str> = want.keys().map(|(c, _)| c.as_str()).collect();
    let mut got: BTreeMap<(String, String), usize> = BTreeMap::new();
    for f in &report.findings {
        if codes.contains(&f.code) {
            *got.entry((f.code.into(), f.subject.clone().unwrap_or_default()))
                .or_default() += 1;
        }
    }
    if want != got {
        mismatches.push(format!("{name}: findings want {want:?}, got {got:?}"));
    }
    for code in expect["no_findings"].as_array().unwrap() {
        let code = code.as_str().unwrap();
        let fired: Vec<&str> = report
            .findings
            .iter()
            .filter(|f| f.code == code)
            .map(|f| f.message.as_str())
            .collect();
        if !fired.is_empty() {
            mismatches.push(format!("{name}: {code} must not fire: {fired:?}"));
        }
    }
}

/// Cases whose plan was edited by hand (a state, a delete, an update): their `.tf` is the
/// "after" configuration only, so HCL parity does not apply.
const HAND_MADE: &[&str] = &["state", "deleted-service", "change-bridge-to-awsvpc"];

#[test]
fn hcl_agrees_with_the_plan_wherever_the_plan_knows() {
    let mut mismatches = Vec::new();
    for (name, dir, _) in cases() {
        if HAND_MADE.contains(&name.as_str()) {
            continue;
        }
        let plan = run(&dir.join("plan.json"));
        let hcl = run(&dir);
        let broken: Vec<&str> = hcl
            .findings
            .iter()
            .filter(|f| f.code == "ECS901")
            .map(|f| f.message.as_str())
            .collect();
        assert!(broken.is_empty(), "{name}: HCL input problems {broken:?}");
        let by_addr: BTreeMap<&str, &ServiceReport> = hcl
            .services
            .iter()
            .map(|s| (s.address.as_str(), s))
            .collect();
        for p in &plan.services {
            let Some(h) = by_addr.get(p.address.as_str()) else {
                mismatches.push(format!("{name}: HCL lacks {}", p.address));
                continue;
            };
            let pf = facts(p);
            let hf = facts(h);
            for (k, pv) in pf.as_object().unwrap() {
                if k == "change" || k == "deleted" || pv.is_null() || pv == "unknown" {
                    continue;
                }
                let hv = &hf[k.as_str()];
                let (pv, hv) = (sorted_ports(pv), sorted_ports(hv));
                if pv != hv {
                    mismatches.push(format!("{name}: {}: {k}: plan {pv}, HCL {hv}", p.address));
                }
            }
        }
        assert_eq!(
            hcl.services.len(),
            plan.services.len(),
            "{name}: service count"
        );
        let pairs = |r: &Report| -> Vec<(String, Option<String>)> {
            let mut v: Vec<_> = r
                .findings
                .iter()
                .filter(|f| f.code != "ECS902")
                .map(|f| (f.code.to_string(), f.subject.clone()))
                .collect();
            v.sort();
            v
        };
        if pairs(&plan) != pairs(&hcl) {
            mismatches.push(format!(
                "{name}: findings plan {:?}, HCL {:?}",
                pairs(&plan),
                pairs(&hcl)
            ));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[test]
fn json_reports_are_stable() {
    for (name, dir, _) in cases() {
        let report = run(&machine_input(&dir));
        let mut json = render_json(&report);
        json = json.replace(env!("CARGO_PKG_VERSION"), "[version]");
        json = json.replace(&cases_dir().display().to_string(), "[cases]");
        insta::assert_snapshot!(format!("case__{name}"), json);
    }
}

#[test]
fn blanked_container_definitions_name_what_they_use() {
    let report = run(&cases_dir().join("unknown-image/plan.json"));
    let note = report
        .findings
        .iter()
        .find(|f| f.code == "ECS902")
        .expect("ECS902");
    assert!(
        note.message
            .contains("(it uses `aws_ecr_repository.app.repository_url`)"),
        "{}",
        note.message
    );
    // Said as what it is: the plan blanks the whole string, and the source would fill it in.
    assert!(
        note.message.ends_with(
            "a plan shows the whole string as known after apply when any value in it is \
             (pass --source to read the ports from the configuration)"
        ),
        "{}",
        note.message
    );
}

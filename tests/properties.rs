//! Property tests: the plan/state reader, the HCL front end and the `container_definitions`
//! decoder never panic, whatever the input, and every problem they report is an
//! `invalid-input` finding that says where it is. Each report is also rendered in every
//! format, so analysis and renderers see the same hostile values. Case counts are modest
//! to keep `cargo test` fast; `PROPTEST_CASES=5000 cargo test --test properties` digs deeper.

use ecsnet::input::{LoadOptions, hcl, plan};
use ecsnet::model::containers::{self, ContainerDefs};
use ecsnet::model::{Model, Value};
use ecsnet::run::{self, Format};
use ecsnet::settings::Settings;
use proptest::prelude::*;
use std::path::PathBuf;

const PLAN: &str = include_str!("../testdata/plan-input/real/plan.json");
const TF: &str = include_str!("../testdata/plan-input/real/main.tf");

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(cases),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Whole-input problems that have no position: nothing was read at all.
fn whole_input(message: &str) -> bool {
    ["the input is empty", "binary plan file", "UTF-16"]
        .iter()
        .any(|m| message.contains(m))
}

/// Every finding from reading is `invalid-input` and located (or about the whole input);
/// then the model is analyzed and rendered in every format without panicking.
fn check_model(m: &Model) -> Result<(), TestCaseError> {
    for f in &m.problems {
        prop_assert!(!f.message.is_empty());
        if f.kind == ecsnet::model::ProblemKind::InvalidInput {
            prop_assert!(
                f.location.is_some() || f.subject.is_some() || whole_input(&f.message),
                "unlocated: {}",
                f.message
            );
            prop_assert!(
                !f.message.contains("could not be evaluated"),
                "the evaluator panicked: {}",
                f.message
            );
        }
    }
    let report = ecsnet::run::report_of(std::slice::from_ref(m), &[&Settings::default()]);
    for format in [Format::Json, Format::Sarif] {
        let out = run::render(&report, format, Some(80));
        prop_assert!(
            serde_json::from_str::<serde_json::Value>(&out).is_ok(),
            "{out}"
        );
    }
    prop_assert!(!run::render(&report, Format::Table, Some(80)).is_empty());
    prop_assert!(!run::render(&report, Format::Markdown, None).is_empty());
    // Annotations only for findings; none may span lines (a newline ends a command).
    let annotations = run::render(&report, Format::Github, None);
    prop_assert!(
        annotations.lines().count() <= report.findings.len(),
        "{annotations}"
    );
    Ok(())
}

/// A byte-level mutation of a valid input: replace, insert or delete at a position, or cut.
#[derive(Debug, Clone)]
enum Edit {
    Replace(usize, u8),
    Insert(usize, Vec<u8>),
    Delete(usize, usize),
    Truncate(usize),
}

fn edits(tokens: &'static [&'static str]) -> impl Strategy<Value = Vec<Edit>> {
    let token = prop_oneof![
        proptest::sample::select(tokens).prop_map(|t| t.as_bytes().to_vec()),
        proptest::collection::vec(any::<u8>(), 1..4),
    ];
    let edit = prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(p, b)| Edit::Replace(p, b)),
        (any::<usize>(), token).prop_map(|(p, t)| Edit::Insert(p, t)),
        (any::<usize>(), 1usize..40).prop_map(|(p, n)| Edit::Delete(p, n)),
        any::<usize>().prop_map(Edit::Truncate),
    ];
    proptest::collection::vec(edit, 1..6)
}

fn apply(base: &str, edits: &[Edit]) -> Vec<u8> {
    let mut b = base.as_bytes().to_vec();
    for e in edits {
        let at = |p: usize, len: usize| if len == 0 { 0 } else { p % (len + 1) };
        match e {
            Edit::Replace(p, x) if !b.is_empty() => {
                let i = p % b.len();
                b[i] = *x;
            }
            Edit::Replace(..) => {}
            Edit::Insert(p, t) => {
                let i = at(*p, b.len());
                b.splice(i..i, t.iter().copied());
            }
            Edit::Delete(p, n) => {
                let i = at(*p, b.len());
                let j = (i + n).min(b.len());
                b.drain(i..j);
            }
            Edit::Truncate(p) => {
                let i = at(*p, b.len());
                b.truncate(i);
            }
        }
    }
    b
}

const JSON_TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "null",
    "true",
    "1e999",
    "-0",
    "\\u0000",
    "\\ud800",
    "\"format_version\":\"1.2\"",
    "\"after_unknown\":true",
    "\"index\":{}",
    "\"type\":\"aws_ecs_service\"",
    "\"container_definitions\":\"[{}]\"",
];

const HCL_TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    "(",
    ")",
    "=",
    "\n",
    "\"",
    "${",
    "%{",
    "<<EOF\n",
    "\nEOF\n",
    "var.x",
    "local.y",
    "each.key",
    "count.index",
    "module.svc",
    "for_each = ",
    "count = ",
    "jsonencode(",
    "file(",
    "templatefile(",
    "lookup(",
    "? 1 : 0",
    "[for k in ",
    " : k]",
    "resource \"aws_ecs_service\" \"s\" {\n",
    "locals {\n",
    "1e999",
    "-0",
    "\u{feff}",
    "\u{202e}",
];

/// A JSON value of bounded size and depth.
fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        any::<i64>().prop_map(|n| serde_json::json!(n)),
        any::<f64>().prop_map(|n| serde_json::json!(n)),
        "[ -~]{0,12}".prop_map(serde_json::Value::String),
        proptest::sample::select(&["awsvpc", "bridge", "host", "none", "tcp", "udp", "web"][..])
            .prop_map(|s| serde_json::Value::String(s.into())),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
            proptest::collection::btree_map(
                proptest::sample::select(
                    &[
                        "name",
                        "containerPort",
                        "hostPort",
                        "protocol",
                        "portMappings",
                        "containerPortRange",
                        "essential",
                        "links",
                        "x",
                    ][..]
                )
                .prop_map(str::to_string),
                inner,
                0..6
            )
            .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A model value: a JSON value with unknowns mixed in.
fn model_value() -> impl Strategy<Value = Value> {
    (json_value(), any::<u64>()).prop_map(|(j, seed)| sprinkle_unknowns(Value::from_json(&j), seed))
}

fn sprinkle_unknowns(v: Value, seed: u64) -> Value {
    if seed.is_multiple_of(7) {
        return Value::unknown("known after apply");
    }
    let next = seed.rotate_left(5) ^ 0x9e37_79b9_7f4a_7c15;
    match v {
        Value::List(l) => Value::List(
            l.into_iter()
                .enumerate()
                .map(|(i, x)| sprinkle_unknowns(x, next.wrapping_add(i as u64)))
                .collect(),
        ),
        Value::Object(o) => Value::Object(
            o.into_iter()
                .enumerate()
                .map(|(i, (k, x))| (k, sprinkle_unknowns(x, next.wrapping_add(i as u64))))
                .collect(),
        ),
        other => other,
    }
}

/// A plan whose task definition and service carry arbitrary `after` values.
fn plan_with(td_after: &serde_json::Value, svc_after: &serde_json::Value) -> String {
    serde_json::json!({
        "format_version": "1.2",
        "resource_changes": [
            {"address": "aws_ecs_task_definition.app", "mode": "managed",
             "type": "aws_ecs_task_definition", "name": "app",
             "change": {"actions": ["create"], "before": null, "after": td_after,
                        "after_unknown": {}}},
            {"address": "aws_ecs_service.web", "mode": "managed", "type": "aws_ecs_service",
             "name": "web",
             "change": {"actions": ["update"], "before": svc_after, "after": svc_after,
                        "after_unknown": {"task_definition": true}}}
        ]
    })
    .to_string()
}

/// A scratch directory per test thread, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let p = std::env::temp_dir().join(format!("ecsnet-prop-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        Scratch(p)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn load_tf(dir: &Scratch, text: &[u8]) -> Model {
    std::fs::write(dir.0.join("main.tf"), text).unwrap();
    hcl::load_root(
        &dir.0,
        &LoadOptions {
            root: Some(dir.0.clone()),
            ..LoadOptions::default()
        },
    )
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn plan_reader_survives_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        check_model(&plan::load_bytes("p.json", &bytes))?;
    }

    #[test]
    fn plan_reader_survives_mutated_plans(e in edits(JSON_TOKENS)) {
        check_model(&plan::load_bytes("p.json", &apply(PLAN, &e)))?;
    }

    #[test]
    fn plan_reader_survives_arbitrary_values(
        td in json_value(),
        svc in json_value(),
        defs in json_value(),
    ) {
        let mut td = td;
        if let serde_json::Value::Object(o) = &mut td {
            o.insert("container_definitions".into(), serde_json::Value::String(defs.to_string()));
        }
        check_model(&plan::load_bytes("p.json", plan_with(&td, &svc).as_bytes()))?;
    }

    #[test]
    fn json_text_parses_to_the_same_value_as_through_serde_json(v in json_value()) {
        let text = v.to_string();
        prop_assert_eq!(Value::from_json_str(&text).unwrap(), Value::from_json(&v));
    }

    #[test]
    fn container_definitions_decoder_survives_arbitrary_text(s in "\\PC{0,200}") {
        let v = Value::String(s);
        if let ContainerDefs::Invalid(message, _) = containers::decode(Some(&v)) {
            prop_assert!(!message.is_empty());
        }
    }

    #[test]
    fn container_definitions_decoder_survives_arbitrary_values(v in model_value()) {
        if let ContainerDefs::Invalid(message, _) = containers::decode(Some(&v)) {
            prop_assert!(!message.is_empty());
        }
        let text = Value::String(v.to_json().to_string());
        if let ContainerDefs::Invalid(message, _) = containers::decode(Some(&text)) {
            prop_assert!(!message.is_empty());
        }
    }
}

proptest! {
    // Each HCL case writes a file and loads a directory: fewer cases.
    #![proptest_config(config(32))]

    #[test]
    fn hcl_front_end_survives_token_soup(
        tokens in proptest::collection::vec(proptest::sample::select(HCL_TOKENS), 0..60)
    ) {
        let dir = Scratch::new("soup");
        check_model(&load_tf(&dir, tokens.concat().as_bytes()))?;
    }

    #[test]
    fn hcl_front_end_survives_mutated_configurations(e in edits(HCL_TOKENS)) {
        let dir = Scratch::new("mutated");
        check_model(&load_tf(&dir, &apply(TF, &e)))?;
    }

    #[test]
    fn hcl_front_end_survives_arbitrary_values_in_jsonencode(v in json_value()) {
        let dir = Scratch::new("values");
        // JSON is valid HCL expression syntax for these values (objects need `=` or `:`).
        let tf = format!(
            "resource \"aws_ecs_task_definition\" \"a\" {{\n  family = \"a\"\n  \
             container_definitions = jsonencode({v})\n}}\n\
             resource \"aws_ecs_service\" \"s\" {{\n  task_definition = aws_ecs_task_definition.a.arn\n}}\n"
        );
        check_model(&load_tf(&dir, tf.as_bytes()))?;
    }
}

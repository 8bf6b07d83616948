//! The plan/state JSON front end and input discovery, on the fixtures in
//! `testdata/plan-input/`.

use ecsnet::input::{self, LoadOptions, plan};
use ecsnet::model::{InputKind, InstanceKey, Mode, Model, Resource, Value};

fn fixture(name: &str) -> String {
    format!("{}/testdata/plan-input/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn load(paths: &[String]) -> Vec<Model> {
    input::load(paths, &LoadOptions::default(), &mut std::io::empty())
}

fn load_one(name: &str) -> Model {
    let mut models = load(&[fixture(name)]);
    assert_eq!(models.len(), 1);
    models.remove(0)
}

fn resource<'m>(m: &'m Model, address: &str) -> &'m Resource {
    m.resources
        .iter()
        .find(|r| r.address == address)
        .unwrap_or_else(|| panic!("no {address} in {:?}", addresses(m)))
}

fn addresses(m: &Model) -> Vec<&str> {
    m.resources.iter().map(|r| r.address.as_str()).collect()
}

fn refs(r: &Resource, path: &str) -> Vec<String> {
    r.references.get(path).cloned().unwrap_or_default()
}

fn is_unknown(v: Option<&Value>) -> bool {
    v.and_then(Value::unknown_reason) == Some(plan::KNOWN_AFTER_APPLY)
}

fn only_message(m: &Model) -> &str {
    assert_eq!(m.problems.len(), 1, "{:?}", m.problems);
    assert_eq!(m.problems[0].kind, ecsnet::model::ProblemKind::InvalidInput);
    &m.problems[0].message
}

#[test]
fn a_plan_is_recognized_by_content_not_name() {
    let m = load_one("modules.plan.txt");
    assert_eq!(m.input.kind, InputKind::Plan);
    assert!(m.problems.is_empty(), "{:?}", m.problems);
    // Unrelated types and deposed objects are skipped; the data source is kept.
    assert_eq!(
        addresses(&m),
        [
            "aws_ecs_task_definition.app",
            "module.svc[\"blue\"].aws_ecs_service.this[0]",
            "module.svc[\"green\"].module.inner.aws_ecs_service.this[\"x.y\"]",
            "data.aws_subnet.picked",
        ]
    );
    let bytes = std::fs::read(fixture("modules.plan.txt")).unwrap();
    assert_eq!(plan::kind_of(&bytes), Some(InputKind::Plan));
    let bytes = std::fs::read(fixture("state.json")).unwrap();
    assert_eq!(plan::kind_of(&bytes), Some(InputKind::State));
    assert_eq!(plan::kind_of(b"{\"name\": 1}"), None);
    assert_eq!(plan::kind_of(b"[1]"), None);
}

#[test]
fn unknowns_are_merged_from_after_unknown() {
    let m = load_one("modules.plan.txt");
    let svc = resource(&m, "module.svc[\"blue\"].aws_ecs_service.this[0]");
    // A wholly unknown attribute is absent from `after`.
    assert!(is_unknown(svc.get("task_definition")));
    // An unknown list element is `null` in `after`, at its index.
    assert_eq!(
        svc.get("network_configuration.0.subnets.0"),
        Some(&Value::String("subnet-1".into()))
    );
    assert!(is_unknown(svc.get("network_configuration.0.subnets.1")));
    // An unknown attribute of a nested block.
    assert!(is_unknown(svc.get("load_balancer.0.target_group_arn")));
    assert_eq!(
        svc.get("load_balancer.0.container_port")
            .and_then(Value::as_i64),
        Some(8080)
    );
    assert_eq!(svc.get("desired_count").and_then(Value::as_i64), Some(2));
    let td = resource(&m, "aws_ecs_task_definition.app");
    assert!(is_unknown(td.get("container_definitions")));
    assert_eq!(
        td.get("requires_compatibilities.0"),
        Some(&Value::String("FARGATE".into()))
    );
}

#[test]
fn addresses_modules_keys_and_modes_are_kept() {
    let m = load_one("modules.plan.txt");
    let blue = resource(&m, "module.svc[\"blue\"].aws_ecs_service.this[0]");
    assert_eq!(blue.module, "module.svc[\"blue\"]");
    assert_eq!(blue.key, Some(InstanceKey::Int(0)));
    assert_eq!(blue.rtype, "aws_ecs_service");
    assert_eq!(blue.name, "this");
    let green = resource(
        &m,
        "module.svc[\"green\"].module.inner.aws_ecs_service.this[\"x.y\"]",
    );
    assert_eq!(green.module, "module.svc[\"green\"].module.inner");
    assert_eq!(green.key, Some(InstanceKey::Str("x.y".into())));
    let td = resource(&m, "aws_ecs_task_definition.app");
    assert_eq!(td.module, "");
    assert_eq!(td.key, None);
    assert_eq!(td.mode, Mode::Managed);
    let data = resource(&m, "data.aws_subnet.picked");
    assert_eq!(data.mode, Mode::Data);
    assert!(is_unknown(data.get("cidr_block")));
}

#[test]
fn changes_and_deletes() {
    let m = load_one("modules.plan.txt");
    let blue = resource(&m, "module.svc[\"blue\"].aws_ecs_service.this[0]");
    let change = blue.change.as_ref().unwrap();
    assert_eq!(change.actions, ["update"]);
    let before = change.before.as_ref().unwrap();
    assert_eq!(
        before.path("desired_count").and_then(Value::as_i64),
        Some(1)
    );
    assert!(!change.is_delete());
    // Only what the analysis compares is kept of `before` (`Change::BEFORE_READ`).
    assert!(blue.get("name").is_some() && before.get("name").is_none());

    let green = resource(
        &m,
        "module.svc[\"green\"].module.inner.aws_ecs_service.this[\"x.y\"]",
    );
    let change = green.change.as_ref().unwrap();
    assert!(change.is_delete());
    // A deleted instance keeps the values it had.
    assert_eq!(green.get("desired_count").and_then(Value::as_i64), Some(3));
    assert_eq!(green.get("name").and_then(Value::as_str), Some("green"));
    let before = change.before.as_ref().unwrap();
    assert_eq!(before.get("desired_count").and_then(Value::as_i64), Some(3));
    assert!(before.get("name").is_none());

    let td = resource(&m, "aws_ecs_task_definition.app");
    assert_eq!(td.change.as_ref().unwrap().actions, ["create"]);
    assert_eq!(td.change.as_ref().unwrap().before, None);
}

#[test]
fn references_come_from_configuration_including_modules_and_blocks() {
    let m = load_one("modules.plan.txt");
    let blue = resource(&m, "module.svc[\"blue\"].aws_ecs_service.this[0]");
    assert_eq!(refs(blue, "task_definition"), ["var.task_definition"]);
    assert_eq!(
        refs(blue, "load_balancer.0.target_group_arn"),
        ["module.lb.target_group_arn", "module.lb"]
    );
    assert_eq!(
        refs(blue, "capacity_provider_strategy.1.capacity_provider"),
        [
            "aws_ecs_capacity_provider.ec2.name",
            "aws_ecs_capacity_provider.ec2"
        ]
    );
    // Constants are not references.
    assert!(
        !blue
            .references
            .contains_key("load_balancer.0.container_port")
    );
    assert!(
        !blue
            .references
            .contains_key("capacity_provider_strategy.0.capacity_provider")
    );
    // The nested module's block is matched with instance keys stripped.
    let green = resource(
        &m,
        "module.svc[\"green\"].module.inner.aws_ecs_service.this[\"x.y\"]",
    );
    assert_eq!(refs(green, "cluster"), ["var.cluster_arn"]);
    assert_eq!(green.references.len(), 1);
    let td = resource(&m, "aws_ecs_task_definition.app");
    assert_eq!(
        refs(td, "container_definitions"),
        [
            "var.image",
            "aws_ecr_repository.app.repository_url",
            "aws_ecr_repository.app"
        ]
    );
    assert!(!td.references.contains_key("family"));
    let data = resource(&m, "data.aws_subnet.picked");
    assert_eq!(refs(data, "id"), ["var.subnet_id"]);
}

fn via_calls(r: &Resource, path: &str) -> Vec<(String, String)> {
    r.module_call_references
        .get(path)
        .map(|v| {
            v.iter()
                .map(|c| (c.module.to_string(), c.reference.to_string()))
                .collect()
        })
        .unwrap_or_default()
}

fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
    p.iter()
        .map(|(m, r)| (m.to_string(), r.to_string()))
        .collect()
}

#[test]
fn module_inputs_are_followed_to_the_callers_references() {
    let m = load_one("modules.plan.txt");
    let blue = resource(&m, "module.svc[\"blue\"].aws_ecs_service.this[0]");
    assert_eq!(
        via_calls(blue, "task_definition"),
        pairs(&[
            ("", "aws_ecs_task_definition.app.arn"),
            ("", "aws_ecs_task_definition.app")
        ])
    );
    // Only `var.` references are followed.
    assert_eq!(blue.module_call_references.len(), 1);
    // Two levels up, through `var.cluster` of the enclosing module instance.
    let green = resource(
        &m,
        "module.svc[\"green\"].module.inner.aws_ecs_service.this[\"x.y\"]",
    );
    assert_eq!(
        via_calls(green, "cluster"),
        pairs(&[
            ("module.svc[\"green\"]", "var.cluster"),
            ("", "aws_ecs_cluster.main.arn"),
            ("", "aws_ecs_cluster.main")
        ])
    );
    let td = resource(&m, "aws_ecs_task_definition.app");
    assert!(td.module_call_references.is_empty());
}

#[test]
fn instances_that_follow_the_same_inputs_each_name_their_own_callers() {
    // Both inner services follow `var.cluster_arn` up through `module.svc[KEY]`; what the
    // first one found is reused for the second (ConfigRefs remembers followed references),
    // so this fails if what is remembered is not told apart by module instance.
    let text = std::fs::read_to_string(fixture("modules.plan.txt")).unwrap();
    let green = "module.svc[\"green\"].module.inner.aws_ecs_service.this[\"x.y\"]";
    let at = text.find(&format!(
        "\"address\": {}",
        serde_json::to_string(green).unwrap()
    ));
    let entry_start = text[..at.unwrap()].rfind('{').unwrap();
    let entry_end = entry_start + text[entry_start..].find("\n    }").unwrap() + 6;
    let blue_entry = text[entry_start..entry_end].replace("green", "blue");
    let text = format!("{},\n{}", &text[..entry_end], &text[entry_end..]).replacen(
        ",\n,",
        &format!(",\n{blue_entry},"),
        1,
    );
    let m = plan::load_bytes("two.json", text.as_bytes());
    assert!(m.problems.is_empty(), "{:?}", m.problems);
    for color in ["green", "blue", "green"] {
        let address = green.replace("green", color);
        let svc = resource(&m, &address);
        let outer = format!("module.svc[\"{color}\"]");
        assert_eq!(
            via_calls(svc, "cluster"),
            pairs(&[
                (outer.as_str(), "var.cluster"),
                ("", "aws_ecs_cluster.main.arn"),
                ("", "aws_ecs_cluster.main")
            ]),
            "{address}"
        );
    }
}

#[test]
fn state_walks_child_modules() {
    let m = load_one("state.json");
    assert_eq!(m.input.kind, InputKind::State);
    assert!(m.problems.is_empty(), "{:?}", m.problems);
    assert_eq!(
        addresses(&m),
        [
            "aws_ecs_cluster.main",
            "module.app[\"api\"].aws_ecs_service.web[1]",
            "module.app[\"api\"].module.td.aws_ecs_task_definition.this",
        ]
    );
    let svc = resource(&m, "module.app[\"api\"].aws_ecs_service.web[1]");
    assert_eq!(svc.module, "module.app[\"api\"]");
    assert_eq!(svc.key, Some(InstanceKey::Int(1)));
    assert!(svc.change.is_none());
    assert!(!svc.values.has_unknown());
    let td = resource(
        &m,
        "module.app[\"api\"].module.td.aws_ecs_task_definition.this",
    );
    assert_eq!(td.module, "module.app[\"api\"].module.td");
    assert_eq!(td.get("revision").and_then(Value::as_i64), Some(7));
    assert!(
        td.get("container_definitions")
            .and_then(Value::as_str)
            .unwrap()
            .contains("\"containerPort\":80")
    );
    let cluster = resource(&m, "aws_ecs_cluster.main");
    assert_eq!(
        cluster.get("setting.0.name").and_then(Value::as_str),
        Some("containerInsights")
    );
}

#[test]
fn planned_values_are_the_fallback_without_resource_changes() {
    let m = load_one("planned-values-only.json");
    assert_eq!(m.input.kind, InputKind::Plan);
    let svc = resource(&m, "aws_ecs_service.web");
    assert_eq!(svc.get("desired_count").and_then(Value::as_i64), Some(1));
    assert!(svc.change.is_none());
    assert_eq!(
        refs(svc, "task_definition"),
        [
            "aws_ecs_task_definition.app.arn",
            "aws_ecs_task_definition.app"
        ]
    );
}

#[test]
fn invalid_json_is_positioned() {
    let m = load_one("invalid-syntax.json");
    let msg = only_message(&m);
    assert!(msg.contains("invalid-syntax.json"), "{msg}");
    assert!(msg.contains("not valid JSON"), "{msg}");
    assert!(msg.contains("at line 4 column 21"), "{msg}");
    let loc = m.problems[0].location.as_ref().unwrap();
    assert_eq!((loc.line, loc.column), (4, 21));
    assert!(loc.file.ends_with("invalid-syntax.json"));
    assert!(m.resources.is_empty());
}

#[test]
fn truncated_json_is_an_error_at_the_end() {
    let text = "{\"format_version\": \"1.2\", \"resource_changes\": [";
    let m = plan::load_bytes("cut.json", text.as_bytes());
    let msg = only_message(&m);
    assert!(msg.contains("EOF while parsing"), "{msg}");
    assert_eq!(m.problems[0].location.as_ref().unwrap().line, 1);
}

#[test]
fn json_that_is_neither_plan_nor_state() {
    let m = load_one("neither.json");
    let msg = only_message(&m);
    assert!(
        msg.contains("neither a Terraform plan nor a state"),
        "{msg}"
    );
    assert!(msg.contains("neither.json"), "{msg}");
    let m = plan::load_bytes("list.json", b"[{\"format_version\": \"1.0\"}]");
    assert!(only_message(&m).contains("neither"));
}

#[test]
fn empty_and_non_utf8_files() {
    let m = load_one("empty.json");
    let msg = only_message(&m);
    assert!(msg.contains("empty.json") && msg.contains("empty"), "{msg}");
    let m = load_one("non-utf8.json");
    let msg = only_message(&m);
    assert!(msg.contains("not UTF-8"), "{msg}");
    let loc = m.problems[0].location.as_ref().unwrap();
    assert_eq!((loc.line, loc.column), (1, 38));
}

#[test]
fn missing_file_and_glob_matching_nothing() {
    let missing = fixture("does-not-exist.json");
    let pattern = fixture("nothing-*.json");
    let models = load(&[missing.clone(), pattern.clone()]);
    assert_eq!(models.len(), 2);
    let msg = only_message(&models[0]);
    assert!(msg.contains("no such file or directory"), "{msg}");
    assert!(msg.contains(&missing));
    let msg = only_message(&models[1]);
    assert!(msg.contains("matches no file"), "{msg}");
    assert_eq!(models[1].input.path, pattern);
}

#[test]
fn glob_matches_are_each_loaded_in_order() {
    let models = load(&[fixture("*.json")]);
    let names: Vec<&str> = models
        .iter()
        .map(|m| m.input.path.rsplit('/').next().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "empty.json",
            "invalid-syntax.json",
            "neither.json",
            "non-utf8.json",
            "planned-values-only.json",
            "state.json"
        ]
    );
    assert_eq!(models[5].resources.len(), 3);
    // `**` reaches the real plan in a subdirectory.
    let models = load(&[fixture("**/plan.json")]);
    assert_eq!(models.len(), 1);
    assert!(models[0].problems.is_empty());
}

#[test]
fn one_broken_input_does_not_stop_the_other() {
    let models = load(&[fixture("invalid-syntax.json"), fixture("state.json")]);
    assert_eq!(models.len(), 2);
    assert_eq!(models[0].problems.len(), 1);
    assert!(models[0].resources.is_empty());
    assert!(models[1].problems.is_empty());
    assert_eq!(models[1].resources.len(), 3);
}

#[test]
fn stdin_is_read_for_dash_once() {
    let state = std::fs::read(fixture("state.json")).unwrap();
    let models = input::load(
        &["-".to_string(), "-".to_string()],
        &LoadOptions::default(),
        &mut state.as_slice(),
    );
    assert_eq!(models.len(), 2);
    assert_eq!(models[0].input.path, "-");
    assert_eq!(models[0].input.kind, InputKind::State);
    assert_eq!(models[0].resources.len(), 3);
    assert!(only_message(&models[1]).contains("more than once"));
}

#[test]
fn directories_and_tf_files_go_to_the_hcl_front_end() {
    let dir = fixture("hcl");
    let tf = fixture("hcl/main.tf");
    let models = load(&[dir.clone(), tf]);
    // The directory and its file are one Terraform root, loaded once.
    assert_eq!(models.len(), 1);
    assert_eq!(models[0].input.kind, InputKind::Hcl);
    let models = load(&[fixture("no-terraform")]);
    assert_eq!(models.len(), 1);
    let msg = only_message(&models[0]);
    assert!(msg.contains("without Terraform files"), "{msg}");
    assert!(!msg.contains("*.json"), "{msg}");
    // A directory of plans gets the glob that reads them.
    let models = load(&[fixture("")]);
    let msg = only_message(&models[0]);
    assert!(msg.contains("plan-input/*.json`"), "{msg}");
}

#[test]
fn a_trailing_slash_glob_matches_directories_only() {
    let models = load(&[fixture("*/")]);
    let names: Vec<&str> = models
        .iter()
        .map(|m| m.input.path.rsplit('/').next().unwrap())
        .collect();
    assert_eq!(names, ["hcl", "no-terraform", "real"]);
    assert!(models.iter().all(|m| m.input.kind == InputKind::Hcl));
}

#[test]
fn a_forgotten_instance_keeps_its_before_values() {
    let text = r#"{"format_version":"1.2","resource_changes":[
        {"address":"aws_ecs_service.s","type":"aws_ecs_service","name":"s",
         "change":{"actions":["forget"],"before":{"name":"s"},"after":null}}]}"#;
    let m = plan::load_bytes("forget.json", text.as_bytes());
    let s = resource(&m, "aws_ecs_service.s");
    assert_eq!(s.get("name").and_then(Value::as_str), Some("s"));
    assert_eq!(s.change.as_ref().unwrap().actions, ["forget"]);
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep = format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000));
    let text = format!(
        "{{\"format_version\":\"1.2\",\"resource_changes\":[\
         {{\"address\":\"aws_s3_bucket.b\",\"type\":\"aws_s3_bucket\",\"name\":\"b\",\
           \"change\":{{\"after\":{deep}}}}},\
         {{\"address\":\"aws_ecs_service.s\",\"type\":\"aws_ecs_service\",\"name\":\"s\",\
           \"change\":{{\"actions\":[\"create\"],\"after\":{{\"x\":{deep}}}}}}},\
         {{\"address\":\"aws_ecs_service.ok\",\"type\":\"aws_ecs_service\",\"name\":\"ok\",\
           \"change\":{{\"actions\":[\"create\"],\"after\":{{\"name\":\"ok\"}}}}}}]}}"
    );
    let m = plan::load_bytes("deep.json", text.as_bytes());
    // The unrelated resource is skipped without building it; the deep service is reported;
    // the good one is read.
    let msg = only_message(&m);
    assert!(
        msg.contains("aws_ecs_service.s") && msg.contains("recursion limit"),
        "{msg}"
    );
    assert_eq!(m.problems[0].subject.as_deref(), Some("aws_ecs_service.s"));
    assert_eq!(addresses(&m), ["aws_ecs_service.ok"]);
}

#[test]
fn malformed_entries_spoil_only_themselves() {
    let text = r#"{"format_version":"1.2","resource_changes":[
        {"address": 7},
        {"address":"aws_ecs_service.ok","type":"aws_ecs_service","name":"ok",
         "change":{"actions":["create"],"after":{"name":"ok"},"after_unknown":{}}}]}"#;
    let m = plan::load_bytes("bad-entry.json", text.as_bytes());
    let msg = only_message(&m);
    assert!(msg.contains("resource_changes"), "{msg}");
    assert_eq!(m.problems[0].location.as_ref().unwrap().line, 2);
    assert_eq!(addresses(&m), ["aws_ecs_service.ok"]);
}

#[test]
fn binary_plan_file_gets_a_hint() {
    let m = plan::load_bytes("plan.out", b"PK\x03\x04\x14\x00");
    assert!(only_message(&m).contains("terraform show -json"));
}

/// A real `terraform show -json` plan (Terraform 1.x, AWS provider) of `real/main.tf`.
#[test]
fn real_terraform_plan() {
    let m = load_one("real/plan.json");
    assert_eq!(m.input.kind, InputKind::Plan);
    assert!(m.problems.is_empty(), "{:?}", m.problems);
    let mut got = addresses(&m);
    got.sort();
    assert_eq!(
        got,
        [
            "aws_ecs_cluster.main",
            "aws_ecs_service.web",
            "aws_ecs_task_definition.app",
            "aws_ecs_task_definition.static",
            "aws_lb_target_group.web",
            "aws_subnet.a",
            "module.svc[\"blue\"].aws_ecs_service.this[0]",
            "module.svc[\"green\"].aws_ecs_service.this[0]",
        ]
    );
    let web = resource(&m, "aws_ecs_service.web");
    assert_eq!(
        refs(web, "task_definition"),
        [
            "aws_ecs_task_definition.app.arn",
            "aws_ecs_task_definition.app"
        ]
    );
    assert_eq!(
        refs(web, "load_balancer.0.target_group_arn"),
        ["aws_lb_target_group.web.arn", "aws_lb_target_group.web"]
    );
    assert_eq!(
        refs(web, "network_configuration.0.subnets"),
        ["aws_subnet.a.id", "aws_subnet.a"]
    );
    assert!(is_unknown(web.get("task_definition")));
    assert!(is_unknown(web.get("load_balancer.0.target_group_arn")));
    assert!(is_unknown(web.get("network_configuration.0.subnets")));
    assert_eq!(
        web.get("load_balancer.0.container_port")
            .and_then(Value::as_i64),
        Some(8080)
    );
    assert_eq!(
        web.get("launch_type").and_then(Value::as_str),
        Some("FARGATE")
    );
    assert_eq!(web.change.as_ref().unwrap().actions, ["create"]);

    // An unknown image blanks the whole jsonencode()d string.
    let app = resource(&m, "aws_ecs_task_definition.app");
    assert!(is_unknown(app.get("container_definitions")));
    assert_eq!(
        app.get("network_mode").and_then(Value::as_str),
        Some("awsvpc")
    );
    let stat = resource(&m, "aws_ecs_task_definition.static");
    let defs = stat
        .get("container_definitions")
        .and_then(Value::as_str)
        .unwrap();
    let defs: serde_json::Value = serde_json::from_str(defs).unwrap();
    assert_eq!(defs[0]["portMappings"][0]["hostPort"], 80);

    let blue = resource(&m, "module.svc[\"blue\"].aws_ecs_service.this[0]");
    assert_eq!(blue.module, "module.svc[\"blue\"]");
    assert_eq!(blue.key, Some(InstanceKey::Int(0)));
    assert_eq!(refs(blue, "task_definition"), ["var.task_definition"]);
    assert_eq!(
        via_calls(blue, "task_definition"),
        pairs(&[
            ("", "aws_ecs_task_definition.static.arn"),
            ("", "aws_ecs_task_definition.static")
        ])
    );
    assert_eq!(blue.get("name").and_then(Value::as_str), Some("blue"));
    assert_eq!(
        blue.get("ordered_placement_strategy.0.type")
            .and_then(Value::as_str),
        Some("spread")
    );
}

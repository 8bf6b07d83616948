//! The HCL front end on the fixtures under testdata/hcl: resolved values, addresses,
//! unknown reasons and locations.

use ecsnet::input::LoadOptions;
use ecsnet::input::hcl::load_root;
use ecsnet::model::{Model, Resource, Value};
use std::path::PathBuf;

fn dir(case: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/hcl")
        .join(case)
}

fn load(case: &str) -> Model {
    load_root(&dir(case), &LoadOptions::default())
}

fn res<'a>(m: &'a Model, address: &str) -> &'a Resource {
    m.resources
        .iter()
        .find(|r| r.address == address)
        .unwrap_or_else(|| {
            let all: Vec<_> = m.resources.iter().map(|r| r.address.as_str()).collect();
            panic!("no {address} in {all:?}")
        })
}

/// The container definitions as a JSON value: parsed when a string, converted when a
/// structure with unknown leaves (unknowns become null).
fn containers(r: &Resource) -> serde_json::Value {
    match r.get("container_definitions") {
        Some(Value::String(s)) => serde_json::from_str(s).unwrap(),
        Some(v) => v.to_json(),
        None => panic!("no container_definitions in {}", r.address),
    }
}

fn line(r: &Resource, path: &str) -> u32 {
    r.attr_locations
        .get(path)
        .unwrap_or_else(|| panic!("no location for {path} in {:?}", r.attr_locations.keys()))
        .line
}

#[test]
fn jsonencode_with_variables_and_locals_keeps_ports_next_to_an_unknown_image() {
    let m = load("jsonencode_locals");
    assert!(m.problems.is_empty(), "{:?}", m.problems);
    let td = res(&m, "aws_ecs_task_definition.app");
    let cd = td.get("container_definitions").unwrap();
    // The image is unknown (repository URL is computed), so the structure is kept.
    assert!(matches!(cd, Value::List(_)), "{cd:?}");
    let c = containers(td);
    assert_eq!(c[0]["name"], "api-prod");
    assert_eq!(c[0]["portMappings"][0]["containerPort"], 8080);
    assert_eq!(c[0]["portMappings"][0]["hostPort"], 80);
    assert_eq!(c[0]["portMappings"][1]["hostPort"], 0);
    assert_eq!(c[0]["environment"][0]["value"], "8080");
    assert!(
        cd.path("0.image")
            .unwrap()
            .unknown_reason()
            .unwrap()
            .contains("repository_url"),
        "{cd:?}"
    );
    assert_eq!(td.get("network_mode").unwrap().as_str(), Some("bridge"));
    assert_eq!(td.location.as_ref().unwrap().line, 27);
    assert_eq!(&*td.location.as_ref().unwrap().file, "main.tf");
    assert_eq!(line(td, "network_mode"), 29);
    // Keys inside container_definitions point at the local where they are written.
    assert_eq!(
        line(td, "container_definitions.0.portMappings.0.hostPort"),
        11
    );
    assert_eq!(
        line(td, "container_definitions.0.portMappings.1.hostPort"),
        12
    );
    assert_eq!(
        td.suppressions,
        vec![(
            "ECS201".to_string(),
            "bridge mode is deliberate here".to_string()
        )]
    );

    let svc = res(&m, "aws_ecs_service.app");
    // A string variable converts to the schema's number, as Terraform plans it.
    assert_eq!(svc.get("desired_count"), Some(&Value::Number(3.0)));
    assert_eq!(
        svc.references.get("task_definition").unwrap(),
        &vec![
            "aws_ecs_task_definition.app.arn".to_string(),
            "aws_ecs_task_definition.app".to_string()
        ]
    );
    assert!(
        svc.get("task_definition")
            .unwrap()
            .unknown_reason()
            .is_some(),
        "arn is computed"
    );
    assert_eq!(svc.get("name").unwrap().as_str(), Some("api-prod"));
}

fn ports(r: &Resource) -> Vec<(String, i64, Option<i64>)> {
    let mut out = Vec::new();
    for c in containers(r).as_array().unwrap() {
        for p in c["portMappings"].as_array().into_iter().flatten() {
            out.push((
                c["name"].as_str().unwrap().to_string(),
                p["containerPort"].as_i64().unwrap(),
                p["hostPort"].as_i64(),
            ));
        }
    }
    out
}

fn p(name: &str, c: i64, h: Option<i64>) -> (String, i64, Option<i64>) {
    (name.to_string(), c, h)
}

#[test]
fn heredoc_json_is_rendered() {
    let m = load("heredoc_json");
    let td = res(&m, "aws_ecs_task_definition.web");
    assert_eq!(ports(td), vec![p("web", 3000, Some(3000))]);
    assert_eq!(td.get("cpu"), Some(&Value::String("256".into())));
    assert_eq!(line(td, "container_definitions"), 12);
    // Keys inside the heredoc point into it.
    assert_eq!(
        loc(td, "container_definitions.0.portMappings.0.hostPort"),
        ("main.tf".into(), 19, 45)
    );
    assert_eq!(
        loc(td, "container_definitions.0.name"),
        ("main.tf".into(), 15, 9)
    );
}

fn loc(r: &Resource, path: &str) -> (String, u32, u32) {
    let l = r
        .attr_locations
        .get(path)
        .unwrap_or_else(|| panic!("no location for {path} in {:?}", r.attr_locations.keys()));
    (l.file.to_string(), l.line, l.column)
}

#[test]
fn file_is_read_relative_to_the_module() {
    let m = load("file_json");
    let td = res(&m, "aws_ecs_task_definition.worker");
    assert_eq!(ports(td), vec![p("worker", 8125, Some(8125))]);
    assert_eq!(
        loc(td, "container_definitions.0.portMappings.0.hostPort"),
        ("containers.json".into(), 7, 47)
    );
}

#[test]
fn templatefile_with_a_for_directive() {
    let m = load("templatefile_for");
    let td = res(&m, "aws_ecs_task_definition.proxy");
    assert_eq!(
        ports(td),
        vec![p("proxy", 80, Some(80)), p("proxy", 443, Some(443))]
    );
    // Keys written before the for directive and inside it (each repetition of the loop
    // body points at the same line of the template).
    assert_eq!(
        loc(td, "container_definitions.0.portMappings"),
        ("containers.json.tpl".into(), 7, 5)
    );
    for i in 0..2 {
        assert_eq!(
            loc(
                td,
                &format!("container_definitions.0.portMappings.{i}.hostPort")
            ),
            ("containers.json.tpl".into(), 9, 32)
        );
    }
}

#[test]
fn data_template_file_renders() {
    let m = load("data_template_file");
    let td = res(&m, "aws_ecs_task_definition.registry");
    assert_eq!(ports(td), vec![p("registry", 5000, Some(0))]);
    assert_eq!(
        loc(td, "container_definitions.0.portMappings.0.hostPort"),
        ("containers.tpl".into(), 2, 47)
    );
    let d = res(&m, "data.template_file.containers");
    assert_eq!(d.mode, ecsnet::model::Mode::Data);
    assert!(
        d.get("rendered")
            .unwrap()
            .as_str()
            .unwrap()
            .contains("5000")
    );
}

#[test]
fn module_for_each_over_a_map_from_tfvars() {
    let m = load("module_for_each");
    assert!(m.problems.is_empty(), "{:?}", m.problems);
    let api = res(&m, "module.svc[\"api\"].aws_ecs_service.this");
    assert_eq!(api.module, "module.svc[\"api\"]");
    assert_eq!(api.get("desired_count"), Some(&Value::Number(2.0)));
    assert_eq!(&*api.location.as_ref().unwrap().file, "modules/svc/main.tf");
    assert_eq!(api.location.as_ref().unwrap().line, 30);
    assert_eq!(
        api.references.get("task_definition").unwrap()[0],
        "aws_ecs_task_definition.this.arn"
    );
    assert_eq!(
        api.get("cluster").unwrap().unknown_reason(),
        Some("aws_ecs_cluster.main.id is known after apply")
    );
    let web_td = res(&m, "module.svc[\"web\"].aws_ecs_task_definition.this");
    assert_eq!(ports(web_td), vec![p("web", 80, Some(80))]);
    assert_eq!(
        res(&m, "module.svc[\"web\"].aws_ecs_service.this").get("desired_count"),
        Some(&Value::Number(1.0)),
        "optional() default"
    );
    // Keys inside jsonencode point into the module's file.
    let l = web_td
        .attr_locations
        .get("container_definitions.0.portMappings.0.hostPort")
        .unwrap();
    assert_eq!((l.file.as_ref(), l.line), ("modules/svc/main.tf", 26));
}

#[test]
fn nested_module_outputs_flow_to_the_parent() {
    let m = load("nested_modules");
    let td = res(&m, "module.app.module.task.aws_ecs_task_definition.this");
    assert_eq!(td.get("family").unwrap().as_str(), Some("billing-app"));
    assert_eq!(ports(td), vec![p("app", 7000, None)]);
    let svc = res(&m, "aws_ecs_service.billing");
    assert_eq!(svc.get("desired_count"), Some(&Value::Number(2.0)));
    assert_eq!(
        svc.get("task_definition").unwrap().unknown_reason(),
        Some("module.app.module.task.aws_ecs_task_definition.this.arn is known after apply")
    );
    assert_eq!(
        svc.references.get("task_definition").unwrap(),
        &vec![
            "module.app.task_definition_arn".to_string(),
            "module.app".to_string()
        ]
    );
}

#[test]
fn count_from_a_conditional() {
    let m = load("count_conditional");
    let addrs: Vec<&str> = m.resources.iter().map(|r| r.address.as_str()).collect();
    assert_eq!(
        addrs,
        vec!["aws_ecs_task_definition.app[0]", "aws_ecs_service.app[0]"]
    );
    let td = res(&m, "aws_ecs_task_definition.app[0]");
    assert_eq!(td.get("family").unwrap().as_str(), Some("app-0"));
    assert_eq!(ports(td), vec![p("app", 8080, None)]);
}

#[test]
fn dynamic_load_balancer_blocks_expand() {
    let m = load("dynamic_lb");
    let svc = res(&m, "aws_ecs_service.web");
    let lbs = svc.get("load_balancer").unwrap().as_list().unwrap();
    assert_eq!(lbs.len(), 2);
    assert_eq!(
        svc.get("load_balancer.0.container_name").unwrap().as_str(),
        Some("admin")
    );
    assert_eq!(
        svc.get("load_balancer.1.container_port"),
        Some(&Value::Number(80.0))
    );
    assert!(
        svc.references["load_balancer.0.target_group_arn"]
            .contains(&"aws_lb_target_group.tg".to_string())
    );
    assert_eq!(line(svc, "load_balancer.0.container_port"), 39);
    let tg = res(&m, "aws_lb_target_group.tg[\"http\"]");
    assert_eq!(tg.get("port"), Some(&Value::Number(80.0)));
    let td = res(&m, "aws_ecs_task_definition.web");
    assert_eq!(
        ports(td),
        vec![p("admin", 9000, Some(0)), p("http", 80, Some(0))]
    );
}

#[test]
fn merge_of_a_base_container_with_overrides() {
    let m = load("merge_containers");
    let td = res(&m, "aws_ecs_task_definition.pair");
    assert_eq!(
        ports(td),
        vec![p("front", 80, Some(80)), p("back", 8080, Some(0))]
    );
    // The first container's hostPort comes from the base local, the second's from its override.
    assert_eq!(
        line(td, "container_definitions.0.portMappings.0.hostPort"),
        6
    );
    assert_eq!(
        line(td, "container_definitions.1.portMappings.0.hostPort"),
        15
    );
}

#[test]
fn try_and_can_fall_back() {
    let m = load("try_fallbacks");
    let td = res(&m, "aws_ecs_task_definition.t");
    assert_eq!(
        ports(td),
        vec![p("web", 8081, Some(8081)), p("worker", 9000, Some(0))]
    );
    assert_eq!(td.get("network_mode").unwrap().as_str(), Some("bridge"));
    assert_eq!(
        res(&m, "aws_ecs_service.t").get("desired_count"),
        Some(&Value::Number(3.0))
    );
}

#[test]
fn override_files_replace_arguments_and_nested_blocks() {
    let m = load("override_file");
    let td = res(&m, "aws_ecs_task_definition.api");
    assert_eq!(td.get("network_mode").unwrap().as_str(), Some("awsvpc"));
    assert_eq!(&*td.attr_locations["network_mode"].file, "main_override.tf");
    assert_eq!(&*td.location.as_ref().unwrap().file, "main.tf");
    let svc = res(&m, "aws_ecs_service.api");
    assert_eq!(svc.get("desired_count"), Some(&Value::Number(4.0)));
    let strat = svc
        .get("ordered_placement_strategy")
        .unwrap()
        .as_list()
        .unwrap();
    assert_eq!(strat.len(), 1);
    assert_eq!(
        svc.get("ordered_placement_strategy.0.type")
            .unwrap()
            .as_str(),
        Some("binpack")
    );
}

#[test]
fn object_variable_with_optional_attributes() {
    let m = load("optional_object");
    let td = res(&m, "aws_ecs_task_definition.orders");
    assert_eq!(ports(td), vec![p("orders", 8080, Some(0))]);
    assert_eq!(td.get("network_mode").unwrap().as_str(), Some("bridge"));
    assert_eq!(
        res(&m, "aws_ecs_service.orders").get("desired_count"),
        Some(&Value::Number(2.0))
    );
}

#[test]
fn locals_cycle_is_reported_once_and_unknown() {
    let m = load("locals_cycle");
    assert_eq!(m.problems.len(), 1, "{:?}", m.problems);
    let f = &m.problems[0];
    assert_eq!(f.kind, ecsnet::model::ProblemKind::InvalidInput);
    assert_eq!(f.message, "locals cycle: local.a -> local.b -> local.a");
    assert_eq!(
        f.location.as_ref().map(|l| (l.file.as_ref(), l.line)),
        Some(("main.tf", 2))
    );
    let td = res(&m, "aws_ecs_task_definition.c");
    assert!(
        td.get("family")
            .unwrap()
            .unknown_reason()
            .unwrap()
            .starts_with("locals cycle")
    );
    assert_eq!(ports(td), vec![p("c", 8080, None)]);
}

#[test]
fn syntax_error_in_one_of_three_files() {
    let m = load("syntax_error");
    assert_eq!(m.problems.len(), 1);
    let f = &m.problems[0];
    assert_eq!(f.kind, ecsnet::model::ProblemKind::InvalidInput);
    let l = f.location.as_ref().unwrap();
    assert_eq!((l.file.as_ref(), l.line, l.column), ("b.tf", 3, 19));
    assert!(f.message.contains("invalid expression"), "{}", f.message);
    let addrs: Vec<&str> = m.resources.iter().map(|r| r.address.as_str()).collect();
    assert_eq!(
        addrs,
        vec!["aws_ecs_cluster.main", "aws_ecs_task_definition.ok"]
    );
}

#[test]
fn paths_outside_the_root_are_refused() {
    let ws = dir("outside_root/ws");
    let opts = LoadOptions {
        root: Some(ws.clone()),
        ..LoadOptions::default()
    };
    let m = load_root(&ws.join("app"), &opts);
    for name in ["leak", "etc", "symlink"] {
        let td = res(&m, &format!("aws_ecs_task_definition.{name}"));
        assert_eq!(
            td.get("container_definitions").unwrap().unknown_reason(),
            Some("path outside the analyzed root refused"),
            "{name}"
        );
    }
    let msgs: Vec<(&str, u32)> = m
        .problems
        .iter()
        .map(|f| (f.message.as_str(), f.location.as_ref().unwrap().line))
        .collect();
    assert_eq!(msgs.len(), 3, "{msgs:?}");
    assert!(msgs[0].0.contains("refused") && msgs[0].1 == 3, "{msgs:?}");
    assert!(!format!("{m:?}").contains("top secret"));
    // Inside the workspace but outside the analyzed directory is fine.
    let inside = res(&m, "aws_ecs_task_definition.inside");
    assert_eq!(ports(inside), vec![p("in", 81, None)]);
}

#[test]
fn variables_follow_terraform_precedence() {
    let mut opts = LoadOptions::default();
    opts.env_vars.push(("app".into(), "from-env".into()));
    let m = load_root(&dir("jsonencode_locals"), &opts);
    assert_eq!(
        res(&m, "aws_ecs_service.app").get("name").unwrap().as_str(),
        Some("from-env-prod")
    );
    opts.var_files.push(dir("module_for_each/terraform.tfvars"));
    opts.vars.push(("desired".into(), "7".into()));
    opts.vars.push(("container_port".into(), "9999".into()));
    let m = load_root(&dir("jsonencode_locals"), &opts);
    let svc = res(&m, "aws_ecs_service.app");
    assert_eq!(svc.get("desired_count"), Some(&Value::Number(7.0)));
    let c = containers(res(&m, "aws_ecs_task_definition.app"));
    assert_eq!(c[0]["portMappings"][0]["containerPort"], 9999);
}

fn load_dir(rel: &str) -> Model {
    let d = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel);
    load_root(&d, &LoadOptions::default())
}

fn caller(module: &str, reference: &str) -> ecsnet::model::CallerReference {
    ecsnet::model::CallerReference {
        module: module.into(),
        reference: reference.into(),
    }
}

#[test]
fn module_inputs_lead_to_the_callers_references() {
    let m = load_dir("testdata/plan-input/real");
    let svc = res(&m, "module.svc[\"blue\"].aws_ecs_service.this[0]");
    let td = &svc.module_call_references["task_definition"];
    assert!(
        td.contains(&caller("", "aws_ecs_task_definition.static.arn")),
        "{td:?}"
    );
    assert!(td.contains(&caller("", "aws_ecs_task_definition.static")));
    let cluster = &svc.module_call_references["cluster"];
    assert_eq!(
        cluster,
        &vec![
            caller("", "aws_ecs_cluster.main.id"),
            caller("", "aws_ecs_cluster.main")
        ]
    );
    // `desired_count = 1` has no references to follow.
    assert!(!svc.module_call_references.contains_key("desired_count"));
}

#[test]
fn module_outputs_lead_into_the_called_module() {
    let m = load_dir("testdata/source-map");
    let svc = res(&m, "module.svc[\"cart\"].aws_ecs_service.this");
    assert_eq!(
        svc.module_call_references["task_definition"],
        vec![
            caller(
                "module.svc[\"cart\"].module.td",
                "aws_ecs_task_definition.this.arn"
            ),
            caller(
                "module.svc[\"cart\"].module.td",
                "aws_ecs_task_definition.this"
            ),
        ]
    );
    // Up, then up again is not needed: `cluster_id` is a root resource.
    assert_eq!(
        svc.module_call_references["cluster"][0],
        caller("", "aws_ecs_cluster.main.id")
    );
    // Inside the nested module, `family = var.family` goes up to `var.name` in the service
    // module, whose own argument (`each.key`) names no object.
    let td = res(
        &m,
        "module.svc[\"cart\"].module.td.aws_ecs_task_definition.this",
    );
    assert_eq!(
        td.module_call_references["family"],
        vec![caller("module.svc[\"cart\"]", "var.name")]
    );
}

#[test]
fn services_in_modules_link_through_inputs_and_outputs() {
    use ecsnet::run::{Invocation, analyze};
    for (dir, expect) in [
        (
            "testdata/plan-input/real",
            [
                (
                    "module.svc[\"blue\"].aws_ecs_service.this[0]",
                    "aws_ecs_task_definition.static",
                ),
                (
                    "module.svc[\"green\"].aws_ecs_service.this[0]",
                    "aws_ecs_task_definition.static",
                ),
            ],
        ),
        (
            "testdata/source-map",
            [
                (
                    "module.svc[\"cart\"].aws_ecs_service.this",
                    "module.svc[\"cart\"].module.td.aws_ecs_task_definition.this",
                ),
                (
                    "module.svc[\"shop\"].aws_ecs_service.this",
                    "module.svc[\"shop\"].module.td.aws_ecs_task_definition.this",
                ),
            ],
        ),
    ] {
        let inv = Invocation {
            paths: vec![format!("{}/{dir}", env!("CARGO_MANIFEST_DIR"))],
            ..Invocation::default()
        };
        let report = analyze(&inv, &mut std::io::empty());
        for (svc, td) in expect {
            let s = report.services.iter().find(|s| s.address == svc).unwrap();
            assert_eq!(s.task_definition.as_deref(), Some(td), "{svc}");
            assert_eq!(s.launch_type.as_deref(), Some("EC2"), "{svc}");
        }
        assert!(
            !report
                .findings
                .iter()
                .any(|f| f.rule == "unresolved-task-definition"),
            "{:?}",
            report.findings
        );
    }
}

#[test]
fn module_resources_know_the_module_calls_that_lead_to_them() {
    let m = load_dir("testdata/source-map");
    let td = res(
        &m,
        "module.svc[\"shop\"].module.td.aws_ecs_task_definition.this",
    );
    let calls: Vec<(&str, u32, u32)> = td
        .module_calls
        .iter()
        .map(|l| (l.file.as_ref(), l.line, l.column))
        .collect();
    assert_eq!(
        calls,
        vec![("main.tf", 7, 1), ("modules/service/main.tf", 17, 1)]
    );
    let cluster = res(&m, "aws_ecs_cluster.main");
    assert!(cluster.module_calls.is_empty());
}

#[test]
fn keys_inside_quoted_json_strings_are_located_unless_interpolated() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("main.tf"),
        concat!(
            "locals {\n",
            "  key = \"hostPort\"\n",
            "}\n",
            "resource \"aws_ecs_task_definition\" \"a\" {\n",
            "  family                = \"a\"\n",
            "  container_definitions = \"[{\\\"name\\\": \\\"a\\\", \\\"portMappings\\\": [{\\\"containerPort\\\": 80, \\\"hostPort\\\": 80}]}]\"\n",
            "}\n",
            "resource \"aws_ecs_task_definition\" \"b\" {\n",
            "  family                = \"b\"\n",
            "  container_definitions = \"[{\\\"name\\\": \\\"b\\\", \\\"portMappings\\\": [{\\\"containerPort\\\": 80, \\\"${local.key}\\\": 80}]}]\"\n",
            "}\n",
        ),
    )
    .unwrap();
    let m = load_root(tmp.path(), &LoadOptions::default());
    let a = res(&m, "aws_ecs_task_definition.a");
    assert_eq!(ports(a), vec![p("a", 80, Some(80))]);
    assert_eq!(
        loc(a, "container_definitions.0.portMappings.0.hostPort"),
        ("main.tf".into(), 6, 90)
    );
    let b = res(&m, "aws_ecs_task_definition.b");
    assert_eq!(ports(b), vec![p("b", 80, Some(80))]);
    // The key comes from an interpolation: no place inside the string is claimed.
    assert!(
        b.attr_locations
            .contains_key("container_definitions.0.portMappings")
    );
    assert!(
        !b.attr_locations
            .contains_key("container_definitions.0.portMappings.0.hostPort")
    );
    assert_eq!(
        b.location_of("container_definitions.0.portMappings.0.hostPort")
            .map(|l| l.line),
        Some(10)
    );
}

#[test]
fn var_and_var_file_apply_in_command_line_order() {
    use ecsnet::input::VarArg;
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("main.tf"),
        concat!(
            "variable \"family\" {\n  type = string\n}\n",
            "resource \"aws_ecs_task_definition\" \"a\" {\n",
            "  family                = var.family\n",
            "  container_definitions = \"[]\"\n",
            "}\n",
        ),
    )
    .unwrap();
    let file = tmp.path().join("x.tfvars");
    std::fs::write(&file, "family = \"from-file\"\n").unwrap();
    let family = |var_args: Vec<VarArg>| {
        let opts = LoadOptions {
            var_args,
            ..LoadOptions::default()
        };
        let m = load_root(tmp.path(), &opts);
        let r = res(&m, "aws_ecs_task_definition.a");
        r.get("family").unwrap().as_str().unwrap().to_string()
    };
    let var = || VarArg::Var("family".into(), "from-var".into());
    assert_eq!(family(vec![var(), VarArg::File(file.clone())]), "from-file");
    assert_eq!(family(vec![VarArg::File(file.clone()), var()]), "from-var");
    // Without the interleaved list, files apply before variables.
    let opts = LoadOptions {
        vars: vec![("family".into(), "from-var".into())],
        var_files: vec![file.clone()],
        ..LoadOptions::default()
    };
    assert_eq!(opts.var_sequence(), vec![VarArg::File(file.clone()), var()]);
}

/// Links follow the evaluated value: through a local and an undecided condition (both
/// branches kept, the first assumed and said), through `try()`, and subnet ids through a
/// `for` over the subnet instances.
#[test]
fn links_through_locals_conditions_and_try() {
    let inv = ecsnet::run::Invocation {
        paths: vec![dir("links-undecided").display().to_string()],
        ..Default::default()
    };
    let r = ecsnet::run::analyze(&inv, &mut std::io::empty());
    let svc = |a: &str| r.services.iter().find(|s| s.address == a).unwrap();
    let switch = svc("aws_ecs_service.switch");
    assert_eq!(
        switch.task_definition.as_deref(),
        Some("aws_ecs_task_definition.green")
    );
    assert!(
        switch.unknowns.iter().any(|u| u.contains(
            "depends on a condition that is not known (var.use_green has no value); assumed `aws_ecs_task_definition.green`"
        )),
        "{:?}",
        switch.unknowns
    );
    assert_eq!(switch.scaling.subnet_ip_capacity, Some(502));
    let fixed = svc("aws_ecs_service.fixed");
    assert_eq!(
        fixed.task_definition.as_deref(),
        Some("aws_ecs_task_definition.blue")
    );
    assert!(fixed.unknowns.is_empty(), "{:?}", fixed.unknowns);
    assert_eq!(fixed.scaling.subnet_ip_capacity, Some(251));
    // The model records where each traced value came from.
    let m = load("links-undecided");
    let s = res(&m, "aws_ecs_service.switch");
    let t = &s.resolved["task_definition"];
    assert_eq!(
        t.addresses,
        [
            "aws_ecs_task_definition.green",
            "aws_ecs_task_definition.blue"
        ]
    );
    assert!(t.undecided.is_some());
    assert_eq!(
        s.resolved["network_configuration.0.subnets.1"].addresses,
        ["aws_subnet.app[1]"]
    );
}

/// Bridge and host tasks run only on container instances: with the platform unknown, a
/// static host port (or host mode) still means one task per instance, and the port rules
/// apply.
#[test]
fn platform_unknown_bridge_and_host_bound_one_per_instance() {
    let inv = ecsnet::run::Invocation {
        paths: vec![dir("platform-unknown-bridge").display().to_string()],
        settings: ecsnet::settings::Settings {
            max_instances: Some(1),
            ..Default::default()
        },
        ..Default::default()
    };
    let r = ecsnet::run::analyze(&inv, &mut std::io::empty());
    let svc = |a: &str| r.services.iter().find(|s| s.address == a).unwrap();
    for (a, by) in [
        ("aws_ecs_service.bridge", "static-host-port"),
        ("aws_ecs_service.host", "host-network"),
    ] {
        let s = svc(a);
        assert_eq!(s.launch_type, None, "{a}");
        assert_eq!(s.scaling.tasks_per_instance, Some(1), "{a}");
        assert_eq!(
            s.scaling.tasks_per_instance_limited_by.as_deref(),
            Some(by),
            "{a}"
        );
    }
    let rules: Vec<(&str, Option<&str>)> = r
        .findings
        .iter()
        .map(|f| (f.rule, f.subject.as_deref()))
        .collect();
    assert!(
        rules.contains(&(
            "static-port-capacity-exceeded",
            Some("aws_ecs_service.bridge")
        )),
        "{rules:?}"
    );
    assert!(
        rules.contains(&(
            "static-port-deployment-deadlock",
            Some("aws_ecs_service.host")
        )),
        "{rules:?}"
    );
}

/// ENI trunking on an instance type newer than ECS's trunking table (m7i): the trunked limit
/// is unknown, the limit without trunking a lower bound, and `eni-capacity-exceeded` is not
/// raised as a fact; the same from the files and from their plan.
#[test]
fn trunking_on_a_type_newer_than_the_table_is_a_lower_bound() {
    for input in ["trunking-newer-type", "trunking-newer-type/plan.json"] {
        let inv = ecsnet::run::Invocation {
            paths: vec![dir(input).display().to_string()],
            ..Default::default()
        };
        let r = ecsnet::run::analyze(&inv, &mut std::io::empty());
        let s = &r.services[0];
        assert_eq!(s.scaling.tasks_per_instance, None, "{input}");
        assert!(
            s.unknowns.iter().any(|u| u.contains(
                "`m7i.large` is not in ECS's ENI trunking table, so its trunked awsvpc task limit is unknown; without trunking it holds 2"
            )),
            "{input}: {:?}",
            s.unknowns
        );
        assert!(
            !r.findings.iter().any(|f| f.rule == "eni-capacity-exceeded"),
            "{input}: {:?}",
            r.findings
        );
    }
}

/// Each message says a thing once, and a reference to an output the module does not declare
/// is an error at the reference (Terraform rejects it).
#[test]
fn messages_say_it_once_and_undeclared_outputs_are_errors() {
    let inv = ecsnet::run::Invocation {
        paths: vec![dir("messages").display().to_string()],
        ..Default::default()
    };
    let r = ecsnet::run::analyze(&inv, &mut std::io::empty());
    let p = r
        .services
        .iter()
        .find(|s| s.address == "aws_ecs_service.missing_provider")
        .unwrap();
    let line = p
        .unknowns
        .iter()
        .find(|u| u.starts_with("platform:"))
        .unwrap();
    assert_eq!(
        line,
        "platform: capacity provider `missing` is not defined in the inputs"
    );
    let e = r
        .findings
        .iter()
        .find(|f| f.rule == "invalid-input")
        .expect("an error at the reference");
    assert_eq!(
        e.message,
        "module `module.m` declares no output `nope`: Terraform rejects this reference"
    );
    let l = e.location.as_ref().unwrap();
    assert!(
        l.file.ends_with("messages/main.tf") && l.line == 17,
        "{l:?}"
    );
    for f in &r.findings {
        for phrase in ["is not defined in the inputs", "is known after apply"] {
            assert!(f.message.matches(phrase).count() <= 1, "{}", f.message);
        }
    }
}

/// `data "template_file"` with an unknown var inside a JSON string: the same partial
/// knowledge as `templatefile()`, and no message names a `jsonencode` that is not there.
#[test]
fn template_file_with_unknown_vars_keeps_the_ports() {
    let inv = ecsnet::run::Invocation {
        paths: vec![dir("template-file-unknown-vars").display().to_string()],
        ..Default::default()
    };
    let r = ecsnet::run::analyze(&inv, &mut std::io::empty());
    let ports = |a: &str| {
        let s = r.services.iter().find(|s| s.address == a).unwrap();
        (
            s.port_strategy.clone(),
            s.ports.iter().map(|p| p.container_port).collect::<Vec<_>>(),
        )
    };
    assert_eq!(
        ports("aws_ecs_service.app"),
        ("dynamic".into(), vec![Some(8080)])
    );
    assert_eq!(
        ports("aws_ecs_service.tf"),
        ("dynamic".into(), vec![Some(9090)])
    );
    let all = serde_json::to_string(&r).unwrap();
    assert!(!all.contains("jsonencode"), "{all}");
}

/// `module.td.arns[each.key]` and `module.td["k"].arn` narrow to the one instance, from the
/// files and from the plan without its source (whose references keep only `each.key`).
#[test]
fn module_outputs_indexed_by_each_key_link_to_one_instance() {
    for input in ["module-map-output", "module-map-output/plan.json"] {
        let inv = ecsnet::run::Invocation {
            paths: vec![dir(input).display().to_string()],
            ..Default::default()
        };
        let r = ecsnet::run::analyze(&inv, &mut std::io::empty());
        for k in ["a", "b"] {
            let s = r
                .services
                .iter()
                .find(|s| s.address == format!("aws_ecs_service.s[\"{k}\"]"))
                .unwrap();
            assert_eq!(
                s.task_definition.as_deref(),
                Some(format!("module.td.aws_ecs_task_definition.this[\"{k}\"]").as_str()),
                "{input}"
            );
        }
    }
}

/// `"[${jsonencode(def)}]"` with one unknown value inside: the text stays JSON with its known
/// ports, from the files and from the plan with them as its source.
#[test]
fn encoded_json_interpolated_into_a_string_keeps_its_ports() {
    let d = dir("json-in-template");
    for (paths, source) in [
        (vec![d.display().to_string()], None),
        (
            vec![d.join("plan.json").display().to_string()],
            Some(d.clone()),
        ),
    ] {
        let inv = ecsnet::run::Invocation {
            paths,
            load: LoadOptions {
                source,
                ..LoadOptions::default()
            },
            ..Default::default()
        };
        let r = ecsnet::run::analyze(&inv, &mut std::io::empty());
        let s = &r.services[0];
        assert_eq!(s.port_strategy, "mixed");
        let ports: Vec<_> = s
            .ports
            .iter()
            .map(|p| (p.container_port, p.host_port))
            .collect();
        assert_eq!(ports, [(Some(8080), None), (Some(9090), Some(9090))]);
        assert_eq!(s.scaling.tasks_per_instance, Some(1));
    }
}

#[test]
fn a_repeated_object_key_keeps_the_later_value() {
    let m = load("repeated_keys");
    assert!(m.problems.is_empty(), "{:#?}", m.problems);
    let td = res(&m, "aws_ecs_task_definition.app");
    // Three `team` keys (bare and quoted): the last one.
    assert_eq!(td.get("family"), Some(&Value::String("app-c".into())));
    let c = containers(td);
    assert_eq!(c[0]["environment"][0]["value"], "later");
    assert_eq!(c[0]["memory"], 512);
    // Lines stay where they are written.
    assert_eq!(
        line(td, "container_definitions.0.portMappings.0.hostPort"),
        16
    );
}

#[test]
fn filebase64_reads_inside_the_root_only() {
    let m = load("filebase64");
    let lt = res(&m, "aws_launch_template.ecs");
    let Some(Value::String(b64)) = lt.get("user_data") else {
        panic!("{:?}", lt.get("user_data"))
    };
    // "#!/bin/bash\n…" in base64.
    assert!(b64.starts_with("IyEvYmluL2Jhc2gK"), "{b64}");
    let out = res(&m, "aws_launch_template.outside");
    assert!(
        !matches!(out.get("user_data"), Some(Value::String(_))),
        "{:?}",
        out.get("user_data")
    );
}

//! Evaluator semantics, checked through `load_root` on small generated directories.

use super::load_root;
use crate::input::LoadOptions;
use crate::model::{Model, Value};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

static N: AtomicUsize = AtomicUsize::new(0);

fn run(files: &[(&str, &str)]) -> Model {
    let dir: PathBuf = std::env::temp_dir().join(format!(
        "ecsnet-hcl-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    let m = load_root(&dir, &LoadOptions::default());
    std::fs::remove_dir_all(&dir).unwrap();
    m
}

/// Evaluates `attrs` (HCL arguments) on a cluster resource, with extra top-level text.
fn eval(extra: &str, attrs: &str) -> Value {
    let src = format!("{extra}\nresource \"aws_ecs_cluster\" \"t\" {{\n{attrs}\n}}\n");
    let m = run(&[("main.tf", &src)]);
    assert!(m.problems.is_empty(), "{:?}", m.problems);
    m.resources[0].values.clone()
}

fn get(v: &Value, k: &str) -> Value {
    v.path(k)
        .cloned()
        .unwrap_or_else(|| panic!("no {k} in {v:?}"))
}

fn s(x: &str) -> Value {
    Value::String(x.into())
}

#[test]
fn operators_follow_terraform() {
    let v = eval(
        "",
        r#"
        a = "8080" + 1
        b = 7 / 2
        c = 1 == "1"
        d = try(1 / 0, "div0")
        e = !false && 3 >= 2
        f = -(2 * 3) % 4
        g = "${1 + 1}"
        h = "x${true}"
        "#,
    );
    assert_eq!(get(&v, "a"), Value::Number(8081.0));
    assert_eq!(get(&v, "b"), Value::Number(3.5));
    assert_eq!(get(&v, "c"), Value::Bool(false));
    assert_eq!(get(&v, "d"), s("div0"));
    assert_eq!(get(&v, "e"), Value::Bool(true));
    assert_eq!(get(&v, "f"), Value::Number(-2.0));
    assert_eq!(get(&v, "g"), Value::Number(2.0));
    assert_eq!(get(&v, "h"), s("xtrue"));
}

#[test]
fn unknowns_propagate_with_short_circuits() {
    let v = eval(
        "variable \"u\" {}\nresource \"aws_lb\" \"x\" {}",
        r#"
        a = var.u
        b = false && var.u
        c = true || var.u
        d = var.u ? "x" : "x"
        e = var.u ? "x" : "y"
        f = [1, var.u, 3]
        g = length([1, var.u])
        h = "${var.u}-x"
        i = aws_lb.x.dns_name
        j = jsonencode({ port = 80, image = var.u })
        k = merge({ a = 1 }, { b = var.u })
        "#,
    );
    assert_eq!(get(&v, "a").unknown_reason(), Some("var.u has no value"));
    assert_eq!(get(&v, "b"), Value::Bool(false));
    assert_eq!(get(&v, "c"), Value::Bool(true));
    assert_eq!(get(&v, "d"), s("x"));
    assert!(get(&v, "e").unknown_reason().is_some());
    assert_eq!(get(&v, "f.0"), Value::Number(1.0));
    assert!(get(&v, "f.1").unknown_reason().is_some());
    assert_eq!(get(&v, "g"), Value::Number(2.0));
    assert!(get(&v, "h").unknown_reason().is_some());
    assert_eq!(
        get(&v, "i").unknown_reason(),
        Some("aws_lb.x.dns_name is known after apply")
    );
    // A partly unknown jsonencode keeps its structure.
    assert_eq!(get(&v, "j.port"), Value::Number(80.0));
    assert!(get(&v, "j.image").unknown_reason().is_some());
    assert_eq!(get(&v, "k.a"), Value::Number(1.0));
}

#[test]
fn for_expressions_splats_and_collections() {
    let v = eval(
        r#"locals {
          m = { b = 2, a = 1 }
          l = [{ p = 80 }, { p = 443 }]
        }"#,
        r#"
        a = [for k, x in local.m : "${k}=${x}"]
        b = { for x in local.l : tostring(x.p) => x.p if x.p > 100 }
        c = local.l[*].p
        d = local.l.*.p
        e = { for x in ["a", "b", "a"] : x => 1... }
        f = flatten([[1], [2, [3]]])
        g = keys(local.m)
        h = lookup(local.m, "z", 9)
        i = element(["x", "y"], 3)
        j = sort(distinct(["b", "a", "b"]))
        k = zipmap(["a"], [1])
        l = coalesce("", null, "c")
        m = one([])
        n = slice([1, 2, 3], 1, 3)
        o = setproduct(["a"], [1, 2])
        p = toset(["b", "a", "b"])
        "#,
    );
    assert_eq!(get(&v, "a").to_json(), serde_json::json!(["a=1", "b=2"]));
    assert_eq!(get(&v, "b").to_json(), serde_json::json!({"443": 443}));
    assert_eq!(get(&v, "c").to_json(), serde_json::json!([80, 443]));
    assert_eq!(get(&v, "d").to_json(), serde_json::json!([80, 443]));
    assert_eq!(
        get(&v, "e").to_json(),
        serde_json::json!({"a": [1, 1], "b": [1]})
    );
    assert_eq!(get(&v, "f").to_json(), serde_json::json!([1, 2, 3]));
    assert_eq!(get(&v, "g").to_json(), serde_json::json!(["a", "b"]));
    assert_eq!(get(&v, "h"), Value::Number(9.0));
    assert_eq!(get(&v, "i"), s("y"));
    assert_eq!(get(&v, "j").to_json(), serde_json::json!(["a", "b"]));
    assert_eq!(get(&v, "k").to_json(), serde_json::json!({"a": 1}));
    assert_eq!(get(&v, "l"), s("c"));
    assert_eq!(get(&v, "m"), Value::Null);
    assert_eq!(get(&v, "n").to_json(), serde_json::json!([2, 3]));
    assert_eq!(
        get(&v, "o").to_json(),
        serde_json::json!([["a", 1], ["a", 2]])
    );
    assert_eq!(get(&v, "p").to_json(), serde_json::json!(["a", "b"]));
}

#[test]
fn templates_with_directives_and_strip_markers() {
    let v = eval(
        "",
        r#"
        a = <<-EOT
          %{ for p in [80, 443] ~}
          ${p}
          %{ endfor ~}
          end
        EOT
        b = "%{ if true }yes%{ else }no%{ endif }"
        c = "$${literal}"
        d = jsonencode({ b = "<&>", a = [1.5, 10] })
        e = format("%s:%d", "h", 80)
        f = join(",", split("-", "a-b"))
        g = replace(upper(trimspace(" x-y ")), "-", "_")
        h = substr("abcdef", -3, 2)
        i = cidrsubnet("10.0.0.0/16", 4, 1)
        "#,
    );
    assert_eq!(get(&v, "a"), s("80\n443\nend\n"));
    assert_eq!(get(&v, "b"), s("yes"));
    assert_eq!(get(&v, "c"), s("${literal}"));
    assert_eq!(
        get(&v, "d"),
        s(r#"{"a":[1.5,10],"b":"\u003c\u0026\u003e"}"#)
    );
    assert_eq!(get(&v, "e"), s("h:80"));
    assert_eq!(get(&v, "f"), s("a,b"));
    assert_eq!(get(&v, "g"), s("X_Y"));
    assert_eq!(get(&v, "h"), s("de"));
    assert_eq!(get(&v, "i"), s("10.0.16.0/20"));
}

#[test]
fn unsupported_functions_and_huge_ranges_are_unknown_not_crashes() {
    let src = r#"
resource "aws_ecs_cluster" "t" {
  a = sha512("x")
  b = length(range(1e9))
  c = 9223372036854775807 * 4 * 1e300 * 1e300
  d = try(c, "no c")
  e = provider::aws::arn_parse("x")
  f = timestamp()
}
"#;
    let m = run(&[("main.tf", src)]);
    let v = &m.resources[0].values;
    assert_eq!(
        get(v, "a").unknown_reason(),
        Some("function sha512 is not supported")
    );
    assert!(get(v, "b").unknown_reason().unwrap().contains("range"));
    assert!(
        get(v, "c")
            .unknown_reason()
            .unwrap()
            .contains("out of range")
    );
    assert_eq!(get(v, "d"), s("no c"));
    assert!(get(v, "e").unknown_reason().is_some());
    assert!(get(v, "f").unknown_reason().is_some());
    assert_eq!(m.problems.len(), 1, "{:?}", m.problems);
    assert!(m.problems[0].message.contains("range()"));
}

#[test]
fn for_each_and_count_edge_cases() {
    let src = r#"
variable "u" {}
resource "aws_ecs_service" "big" {
  for_each = toset([for i in range(100001) : tostring(i)])
}
resource "aws_ecs_service" "unknown" {
  count = var.u
  name  = "n-${count.index}"
}
resource "aws_ecs_service" "none" {
  count = 0
}
resource "aws_ecs_service" "set" {
  for_each = toset(["b", "a"])
  name     = each.value
}
"#;
    let m = run(&[("main.tf", src)]);
    let addrs: Vec<&str> = m.resources.iter().map(|r| r.address.as_str()).collect();
    assert_eq!(
        addrs,
        vec![
            "aws_ecs_service.big",
            "aws_ecs_service.unknown",
            "aws_ecs_service.set[\"a\"]",
            "aws_ecs_service.set[\"b\"]"
        ]
    );
    assert!(
        m.problems.iter().any(|f| f.message.contains("100000")),
        "{:?}",
        m.problems
    );
    assert!(
        m.resources[1]
            .get("name")
            .unwrap()
            .unknown_reason()
            .unwrap()
            .contains("count")
    );
}

#[test]
fn module_calling_itself_is_a_finding_not_a_hang() {
    let m = run(&[(
        "main.tf",
        "module \"me\" {\n  source = \"./\"\n}\nresource \"aws_ecs_cluster\" \"c\" {\n  name = \"c\"\n}\n",
    )]);
    assert_eq!(m.resources.len(), 1);
    assert!(
        m.problems[0].message.contains("recursively"),
        "{:?}",
        m.problems
    );
    assert_eq!(m.problems[0].location.as_ref().unwrap().line, 2);
}

#[test]
fn tf_json_files_are_loaded() {
    let m = run(&[(
        "main.tf.json",
        r#"{"variable": {"port": {"type": "number", "default": 81}},
            "resource": {"aws_ecs_service": {"web": {
              "desired_count": "${var.port - 80}",
              "load_balancer": {"container_port": "${var.port}"}}}}}"#,
    )]);
    assert!(m.problems.is_empty(), "{:?}", m.problems);
    let r = &m.resources[0];
    assert_eq!(r.get("desired_count"), Some(&Value::Number(1.0)));
    assert_eq!(
        r.get("load_balancer.0.container_port"),
        Some(&Value::Number(81.0))
    );
    assert_eq!(r.location.as_ref().unwrap().line, 1);
}

#[test]
fn deep_local_chains_do_not_overflow() {
    let mut src = String::from("locals {\n  l0 = 1\n");
    for i in 1..2000 {
        src.push_str(&format!("  l{i} = local.l{} + 1\n", i - 1));
    }
    src.push_str("}\nresource \"aws_ecs_cluster\" \"c\" {\n  v = local.l1999\n}\n");
    let m = run(&[("main.tf", &src)]);
    // Beyond the nesting limit the value is unknown, never a crash.
    assert!(m.resources[0].get("v").unwrap().unknown_reason().is_some());
}

#[test]
fn registry_modules_use_modules_json_or_stay_unknown() {
    let main = r#"
module "remote" {
  source = "terraform-aws-modules/ecs/aws"
}
module "fetched" {
  source = "git::https://example.com/ecs.git"
}
resource "aws_ecs_service" "s" {
  desired_count   = module.fetched.count
  task_definition = module.remote.arn
}
"#;
    let dir: PathBuf = std::env::temp_dir().join(format!("ecsnet-hcl-mj-{}", std::process::id()));
    let fetched = dir.join(".terraform/modules/fetched");
    std::fs::create_dir_all(&fetched).unwrap();
    std::fs::write(dir.join("main.tf"), main).unwrap();
    std::fs::write(
        fetched.join("main.tf"),
        "output \"count\" {\n  value = 5\n}\n",
    )
    .unwrap();
    std::fs::write(
        dir.join(".terraform/modules/modules.json"),
        r#"{"Modules":[{"Key":"","Source":"","Dir":"."},
           {"Key":"fetched","Source":"git::https://example.com/ecs.git","Dir":".terraform/modules/fetched"}]}"#,
    )
    .unwrap();
    let m = load_root(&dir, &LoadOptions::default());
    std::fs::remove_dir_all(&dir).unwrap();
    let r = &m.resources[0];
    assert_eq!(r.get("desired_count"), Some(&Value::Number(5.0)));
    assert_eq!(
        r.get("task_definition").unwrap().unknown_reason(),
        Some("module remote source \"terraform-aws-modules/ecs/aws\" is not available locally")
    );
    assert!(m.problems.is_empty(), "{:?}", m.problems);
}

#[test]
fn distinct_and_grouping_are_linear_and_keep_terraform_semantics() {
    let v = eval(
        "locals {\n  values = [for i in range(100000) : i % 50000]\n}",
        r#"
        unique  = length(distinct(local.values))
        grouped = length({ for i in local.values : tostring(i) => i... })
        first   = { for i in local.values : tostring(i) => i... }["7"]
        mixed   = distinct([1, "1", 1, true, "true", [1], [1], { a = 1 }, { a = 1 }])
        order   = distinct(["b", "a", "b", "c", "a"])
        "#,
    );
    assert_eq!(get(&v, "unique"), Value::Number(50000.0));
    assert_eq!(get(&v, "grouped"), Value::Number(50000.0));
    assert_eq!(
        get(&v, "first"),
        Value::List(vec![Value::Number(7.0), Value::Number(7.0)])
    );
    assert_eq!(get(&v, "order"), Value::List(vec![s("b"), s("a"), s("c")]));
    match get(&v, "mixed") {
        Value::List(l) => assert_eq!(l.len(), 6, "{l:?}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn partly_unknown_collections_keep_their_known_parts() {
    let v = eval(
        "variable \"u\" {\n  type = string\n}",
        r#"
        filtered = { for k, v in { image = var.u, port = 80, cpu = null } : k => v if v != null }
        listed   = [for v in [var.u, 443, null] : v if v != null]
        compacted = compact(["a", var.u, "", "b"])
        merged   = merge({ a = 1 }, { b = var.u }, { c = 3 })
        looked   = lookup({ a = 1, b = var.u }, "a", 0)
        fallback = lookup({ b = var.u }, "z", 7)
        first    = coalesce("x", var.u)
        flat     = flatten([[{ port = 80 }], [{ image = var.u, port = 81 }]])
        opaque   = flatten([[1], [var.u]])
        joined   = concat([1], [var.u])
        tried    = try(var.u, "x")
        "#,
    );
    assert!(get(&v, "filtered.image").unknown_reason().is_some());
    assert_eq!(get(&v, "filtered.port"), Value::Number(80.0));
    assert!(v.path("filtered.cpu").is_none());
    assert!(get(&v, "listed.0").unknown_reason().is_some());
    assert_eq!(get(&v, "listed.1"), Value::Number(443.0));
    assert!(v.path("listed.2").is_none());
    assert_eq!(get(&v, "compacted.0"), s("a"));
    assert!(get(&v, "compacted.1").unknown_reason().is_some());
    assert_eq!(get(&v, "compacted.2"), s("b"));
    assert_eq!(get(&v, "merged.c"), Value::Number(3.0));
    assert!(get(&v, "merged.b").unknown_reason().is_some());
    assert_eq!(get(&v, "looked"), Value::Number(1.0));
    assert_eq!(get(&v, "fallback"), Value::Number(7.0));
    assert_eq!(get(&v, "first"), s("x"));
    // Objects with unknown fields flatten as they are; a bare unknown element may itself be
    // a list, so the whole result is unknown rather than guessed.
    assert_eq!(get(&v, "flat.1.port"), Value::Number(81.0));
    assert!(get(&v, "flat.1.image").unknown_reason().is_some());
    assert!(get(&v, "opaque").unknown_reason().is_some());
    assert!(get(&v, "joined.1").unknown_reason().is_some());
    assert!(get(&v, "tried").unknown_reason().is_some());
}

/// Locations carry the end of what was written (SARIF regions, annotations): one line only,
/// since code scanning shows a result only when every line of its region is in the diff.
#[test]
fn locations_end_where_the_written_text_ends() {
    let src = "resource \"aws_ecs_task_definition\" \"t\" {\n  family       = \"web\"\n  network_mode = \"bridge\"\n  container_definitions = <<EOT\n[{\"name\": \"web\", \"portMappings\": [{\"containerPort\": 80, \"hostPort\": 80}]}]\nEOT\n}\n";
    let m = run(&[("main.tf", src)]);
    let r = &m.resources[0];
    let at = |p: &str| {
        let l = r.attr_locations.get(p).unwrap_or_else(|| panic!("{p}"));
        (l.line, l.column, l.end_line, l.end_column)
    };
    // `network_mode = "bridge"`: the whole argument.
    assert_eq!(at("network_mode"), (3, 3, Some(3), Some(26)));
    // A heredoc runs over lines: the region ends with the first line.
    assert_eq!(at("container_definitions"), (4, 3, Some(4), Some(32)));
    // A key inside the JSON: its token with the quotes.
    let host = "\"hostPort\"".len() as u32;
    let (line, col, el, ec) = at("container_definitions.0.portMappings.0.hostPort");
    assert_eq!((line, el, ec), (5, Some(5), Some(col + host)));
    // The block: its header.
    let b = r.location.as_ref().unwrap();
    assert_eq!(
        (b.line, b.column, b.end_line, b.end_column),
        (1, 1, Some(1), Some(39))
    );
}

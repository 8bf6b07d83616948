//! Plan findings point at the same `.tf` lines as the HCL analysis of the plan's root
//! (`--source`), including resources in `for_each` and nested modules; a source edited after
//! planning is detected; a plan without its source still works.

use ecsnet::finding::Finding;
use ecsnet::input::LoadOptions;
use ecsnet::model::Location;
use ecsnet::report::Report;
use ecsnet::run::{Invocation, analyze};
use std::path::{Path, PathBuf};

fn testdata() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("testdata")
}

fn run(path: &Path, source: Option<&Path>) -> Report {
    let inv = Invocation {
        paths: vec![path.display().to_string()],
        load: LoadOptions {
            source: source.map(Path::to_path_buf),
            ..LoadOptions::default()
        },
        ..Invocation::default()
    };
    analyze(&inv, &mut std::io::empty())
}

type Key = (String, Option<String>, Option<Location>, Vec<Location>);

fn keys(findings: &[Finding]) -> Vec<Key> {
    let mut v: Vec<Key> = findings
        .iter()
        .filter(|f| f.code != "ECS902" && f.code != "ECS903")
        .map(|f| {
            (
                f.code.to_string(),
                f.subject.clone(),
                f.location.clone(),
                f.related.clone(),
            )
        })
        .collect();
    v.sort();
    v
}

/// Every directory that holds both Terraform and the real plan made from it.
fn twins() -> Vec<PathBuf> {
    let mut dirs = vec![
        testdata().join("example"),
        testdata().join("source-map"),
        testdata().join("source-map-sets"),
    ];
    for group in ["rules", "cases"] {
        for e in std::fs::read_dir(testdata().join(group)).unwrap() {
            let d = e.unwrap().path();
            for sub in [d.join("bad"), d.join("good"), d.clone()] {
                let hand_made = ["state", "deleted-service", "change-bridge-to-awsvpc"]
                    .iter()
                    .any(|h| sub.ends_with(h));
                let has_tf = std::fs::read_dir(&sub).is_ok_and(|mut it| {
                    it.any(|e| e.unwrap().path().extension().is_some_and(|x| x == "tf"))
                });
                if !hand_made && has_tf && sub.join("plan.json").is_file() {
                    dirs.push(sub);
                }
            }
        }
    }
    dirs
}

#[test]
fn plan_locations_equal_hcl_locations() {
    let dirs = twins();
    assert!(dirs.len() > 20, "only {} twins found", dirs.len());
    let mut located = 0;
    for d in dirs {
        let hcl = run(&d, None);
        let plan = run(&d.join("plan.json"), Some(&d));
        assert_eq!(keys(&plan.findings), keys(&hcl.findings), "{}", d.display());
        located += plan
            .findings
            .iter()
            .filter(|f| f.location.is_some())
            .count();
        for (p, h) in plan.services.iter().zip(&hcl.services) {
            assert_eq!(p.address, h.address, "{}", d.display());
            assert_eq!(p.location, h.location, "{}: {}", d.display(), p.address);
        }
    }
    assert!(located >= 8, "only {located} plan findings got a location");
}

#[test]
fn findings_inside_for_each_and_nested_modules_point_into_the_module() {
    let d = testdata().join("source-map");
    let plan = run(&d.join("plan.json"), Some(&d));
    let port = plan
        .findings
        .iter()
        .find(|f| f.code == "ECS201")
        .expect("ECS201 on the cart task definition");
    assert_eq!(
        port.subject.as_deref(),
        Some("module.svc[\"cart\"].module.td.aws_ecs_task_definition.this")
    );
    let l = port.location.as_ref().unwrap();
    assert!(l.file.ends_with("modules/taskdef/main.tf"), "{l:?}");
    // The `hostPort` key inside jsonencode(...), although the plan sorts containers by name.
    assert_eq!((l.line, l.column), (28, 9));
    // The module calls that lead there: `module "svc"` in the root, `module "td"` in the
    // service module.
    let related: Vec<(bool, u32)> = port
        .related
        .iter()
        .map(|r| (r.file.ends_with("modules/service/main.tf"), r.line))
        .collect();
    assert_eq!(related, vec![(false, 7), (true, 17)], "{:?}", port.related);
    assert!(port.related[0].file.ends_with("source-map/main.tf"));
    let missing: Vec<&Finding> = plan
        .findings
        .iter()
        .filter(|f| f.code == "ECS401")
        .collect();
    assert_eq!(missing.len(), 2, "{missing:#?}");
    for f in missing {
        let l = f.location.as_ref().unwrap();
        assert!(
            l.file.ends_with("modules/service/main.tf") && l.line == 24,
            "{l:?}"
        );
    }
}

#[test]
fn a_source_edited_after_planning_is_noted_not_mislocated() {
    let tmp = tempfile::tempdir().unwrap();
    let src = testdata().join("rules/ECS401-missing-network-configuration/bad");
    let text = std::fs::read_to_string(src.join("main.tf")).unwrap();
    std::fs::write(
        tmp.path().join("main.tf"),
        text.replace("desired_count   = 2", "desired_count   = 5"),
    )
    .unwrap();
    let plan = run(&src.join("plan.json"), Some(tmp.path()));
    let note = plan
        .findings
        .iter()
        .find(|f| f.code == "ECS904")
        .expect("a source-out-of-date note");
    assert!(
        note.message
            .contains("`desired_count` is `2` in the plan but `5` in the source"),
        "{}",
        note.message
    );
    let f = plan.findings.iter().find(|f| f.code == "ECS401").unwrap();
    assert_eq!(f.location, None, "no location from a stale source");
    // The task definition did not change: it keeps its location.
    assert!(plan.task_definitions[0].location.is_some());
}

#[test]
fn a_plan_without_source_has_addresses_but_no_files() {
    let d = testdata().join("source-map");
    let plan = run(&d.join("plan.json"), None);
    assert!(!plan.findings.is_empty());
    assert!(
        plan.findings
            .iter()
            .all(|f| f.location.is_none() && f.subject.is_some())
    );
    // How to get locations is said on stderr, not in the report.
    let table = ecsnet::report::render_table(&plan, None);
    assert!(!table.contains("--source"), "{table}");
    let said = ecsnet::run::diagnostics(&plan).join("\n");
    assert!(said.contains("--source DIR"), "{said}");
}

#[test]
fn set_blocks_reordered_by_the_plan_keep_their_lines() {
    let d = testdata().join("source-map-sets");
    let text = std::fs::read_to_string(d.join("plan.json")).unwrap();
    // The provider lists the written-second block first: the case this test is about.
    assert!(text.find("\"container_port\": 8080") < text.find("\"container_port\": 9999"));
    let plan = run(&d.join("plan.json"), Some(&d));
    let f = plan
        .findings
        .iter()
        .find(|f| f.code == "ECS406")
        .expect("ECS406");
    let l = f.location.as_ref().unwrap();
    assert_eq!(
        (l.line, l.column),
        (46, 5),
        "the 9999 block is written first"
    );
}

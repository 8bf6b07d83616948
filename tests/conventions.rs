//! The conventions linter users carry over (issue: paths, config, source, streams): config
//! discovery upward to the workspace root, `ECSNET_CONFIG`, `ecsnet config`, which Terraform
//! root a plan takes its locations from, and stdout carrying only the report.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/example");

/// A repository (`.git` marks the work tree) with the example's Terraform in `infra/app`
/// and `infra/web`.
fn repo() -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    std::fs::create_dir(t.path().join(".git")).unwrap();
    for root in ["infra/app", "infra/web"] {
        let d = t.path().join(root);
        std::fs::create_dir_all(&d).unwrap();
        std::fs::copy(Path::new(EXAMPLE).join("main.tf"), d.join("main.tf")).unwrap();
    }
    t
}

fn ecsnet(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ecsnet"));
    c.args(args).current_dir(dir).env_remove("ECSNET_CONFIG");
    for k in [
        "GITHUB_WORKSPACE",
        "CI_PROJECT_DIR",
        "TF_WORKSPACE",
        "NO_COLOR",
    ] {
        c.env_remove(k);
    }
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().unwrap()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    })
}

fn rules(r: &serde_json::Value) -> Vec<String> {
    r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

fn write(p: PathBuf, text: &str) {
    std::fs::write(p, text).unwrap();
}

#[test]
fn a_repository_root_config_applies_to_a_subdirectory_input() {
    let t = repo();
    write(
        t.path().join("ecsnet.toml"),
        "[rules]\ndisable = [\"missing-network-configuration\"]\n",
    );
    // From the repository root, from inside the root, and with an absolute path: the same.
    let abs = t.path().join("infra/app");
    for (cwd, arg) in [
        (t.path().to_path_buf(), "infra/app".to_string()),
        (t.path().join("infra/app"), ".".to_string()),
        (std::env::temp_dir(), abs.display().to_string()),
    ] {
        let o = ecsnet(&cwd, &["-f", "json", &arg], &[]);
        let r = json(&o);
        assert_eq!(
            rules(&r),
            ["static-port-capacity-exceeded"],
            "{arg} from {cwd:?}"
        );
        assert!(
            r["inputs"][0]["config"]
                .as_str()
                .unwrap()
                .ends_with("ecsnet.toml"),
            "{r}"
        );
    }
}

#[test]
fn the_nearest_config_wins_per_root_and_the_strictest_gate_holds() {
    let t = repo();
    write(
        t.path().join("ecsnet.toml"),
        "fail_on = \"never\"\n[rules]\ndisable = [\"missing-network-configuration\"]\n",
    );
    write(
        t.path().join("infra/web/ecsnet.toml"),
        "[rules]\ndisable = [\"static-port-capacity-exceeded\"]\n",
    );
    let o = ecsnet(t.path(), &["-f", "json", "infra/app", "infra/web"], &[]);
    let r = json(&o);
    let per_input: Vec<(u64, String)> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let file = f["location"]["file"].as_str().unwrap();
            (
                u64::from(file.starts_with("infra/web")),
                f["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        per_input,
        [
            (0, "static-port-capacity-exceeded".to_string()),
            (1, "missing-network-configuration".to_string())
        ]
    );
    assert_eq!(r["inputs"][1]["config"], "infra/web/ecsnet.toml");
    // The root file says never, infra/web's says nothing (error): the error of infra/web fails.
    assert_eq!(o.status.code(), Some(1));
    // Alone, the lax root passes.
    assert_eq!(ecsnet(t.path(), &["infra/app"], &[]).status.code(), Some(0));
}

#[test]
fn the_walk_stops_at_the_workspace_root() {
    let t = repo();
    // Above the work tree: never read, even from a subdirectory.
    let outer = tempfile::tempdir().unwrap();
    let inner = outer.path().join("repo");
    std::fs::rename(t.path(), &inner).unwrap_or_else(|_| {
        copy_dir(t.path(), &inner);
    });
    write(outer.path().join("ecsnet.toml"), "this is = not toml\n");
    let o = ecsnet(&inner, &["-f", "json", "infra/app"], &[]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(json(&o)["inputs"][0].get("config"), None);
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

#[test]
fn ecsnet_config_names_a_file_anywhere_and_config_flag_wins() {
    let t = repo();
    write(
        t.path().join("ecsnet.toml"),
        "[rules]\ndisable = [\"missing-network-configuration\"]\n",
    );
    let elsewhere = tempfile::tempdir().unwrap();
    let named = elsewhere.path().join("ci.toml");
    write(
        named.clone(),
        "[rules]\ndisable = [\"static-port-capacity-exceeded\"]\n",
    );
    let env = [("ECSNET_CONFIG", named.to_str().unwrap())];
    let r = json(&ecsnet(t.path(), &["-f", "json", "infra/app"], &env));
    assert_eq!(rules(&r), ["missing-network-configuration"]);
    // --config beats the environment.
    let r = json(&ecsnet(
        t.path(),
        &["-f", "json", "--config", "ecsnet.toml", "infra/app"],
        &env,
    ));
    assert_eq!(rules(&r), ["static-port-capacity-exceeded"]);
    // A typo in the environment is a usage error, not a silent default.
    let o = ecsnet(
        t.path(),
        &["infra/app"],
        &[("ECSNET_CONFIG", "no-such.toml")],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("ECSNET_CONFIG no-such.toml"));
}

#[test]
fn a_found_config_with_a_typo_is_exit_2() {
    let t = repo();
    write(t.path().join("infra/ecsnet.toml"), "fail_onn = \"never\"\n");
    let o = ecsnet(&t.path().join("infra/app"), &["."], &[]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("../ecsnet.toml") && err.contains("fail_onn"),
        "{err}"
    );
    assert!(o.stdout.is_empty());
}

#[test]
fn ecsnet_config_says_where_each_setting_came_from() {
    let t = repo();
    write(
        t.path().join("ecsnet.toml"),
        "fail_on = \"warning\"\nmax_instances = 4\n",
    );
    write(
        t.path().join("infra/web/ecsnet.toml"),
        "[rules]\ndisable = [\"ECS301\"]\n",
    );
    let o = ecsnet(
        t.path(),
        &[
            "config",
            "infra/app",
            "infra/web",
            "--ignore",
            "host-network-mode",
        ],
        &[],
    );
    assert_eq!(o.status.code(), Some(0));
    let text = String::from_utf8_lossy(&o.stdout);
    let line = |key: &str, file: &str| {
        text.lines()
            .skip_while(|l| !l.starts_with(file))
            .find(|l| l.trim_start().starts_with(key))
            .unwrap_or_else(|| panic!("{key} under {file}:\n{text}"))
            .to_string()
    };
    assert!(line("fail_on", "ecsnet.toml").ends_with("# ecsnet.toml"));
    assert!(line("max_instances", "ecsnet.toml").contains("= 4"));
    assert!(line("rules.disable", "ecsnet.toml").ends_with("# --ignore"));
    assert!(line("dynamic_port_range", "ecsnet.toml").ends_with("# default"));
    assert!(
        line("rules.disable", "infra/web/ecsnet.toml")
            .ends_with("# infra/web/ecsnet.toml + --ignore")
    );
    assert!(text.contains("applies to: infra/app\n"), "{text}");
    assert!(text.contains("applies to: infra/web\n"), "{text}");
    assert!(text.ends_with("exit 1 on: warning\n"), "{text}");
    // Without a file: said, not left blank.
    let bare = tempfile::tempdir().unwrap();
    let o = ecsnet(bare.path(), &["config"], &[]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.starts_with("no configuration file"), "{text}");
    assert!(
        text.contains("fail_on                    = \"error\""),
        "{text}"
    );
}

/// A repository whose root holds unrelated Terraform and whose `infra/` holds the plan and the
/// Terraform it was made from (or the other way round).
fn plan_repo(plan_beside_its_tf: bool) -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    std::fs::create_dir(t.path().join(".git")).unwrap();
    std::fs::create_dir(t.path().join("infra")).unwrap();
    std::fs::copy(
        Path::new(EXAMPLE).join("plan.json"),
        t.path().join("infra/plan.json"),
    )
    .unwrap();
    let (real, other) = if plan_beside_its_tf {
        (t.path().join("infra"), t.path().to_path_buf())
    } else {
        (t.path().to_path_buf(), t.path().join("infra"))
    };
    std::fs::copy(Path::new(EXAMPLE).join("main.tf"), real.join("main.tf")).unwrap();
    write(
        other.join("backend.tf"),
        "resource \"aws_s3_bucket\" \"state\" {\n  bucket = \"tf-state\"\n}\n",
    );
    t
}

#[test]
fn the_plan_takes_locations_from_the_root_its_configuration_declares() {
    for (beside, file, chosen, said) in [
        (
            true,
            "infra/main.tf",
            "plan-directory",
            "note: infra/plan.json: file:line locations from the Terraform files in infra (the plan file's directory)\n",
        ),
        (
            false,
            "main.tf",
            "working-directory",
            "note: infra/plan.json: file:line locations from the Terraform files in . (the working directory)\n",
        ),
    ] {
        let t = plan_repo(beside);
        let o = ecsnet(t.path(), &["-f", "json", "infra/plan.json"], &[]);
        let r = json(&o);
        assert_eq!(r["inputs"][0]["source"]["chosen_by"], chosen);
        assert_eq!(r["findings"][0]["location"]["file"], file, "{r}");
        assert_eq!(String::from_utf8_lossy(&o.stderr), said);
    }
}

#[test]
fn stdout_carries_only_the_report() {
    let t = repo();
    write(t.path().join("infra/web/broken.tf"), "resource \"x\" {\n");
    let o = ecsnet(
        t.path(),
        &["-f", "json", "infra/app", "infra/web", "infra/nothing-here"],
        &[],
    );
    // The JSON parses whole; the problems are in it and on stderr.
    let r = json(&o);
    assert!(rules(&r).iter().any(|x| x == "invalid-input"));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("warning: input problem: infra/web/broken.tf:"),
        "{err}"
    );
    assert!(err.contains("infra/nothing-here"), "{err}");
    assert!(
        err.contains("1 of 3 inputs could not be analyzed at all"),
        "{err}"
    );
    // Every format keeps stderr the same.
    for f in ["table", "markdown", "sarif", "github", "compact"] {
        let o2 = ecsnet(
            t.path(),
            &["-f", f, "infra/app", "infra/web", "infra/nothing-here"],
            &[],
        );
        assert_eq!(String::from_utf8_lossy(&o2.stderr), err, "{f}");
    }
    // A clean run says nothing on stderr.
    let clean = tempfile::tempdir().unwrap();
    write(
        clean.path().join("main.tf"),
        "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"b\"\n}\n",
    );
    let o = ecsnet(clean.path(), &["."], &[]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        o.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

fn example_report() -> ecsnet::report::Report {
    let inv = ecsnet::run::Invocation {
        paths: vec![format!("{EXAMPLE}/plan.json")],
        load: ecsnet::input::LoadOptions {
            source: Some(EXAMPLE.into()),
            ..Default::default()
        },
        ..Default::default()
    };
    let mut r = ecsnet::run::analyze(&inv, &mut std::io::empty());
    let cwd = Path::new(env!("CARGO_MANIFEST_DIR"));
    ecsnet::report::paths::relativize(&mut r, cwd, cwd);
    r
}

#[test]
fn the_table_fits_80_and_120_columns_without_splitting_an_address() {
    let r = example_report();
    for width in [80u16, 120] {
        let t = ecsnet::run::render(&r, ecsnet::run::Format::Table, Some(width));
        let services: Vec<&str> = t
            .lines()
            .take_while(|l| !l.starts_with("unknown:"))
            .collect();
        for l in &services {
            assert!(l.chars().count() <= usize::from(width), "{width}: {l}\n{t}");
        }
        for s in &r.services {
            assert!(
                services.iter().any(|l| l.contains(&s.address)),
                "{} split at {width}:\n{t}",
                s.address
            );
        }
        insta::assert_snapshot!(format!("table_{width}"), t);
    }
}

#[test]
fn colour_follows_the_flag_then_no_color_then_clicolor_force() {
    let plan = format!("{EXAMPLE}/plan.json");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let esc = |o: &Output| o.stdout.contains(&0x1b);
    // Not a terminal: no colour by default.
    assert!(!esc(&ecsnet(dir, &[&plan], &[])));
    assert!(esc(&ecsnet(dir, &["--color", "always", &plan], &[])));
    assert!(esc(&ecsnet(dir, &[&plan], &[("CLICOLOR_FORCE", "1")])));
    assert!(!esc(&ecsnet(dir, &[&plan], &[("CLICOLOR_FORCE", "0")])));
    // NO_COLOR beats CLICOLOR_FORCE; the flag beats both.
    let both = [("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")];
    assert!(!esc(&ecsnet(dir, &[&plan], &both)));
    assert!(esc(&ecsnet(dir, &["--color", "always", &plan], &both)));
    assert!(!esc(&ecsnet(
        dir,
        &["--color", "never", &plan],
        &[("CLICOLOR_FORCE", "1")]
    )));
    // Machine formats never carry colour.
    for f in ["json", "sarif", "github", "markdown"] {
        assert!(
            !esc(&ecsnet(dir, &["--color", "always", "-f", f, &plan], &[])),
            "{f}"
        );
    }
    // Coloured compact output still greps by severity.
    let o = ecsnet(dir, &["--color", "always", "-f", "compact", &plan], &[]);
    assert!(
        String::from_utf8_lossy(&o.stdout)
            .contains("\u{1b}[1;31merror\u{1b}[0m[static-port-capacity-exceeded]")
    );
}

#[test]
fn compact_is_one_line_per_finding() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let o = ecsnet(
        dir,
        &["-f", "compact", &format!("{EXAMPLE}/plan.json")],
        &[],
    );
    assert_eq!(o.status.code(), Some(1));
    insta::assert_snapshot!("compact", String::from_utf8_lossy(&o.stdout));
}

#[test]
fn several_roots_say_which_root_each_row_is_from() {
    let t = repo();
    let o = ecsnet(t.path(), &["infra/app", "infra/web"], &[]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("│ root"), "{text}");
    for root in ["infra/app", "infra/web"] {
        assert_eq!(
            text.lines()
                .filter(|l| l.contains(&format!("│ {root} ")))
                .count(),
            3,
            "{text}"
        );
    }
    assert!(
        text.contains("unknown: infra/web: aws_ecs_service.indexer"),
        "{text}"
    );
}

#[test]
fn a_baseline_hides_known_findings_across_line_moves_and_keeps_new_ones() {
    let t = repo();
    let app = t.path().join("infra/app");
    let base = t.path().join("baseline.json");
    let o = ecsnet(
        t.path(),
        &["--write-baseline", base.to_str().unwrap(), "infra/app"],
        &[],
    );
    assert_eq!(o.status.code(), Some(1));
    // Same problems, moved down three lines: nothing new, exit 0.
    let main = app.join("main.tf");
    let text = std::fs::read_to_string(&main).unwrap();
    write(main.clone(), &format!("# moved\n\n\n{text}"));
    let o = ecsnet(
        t.path(),
        &["--baseline", base.to_str().unwrap(), "infra/app"],
        &[],
    );
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(!out.contains("error["), "{out}");
    assert!(
        out.ends_with("0 errors, 0 warnings, 0 notes, 2 in the baseline\n"),
        "{out}"
    );
    let r = json(&ecsnet(
        t.path(),
        &[
            "-f",
            "json",
            "--baseline",
            base.to_str().unwrap(),
            "infra/app",
        ],
        &[],
    ));
    assert_eq!(r["summary"]["in_baseline"], 2);
    assert!(
        r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["in_baseline"] == true)
    );
    // A new problem (a second service on the same static port) shows and fails.
    let more = text.replace(
        "resource \"aws_ecs_service\" \"web\" {",
        "resource \"aws_ecs_service\" \"web2\" {\n  name            = \"web2\"\n  cluster         = aws_ecs_cluster.main.id\n  task_definition = aws_ecs_task_definition.web.arn\n  desired_count   = 3\n  capacity_provider_strategy {\n    capacity_provider = aws_ecs_capacity_provider.ec2.name\n    weight            = 1\n  }\n}\n\nresource \"aws_ecs_service\" \"web\" {",
    );
    assert_ne!(more, text, "the fixture still has the web service");
    write(main, &more);
    let o = ecsnet(
        t.path(),
        &[
            "-f",
            "json",
            "--baseline",
            base.to_str().unwrap(),
            "infra/app",
        ],
        &[],
    );
    assert_eq!(o.status.code(), Some(1));
    let new: Vec<String> = json(&o)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f.get("in_baseline").is_none())
        .map(|f| {
            format!(
                "{} {}",
                f["rule"].as_str().unwrap(),
                f["subject"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(new, ["static-port-capacity-exceeded aws_ecs_service.web2"]);
    // Not a report: a usage error.
    write(t.path().join("nope.json"), "{}");
    let o = ecsnet(t.path(), &["--baseline", "nope.json", "infra/app"], &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--baseline nope.json"));
}

/// The example plan with the indexer service and its task definition left as they are
/// (`no-op`), as a plan against existing infrastructure has them.
fn plan_with_unchanged_indexer(dir: &Path) -> PathBuf {
    let mut plan: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{EXAMPLE}/plan.json")).unwrap())
            .unwrap();
    for rc in plan["resource_changes"].as_array_mut().unwrap() {
        let a = rc["address"].as_str().unwrap();
        if a.ends_with(".indexer") {
            rc["change"]["actions"] = serde_json::json!(["no-op"]);
            rc["change"]["before"] = rc["change"]["after"].clone();
        }
    }
    let p = dir.join("plan.json");
    std::fs::write(&p, serde_json::to_vec(&plan).unwrap()).unwrap();
    std::fs::copy(format!("{EXAMPLE}/main.tf"), dir.join("main.tf")).unwrap();
    p
}

#[test]
fn findings_already_there_are_apart_and_changed_only_does_not_fail_on_them() {
    let t = tempfile::tempdir().unwrap();
    let plan = plan_with_unchanged_indexer(t.path());
    let plan = plan.to_str().unwrap();
    let r = json(&ecsnet(t.path(), &["-f", "json", plan], &[]));
    let changed: Vec<(String, serde_json::Value)> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["changed_by_plan"].clone(),
            )
        })
        .collect();
    assert_eq!(
        changed,
        [
            (
                "static-port-capacity-exceeded".to_string(),
                serde_json::json!(true)
            ),
            (
                "missing-network-configuration".to_string(),
                serde_json::json!(false)
            ),
        ]
    );
    let table = ecsnet(t.path(), &[plan], &[]);
    let text = String::from_utf8_lossy(&table.stdout);
    let apart = text
        .find("already there (on resources this plan does not change): 1")
        .unwrap();
    assert!(
        text.find("missing-network-configuration").unwrap() > apart,
        "{text}"
    );
    assert!(
        text.find("static-port-capacity-exceeded").unwrap() < apart,
        "{text}"
    );
    // The gate: without the flag both fail; with it only the changed one does.
    assert_eq!(table.status.code(), Some(1));
    let ignore_new = ["--ignore", "static-port-capacity-exceeded", plan];
    assert_eq!(ecsnet(t.path(), &ignore_new, &[]).status.code(), Some(1));
    let mut only = vec!["--fail-on-changed-only"];
    only.extend(ignore_new);
    assert_eq!(ecsnet(t.path(), &only, &[]).status.code(), Some(0));
    // The comment leads with what the plan changes; the rest is collapsed.
    let md = String::from_utf8_lossy(&ecsnet(t.path(), &["-f", "markdown", plan], &[]).stdout)
        .to_string();
    let pos = |s: &str| md.find(s).unwrap_or_else(|| panic!("{s}:\n{md}"));
    assert!(
        md.starts_with("### 🔴 ecsnet: 2 errors in 3 services (1 already there)"),
        "{md}"
    );
    assert!(pos("#### 🔴 Errors (1)") < pos("#### Changed services (2)"));
    assert!(pos("#### Changed services (2)") < pos("Services this plan does not change (1)"));
    assert!(pos("Services this plan does not change (1)") < pos("Already there (1"));
}

#[test]
fn completions_for_each_shell() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (shell, marker) in [
        ("bash", "complete -F _ecsnet"),
        ("zsh", "#compdef ecsnet"),
        ("fish", "complete -c ecsnet"),
    ] {
        let o = ecsnet(dir, &["completions", shell], &[]);
        assert_eq!(o.status.code(), Some(0), "{shell}");
        let text = String::from_utf8_lossy(&o.stdout);
        assert!(text.contains(marker), "{shell}:\n{text}");
        // The new flags and subcommands complete too.
        for word in ["baseline", "color", "compact", "config"] {
            assert!(text.contains(word), "{shell} lacks {word}");
        }
    }
    assert_eq!(
        ecsnet(dir, &["completions", "tcsh"], &[]).status.code(),
        Some(2)
    );
}

#[test]
fn a_module_not_on_disk_is_said_not_passed_silently() {
    let t = tempfile::tempdir().unwrap();
    std::fs::create_dir(t.path().join(".git")).unwrap();
    write(
        t.path().join("main.tf"),
        "module \"ecs_service\" {\n  source  = \"terraform-aws-modules/ecs/aws//modules/service\"\n  version = \"~> 6.0\"\n  name    = \"web\"\n}\n",
    );
    let o = ecsnet(t.path(), &["-f", "json", "."], &[]);
    assert_eq!(o.status.code(), Some(0));
    let r = json(&o);
    assert_eq!(
        r["inputs"][0]["modules_not_loaded"],
        serde_json::json!([
            "module.ecs_service (\"terraform-aws-modules/ecs/aws//modules/service\")"
        ])
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("not on disk") && err.contains("terraform init"),
        "{err}"
    );
    let md = ecsnet(t.path(), &["-f", "markdown", "."], &[]);
    let md = String::from_utf8_lossy(&md.stdout);
    assert!(
        md.contains("> ⚠️ Not analyzed in <code>.</code>: <code>module.ecs\\_service"),
        "{md}"
    );
    // Once `terraform init` fetched it (modules.json), the note is gone.
    std::fs::create_dir_all(t.path().join(".terraform/modules/ecs_service")).unwrap();
    write(
        t.path().join(".terraform/modules/ecs_service/main.tf"),
        "variable \"name\" {}\n",
    );
    write(
        t.path().join(".terraform/modules/modules.json"),
        r#"{"Modules":[{"Key":"","Source":"","Dir":"."},{"Key":"ecs_service","Source":"registry.terraform.io/terraform-aws-modules/ecs/aws//modules/service","Dir":".terraform/modules/ecs_service"}]}"#,
    );
    let o = ecsnet(t.path(), &["-f", "json", "."], &[]);
    assert_eq!(json(&o)["inputs"][0].get("modules_not_loaded"), None);
    assert!(
        o.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

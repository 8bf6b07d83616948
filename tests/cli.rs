//! The binary as users run it: exit code, stdout and stderr, snapshotted (version redacted).

use std::io::{Read, Write};
use std::process::{Command, Stdio};

const PLAN: &str = "testdata/example/plan.json";

fn ecsnet() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ecsnet"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    // Outputs must not depend on the CI runner (blob links, job summary, terminal width).
    for (k, _) in std::env::vars() {
        if k.starts_with("GITHUB_") || k.starts_with("TF_VAR_") || k == "COLUMNS" {
            cmd.env_remove(k);
        }
    }
    cmd
}

fn transcript(code: Option<i32>, stdout: &[u8], stderr: &[u8]) -> String {
    let redact =
        |b: &[u8]| String::from_utf8_lossy(b).replace(env!("CARGO_PKG_VERSION"), "[VERSION]");
    format!(
        "exit: {}\n--- stdout\n{}\n--- stderr\n{}",
        code.map_or("signal".to_string(), |c| c.to_string()),
        redact(stdout),
        redact(stderr)
    )
}

fn run(args: &[&str]) -> String {
    let out = ecsnet().args(args).output().unwrap();
    transcript(out.status.code(), &out.stdout, &out.stderr)
}

fn run_stdin(args: &[&str], input: &[u8]) -> String {
    let mut child = ecsnet()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    let out = child.wait_with_output().unwrap();
    transcript(out.status.code(), &out.stdout, &out.stderr)
}

fn plan_bytes() -> Vec<u8> {
    std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/testdata/example/plan.json"
    ))
    .unwrap()
}

#[test]
fn help_and_rules() {
    insta::assert_snapshot!("help", run(&["--help"]));
    insta::assert_snapshot!("comment_github_help", run(&["comment", "github", "--help"]));
    insta::assert_snapshot!("rules", run(&["rules"]));
    insta::assert_snapshot!("rules_ECS101", run(&["rules", "ECS101"]));
    let unknown = run(&["rules", "ECS000"]);
    assert!(unknown.contains("no rule `ECS000`"), "{unknown}");
}

#[test]
fn every_format_on_the_example_plan() {
    for format in ["table", "json", "markdown", "sarif", "github"] {
        let t = run(&["--format", format, PLAN]);
        // The example plan has one error: the default --fail-on error exits 1.
        assert!(t.starts_with("exit: 1\n"), "{format}: {t}");
        insta::assert_snapshot!(format!("format_{format}"), t);
    }
}

#[test]
fn fail_on_levels() {
    insta::assert_snapshot!("fail_on_warning", run(&["--fail-on", "warning", PLAN]));
    let never = run(&["--fail-on", "never", PLAN]);
    assert!(never.starts_with("exit: 0\n"), "{never}");
    // `none` (the action's spelling) is the same as `never`.
    assert_eq!(run(&["--fail-on", "none", PLAN]), never);
    insta::assert_snapshot!("fail_on_never", never);
}

#[test]
fn usage_and_input_errors_exit_2() {
    let missing = run(&["testdata/no-such-plan.json"]);
    assert!(missing.starts_with("exit: 2\n"), "{missing}");
    insta::assert_snapshot!("missing_file", missing);
    let format = run(&["--format", "xml", PLAN]);
    assert!(format.starts_with("exit: 2\n"), "{format}");
    insta::assert_snapshot!("unknown_format", format);
    let fail_on = run(&["--fail-on", "sometimes", PLAN]);
    assert!(fail_on.starts_with("exit: 2\n"), "{fail_on}");
}

#[test]
fn stdin_dash_and_implicit_stdin_read_the_plan() {
    let dash = run_stdin(&["-"], &plan_bytes());
    assert!(dash.starts_with("exit: 1\n"), "{dash}");
    insta::assert_snapshot!("stdin_dash", dash);
    // With no path and stdin piped, stdin is read: the same report.
    assert_eq!(run_stdin(&[], &plan_bytes()), dash);
    // The same findings as the file (the input path differs); the file finds its source
    // beside it, stdin needs `--source`.
    let file = run(&["--format", "json", PLAN]);
    let source = std::path::Path::new(PLAN)
        .parent()
        .unwrap()
        .to_str()
        .unwrap();
    let piped = run_stdin(
        &["--format", "json", "--source", source, "-"],
        &plan_bytes(),
    );
    let stdout = |s: &str| s.split("--- stderr").next().unwrap_or("").to_string();
    assert_eq!(
        stdout(&piped)
            .replace("\"path\": \"-\"", &format!("\"path\": \"{PLAN}\""))
            .replace(
                "\"chosen_by\": \"flag\"",
                "\"chosen_by\": \"plan-directory\""
            ),
        stdout(&file)
    );
    // Stderr says where the locations came from, each time.
    assert!(piped.ends_with("--- stderr\nnote: -: file:line locations from the Terraform files in testdata/example (--source)\n"), "{piped}");
}

#[test]
fn output_files_next_to_stdout() {
    let dir = std::env::temp_dir().join(format!("ecsnet-cli-out-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let sarif = dir.join("r.sarif");
    let md = dir.join("r.md");
    let t = run(&[
        "--format",
        "json",
        "--output",
        &format!("sarif={}", sarif.display()),
        "--output",
        &format!("markdown={}", md.display()),
        "--fail-on",
        "never",
        "--",
        PLAN,
    ]);
    assert!(t.starts_with("exit: 0\n"), "{t}");
    let stdout_json = run(&["--format", "json", "--fail-on", "never", PLAN]);
    assert_eq!(t, stdout_json);
    let md_text = std::fs::read_to_string(&md).unwrap();
    let stdout_md = run(&["--format", "markdown", "--fail-on", "never", PLAN]);
    assert!(stdout_md.contains(&md_text.replace(env!("CARGO_PKG_VERSION"), "[VERSION]")));
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    // The reader goes away before ecsnet writes: the write fails with EPIPE.
    let mut child = ecsnet()
        .args(["--format", "json", "--fail-on", "never", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    child
        .stdin
        .take()
        .unwrap()
        .write_all(&plan_bytes())
        .unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "{stderr}");
    // Stdin has no directory and none is given: the only line says how to get locations.
    assert!(
        stderr.starts_with("note: findings without a file"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");

    // `| head -c 10`: read 10 bytes, then close.
    let mut child = ecsnet()
        .args(["--format", "json", "--fail-on", "never", PLAN])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut head = [0u8; 10];
    child.stdout.take().unwrap().read_exact(&mut head).unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert_eq!(&head, b"{\n  \"schem");
    assert_eq!(child.wait().unwrap().code(), Some(0), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// What every run on the example plan says on stderr: where its locations come from.
const SOURCE_NOTE: &str = "note: testdata/example/plan.json: file:line locations from the Terraform files in testdata/example (the plan file's directory)\n";

/// A closed stdout loses the report: that is exit 2 with a message, never a silent success;
/// `> /dev/null` (the user throwing the report away) keeps the findings' exit code.
#[cfg(target_os = "linux")]
#[test]
fn closed_stdout_is_an_error() {
    let bin = env!("CARGO_BIN_EXE_ecsnet");
    let run = |redirect: &str| {
        Command::new("bash")
            .arg("-c")
            .arg(format!("\"$0\" {PLAN} {redirect}"))
            .arg(bin)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .unwrap()
    };
    let closed = run(">&-");
    assert_eq!(closed.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&closed.stderr).contains("standard output is closed"));
    let null = run("> /dev/null");
    assert_eq!(null.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&null.stderr), SOURCE_NOTE);
}

/// No silent typos: an unknown rule (flag or configuration), a path that does not exist, or
/// `ecsnet rules nope` is a usage error (exit 2) that suggests the closest rule.
#[test]
fn typos_are_usage_errors_with_a_suggestion() {
    let check = |args: &[&str], want: &str| {
        let out = ecsnet().args(args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(want), "{args:?}: {err}");
    };
    check(
        &[PLAN, "--ignore", "static-port-capacity-exceded"],
        "--ignore: no rule `static-port-capacity-exceded`; did you mean `static-port-capacity-exceeded`?",
    );
    check(&[PLAN, "--select", "ecs30l"], "did you mean");
    check(
        &["rules", "fargate-requires-awsvcp"],
        "did you mean `fargate-requires-awsvpc`?",
    );
    check(
        &[PLAN, "--source", "no/such/dir"],
        "--source no/such/dir: no such directory",
    );
    check(
        &[PLAN, "--root", "no/such/dir"],
        "--root no/such/dir: no such directory",
    );
    check(
        &["testdata/example", "--var-file", "nope.tfvars"],
        "--var-file nope.tfvars: no such file",
    );
    check(
        &[PLAN, "--config", "nope.toml"],
        "--config nope.toml: no such file",
    );
    let dir = std::env::temp_dir().join(format!("ecsnet-typo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("ecsnet.toml"),
        "[rules]\ndisable = [\"host-network-mod\"]\n",
    )
    .unwrap();
    let cfg = dir.join("ecsnet.toml").display().to_string();
    check(
        &[PLAN, "--config", &cfg],
        "did you mean `host-network-mode`?",
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// `--select` runs only the rules named (input problems are always reported).
#[test]
fn select_runs_only_the_named_rules() {
    let all = ecsnet().args([PLAN, "--format", "json"]).output().unwrap();
    let all: serde_json::Value = serde_json::from_slice(&all.stdout).unwrap();
    let codes = |v: &serde_json::Value| -> Vec<String> {
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap().to_string())
            .collect()
    };
    let every = codes(&all);
    // At least two different rules fire on the example, so selecting one must drop another.
    let mut distinct = every.clone();
    distinct.dedup();
    assert!(distinct.len() >= 2, "{every:?}");
    let first = every[0].clone();
    let one = ecsnet()
        .args([PLAN, "--format", "json", "--select", &first])
        .output()
        .unwrap();
    let one: serde_json::Value = serde_json::from_slice(&one.stdout).unwrap();
    let got = codes(&one);
    assert!(
        !got.is_empty() && got.iter().all(|c| *c == first),
        "{got:?}"
    );
}

/// `terraform.workspace`: `--workspace`, else `TF_WORKSPACE`, else `.terraform/environment`,
/// else `default`, as Terraform decides it.
#[test]
fn terraform_workspace_comes_from_flag_env_or_environment_file() {
    let dir = std::env::temp_dir().join(format!("ecsnet-workspace-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("main.tf"),
        r#"
resource "aws_ecs_service" "web" {
  name          = "web-${terraform.workspace}"
  launch_type   = "FARGATE"
  desired_count = terraform.workspace == "prod" ? 4 : terraform.workspace == "staging" ? 2 : 1
}
"#,
    )
    .unwrap();
    let desired = |args: &[&str], env: Option<&str>| {
        let mut cmd = ecsnet();
        cmd.env_remove("TF_WORKSPACE");
        if let Some(w) = env {
            cmd.env("TF_WORKSPACE", w);
        }
        let d = dir.display().to_string();
        let out = cmd
            .args([d.as_str(), "--format", "json"])
            .args(args)
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["services"][0]["scaling"]["desired_count"].as_u64()
    };
    assert_eq!(desired(&[], None), Some(1));
    std::fs::create_dir_all(dir.join(".terraform")).unwrap();
    std::fs::write(dir.join(".terraform/environment"), "staging").unwrap();
    assert_eq!(desired(&[], None), Some(2));
    assert_eq!(desired(&[], Some("prod")), Some(4));
    assert_eq!(desired(&["--workspace", "default"], Some("prod")), Some(1));
    let _ = std::fs::remove_dir_all(&dir);
}

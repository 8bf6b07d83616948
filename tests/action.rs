//! The composite action, run the way the runner runs it (github-integration.md §4.4): each
//! `run:` step through `bash --noprofile --norc -eo pipefail`, inputs resolved from defaults
//! and `with`, only whitelisted `${{ }}` expressions, a fresh `GITHUB_OUTPUT` per step, one
//! shared `GITHUB_STEP_SUMMARY`. Plus the Marketplace metadata checks.
//!
//! The `binary` input is the freshly built ecsnet, the workspace is this repository (its
//! fixtures), and GitHub is the fake from `common/fake_github.rs`.

mod common;

use common::fake_github::FakeGitHub;
use serde_yaml_ng::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn action() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/action.yml");
    serde_yaml_ng::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn steps(a: &Value) -> Vec<Value> {
    a["runs"]["steps"].as_sequence().unwrap().clone()
}

#[test]
fn marketplace_metadata_and_hygiene() {
    let a = action();
    assert_eq!(a["name"].as_str(), Some("ecsnet"));
    let description = a["description"].as_str().unwrap();
    assert!(description.chars().count() <= 125, "{}", description.len());
    assert!(a["branding"]["icon"].is_string() && a["branding"]["color"].is_string());
    assert_eq!(a["runs"]["using"].as_str(), Some("composite"));
    let declared: Vec<String> = a["inputs"]
        .as_mapping()
        .unwrap()
        .keys()
        .map(|k| k.as_str().unwrap().to_string())
        .collect();
    for name in [
        "path",
        "format",
        "fail-on",
        "comment",
        "comment-key",
        "github-token",
        "version",
        "binary",
        "working-directory",
    ] {
        assert!(declared.iter().any(|d| d == name), "input {name} missing");
    }
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/action.yml")).unwrap();
    for used in text.split("inputs.").skip(1) {
        let name: String = used
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        assert!(
            declared.contains(&name),
            "inputs.{name} used but not declared"
        );
    }
    for step in steps(&a) {
        assert_eq!(step["shell"].as_str(), Some("bash"), "{step:?}");
        let run = step["run"].as_str().expect("every step is a run: step");
        // Script injection: inputs reach scripts through env: only.
        assert!(!run.contains("${{"), "expression inside run: {run}");
        assert!(step.get("uses").is_none());
    }
}

struct Run {
    outputs: BTreeMap<String, String>,
    stdout: String,
    status: i32,
    summary: String,
}

fn parse_outputs(text: &str, into: &mut BTreeMap<String, String>) {
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if let Some((name, delim)) = line.split_once("<<") {
            let mut value = Vec::new();
            for l in lines.by_ref() {
                if l == delim {
                    break;
                }
                value.push(l);
            }
            into.insert(name.to_string(), value.join("\n"));
        } else if let Some((k, v)) = line.split_once('=') {
            into.insert(k.to_string(), v.to_string());
        }
    }
}

fn resolve(
    expr_text: &str,
    inputs: &BTreeMap<String, String>,
    steps_out: &BTreeMap<String, BTreeMap<String, String>>,
) -> String {
    let mut out = String::new();
    let mut rest = expr_text;
    while let Some(start) = rest.find("${{") {
        out.push_str(&rest[..start]);
        let end = rest[start..].find("}}").unwrap() + start;
        let expr = rest[start + 3..end].trim();
        let value = if let Some(name) = expr.strip_prefix("inputs.") {
            inputs.get(name).cloned().unwrap()
        } else if let Some(path) = expr.strip_prefix("steps.") {
            let (id, rest) = path.split_once(".outputs.").unwrap();
            steps_out
                .get(id)
                .and_then(|o| o.get(rest))
                .cloned()
                .unwrap_or_default()
        } else if expr == "github.token" {
            "test-token".to_string()
        } else {
            panic!("expression not allowed in action.yml: {expr}");
        };
        out.push_str(&value);
        rest = &rest[end + 2..];
    }
    out.push_str(rest);
    out
}

/// Runs the action with `with` inputs; `work` holds the runner's files, the workspace is
/// this repository.
fn run_action(with: &[(&str, &str)], work: &Path, extra_env: &[(&str, String)]) -> Run {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"));
    let a = action();
    let mut inputs = BTreeMap::new();
    for (k, v) in a["inputs"].as_mapping().unwrap() {
        let default = v["default"].as_str().unwrap_or_default().to_string();
        inputs.insert(k.as_str().unwrap().to_string(), default);
    }
    let no_steps = BTreeMap::new();
    for v in inputs.values_mut() {
        *v = resolve(v, &BTreeMap::new(), &no_steps);
    }
    for (k, v) in with {
        assert!(inputs.contains_key(*k), "unknown input {k}");
        inputs.insert(k.to_string(), v.to_string());
    }
    let temp = work.join("runner-temp");
    std::fs::create_dir_all(&temp).unwrap();
    let summary = work.join("summary.md");
    let _ = std::fs::remove_file(&summary);
    let mut steps_out: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let mut stdout = String::new();
    let mut status = 0;
    for (i, step) in steps(&a).iter().enumerate() {
        let id = step["id"]
            .as_str()
            .map(str::to_string)
            .unwrap_or(format!("s{i}"));
        let script = work.join(format!("step-{id}.sh"));
        std::fs::write(&script, step["run"].as_str().unwrap()).unwrap();
        let output_file = work.join(format!("output-{id}"));
        std::fs::write(&output_file, "").unwrap();
        let dir = step["working-directory"]
            .as_str()
            .map(|d| workspace.join(resolve(d, &inputs, &steps_out)))
            .unwrap_or_else(|| workspace.to_path_buf());
        let mut cmd = Command::new("bash");
        // The runner's own variables (when the tests run in Actions) must not leak in.
        for (k, _) in std::env::vars() {
            if ["GITHUB_", "RUNNER_", "INPUT_"]
                .iter()
                .any(|p| k.starts_with(p))
            {
                cmd.env_remove(k);
            }
        }
        cmd.args(["--noprofile", "--norc", "-eo", "pipefail"])
            .arg(&script)
            .current_dir(dir)
            .env("GITHUB_OUTPUT", &output_file)
            .env("GITHUB_STEP_SUMMARY", &summary)
            .env("GITHUB_ACTION_PATH", env!("CARGO_MANIFEST_DIR"))
            .env("GITHUB_WORKSPACE", workspace)
            .env("GITHUB_ACTIONS", "true")
            .env("NO_PROXY", "127.0.0.1,localhost")
            .env("RUNNER_TEMP", &temp)
            .env("RUNNER_OS", "Linux")
            .env("RUNNER_ARCH", "X64");
        for (k, v) in extra_env {
            cmd.env(k, v);
        }
        if let Some(env) = step["env"].as_mapping() {
            for (k, v) in env {
                cmd.env(
                    k.as_str().unwrap(),
                    resolve(v.as_str().unwrap_or_default(), &inputs, &steps_out),
                );
            }
        }
        let out = cmd.output().unwrap();
        stdout.push_str(&String::from_utf8_lossy(&out.stdout));
        stdout.push_str(&String::from_utf8_lossy(&out.stderr));
        let mut o = BTreeMap::new();
        parse_outputs(&std::fs::read_to_string(&output_file).unwrap(), &mut o);
        steps_out.insert(id, o);
        status = out.status.code().unwrap_or(-1);
        if status != 0 {
            break;
        }
    }
    let mut outputs = BTreeMap::new();
    for (k, v) in a["outputs"].as_mapping().unwrap() {
        let value = resolve(v["value"].as_str().unwrap(), &inputs, &steps_out);
        outputs.insert(k.as_str().unwrap().to_string(), value);
    }
    Run {
        outputs,
        stdout,
        status,
        summary: std::fs::read_to_string(&summary).unwrap_or_default(),
    }
}

const HEAD_SHA: &str = "0123456789abcdef0123456789abcdef01234567";
const HCL_DIR: &str = "testdata/rules/ECS401-missing-network-configuration/bad";

fn ecsnet() -> &'static str {
    env!("CARGO_BIN_EXE_ecsnet")
}

/// A runner's work files and a fake GitHub serving pull request 7 of acme/infra.
struct Runner {
    work: PathBuf,
    fake: FakeGitHub,
    env: Vec<(&'static str, String)>,
}

impl Drop for Runner {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.work);
    }
}

fn runner(tag: &str) -> Runner {
    let work = std::env::temp_dir().join(format!("ecsnet-action-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).unwrap();
    let event = work.join("event.json");
    std::fs::write(
        &event,
        format!(r#"{{"action":"synchronize","number":7,"pull_request":{{"number":7,"head":{{"sha":"{HEAD_SHA}"}}}}}}"#),
    )
    .unwrap();
    let fake = FakeGitHub::start();
    let env = vec![
        ("GITHUB_REPOSITORY", "acme/infra".to_string()),
        ("GITHUB_EVENT_PATH", event.display().to_string()),
        ("GITHUB_EVENT_NAME", "pull_request".to_string()),
        ("GITHUB_SHA", "f".repeat(40)),
        ("GITHUB_SERVER_URL", "https://github.com".to_string()),
        ("GITHUB_API_URL", fake.api_url.clone()),
        ("GITHUB_GRAPHQL_URL", fake.graphql_url.clone()),
    ];
    Runner { work, fake, env }
}

impl Runner {
    fn run(&self, with: &[(&str, &str)]) -> Run {
        let mut all = vec![("binary", ecsnet())];
        all.extend_from_slice(with);
        run_action(&all, &self.work, &self.env)
    }
}

#[test]
fn plan_then_terraform_dir_creates_then_updates_one_comment() {
    let r = runner("real");
    let marker = "<!-- ecsnet-comment key=default -->";

    // 1. The example plan: two errors (a service in awsvpc mode without
    //    network_configuration; 3 static-port tasks on an Auto Scaling group of 2).
    let run = r.run(&[("path", "testdata/example/plan.json")]);
    assert_eq!(run.status, 1, "fail-on error with an error: {}", run.stdout);
    assert_eq!(run.outputs["errors"], "2");
    assert_eq!(run.outputs["warnings"], "0");
    assert_eq!(run.outputs["services"], "3");
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&run.outputs["sarif-file"]).unwrap())
            .unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), 2);
    let report = std::fs::read_to_string(&run.outputs["report-file"]).unwrap();
    assert!(
        report.starts_with("### 🔴 ecsnet: 2 errors in 3 services\n"),
        "{report}"
    );
    assert_eq!(run.outputs["comment-action"], "created");
    let url = run.outputs["comment-url"].clone();
    assert!(
        url.starts_with("https://github.com/acme/infra/pull/7#issuecomment-"),
        "{url}"
    );
    let comments = r.fake.comments();
    assert_eq!(comments.len(), 1);
    assert_eq!(comments[0].body, format!("{marker}\n{report}"));
    // Annotations in the log, the Markdown report in the job summary.
    assert!(
        run.stdout.contains(
            // The plan sits beside its configuration, which gives the line.
            "::error file=testdata/example/main.tf,line=254,col=1,endColumn=37,title=ECS401 missing-network-configuration::"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.summary
            .starts_with("### 🔴 ecsnet: 2 errors in 3 services\n"),
        "{}",
        run.summary
    );
    assert!(run.summary.contains("#### Planned changes"));

    // 2. Plan plus a Terraform directory, fail-on none: the same comment is edited, with
    //    blob links from the repository root to the head commit.
    let paths = format!("testdata/example/plan.json\n{HCL_DIR}");
    let run = r.run(&[("path", &paths), ("fail-on", "none")]);
    assert_eq!(run.status, 0, "{}", run.stdout);
    assert_eq!(run.outputs["errors"], "3");
    assert_eq!(run.outputs["services"], "4");
    assert_eq!(run.outputs["comment-action"], "updated");
    assert_eq!(run.outputs["comment-url"], url);
    let comments = r.fake.comments();
    assert_eq!(comments.len(), 1);
    let link = format!("https://github.com/acme/infra/blob/{HEAD_SHA}/{HCL_DIR}/main.tf#L18");
    assert!(comments[0].body.contains(&link), "{}", comments[0].body);
    assert!(run.summary.contains(&link));
    assert!(
        run.stdout
            .contains(&format!("::error file={HCL_DIR}/main.tf,line=18,col=1,")),
        "{}",
        run.stdout
    );
    let sarif = std::fs::read_to_string(&run.outputs["sarif-file"]).unwrap();
    assert!(
        sarif.contains(&format!("\"uri\": \"{HCL_DIR}/main.tf\"")),
        "{sarif}"
    );

    // 3. Same inputs, fail-on warning: nothing to write, and errors are above warnings.
    r.fake.clear_requests();
    let run = r.run(&[("path", &paths), ("fail-on", "warning")]);
    assert_eq!(run.status, 1);
    assert_eq!(run.outputs["comment-action"], "unchanged");
    assert!(r.fake.writes().is_empty(), "{:?}", r.fake.writes());
    // The list of comments, then the token's own login (GraphQL `viewer`, a read).
    let writes: Vec<String> = r.fake.requests().iter().map(|q| q.method.clone()).collect();
    assert_eq!(writes, ["GET", "POST"]);
    assert!(r.fake.requests()[1].body.contains("viewer"));
}

#[test]
fn a_read_only_token_warns_and_keeps_the_verdict() {
    let r = runner("fork");
    r.fake.state.lock().unwrap().forbid_writes = true;
    let run = r.run(&[("path", HCL_DIR), ("fail-on", "never")]);
    assert_eq!(run.status, 0, "{}", run.stdout);
    assert_eq!(run.outputs["comment-action"], "failed");
    assert_eq!(run.outputs["comment-url"], "");
    assert!(
        run.stdout
            .contains("::warning title=ecsnet comment::GitHub answered 403"),
        "{}",
        run.stdout
    );
    // The report still reaches the job summary.
    assert!(run.summary.contains("ECS401"));
    assert!(!run.stdout.contains("test-token"));
}

#[test]
fn comment_off_writes_markdown_only_and_fails_on_note() {
    let r = runner("off");
    let run = r.run(&[
        ("path", HCL_DIR),
        ("comment", "off"),
        ("format", "markdown"),
        ("fail-on", "note"),
    ]);
    assert_eq!(run.status, 1);
    assert_eq!(run.outputs["comment-action"], "skipped");
    assert_eq!(run.outputs["sarif-file"], "");
    assert!(Path::new(&run.outputs["report-file"]).is_file());
    assert!(r.fake.requests().is_empty());
}

#[test]
fn body_file_only_posts() {
    let r = runner("body");
    let body = r.work.join("ecsnet.md");
    std::fs::write(&body, "saved report\n").unwrap();
    let run = r.run(&[("body-file", body.to_str().unwrap())]);
    assert_eq!(run.status, 0, "{}", run.stdout);
    assert_eq!(run.outputs["comment-action"], "created");
    assert_eq!(run.outputs["errors"], "");
    let comments = r.fake.comments();
    assert_eq!(comments.len(), 1);
    assert_eq!(
        comments[0].body,
        "<!-- ecsnet-comment key=default -->\nsaved report\n"
    );
}

#[test]
fn a_bad_fail_on_is_a_usage_error() {
    let r = runner("usage");
    let run = r.run(&[
        ("path", HCL_DIR),
        ("fail-on", "sometimes"),
        ("comment", "off"),
    ]);
    assert_eq!(run.status, 2, "{}", run.stdout);
    assert!(run.stdout.contains("sometimes"), "{}", run.stdout);
}

#[test]
fn a_missing_binary_is_a_clear_error() {
    let r = runner("missing");
    let run = run_action(&[("binary", "/nonexistent/ecsnet")], &r.work, &r.env);
    assert_eq!(run.status, 2);
    assert!(
        run.stdout
            .contains("::error title=ecsnet::binary input is not an executable file")
    );
}

/// The report the action's run step wrote.
fn report_json(r: &Runner) -> serde_json::Value {
    let p = r.work.join("runner-temp/ecsnet-report/report.json");
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

#[test]
fn each_analysis_input_reaches_ecsnet() {
    let r = runner("inputs");
    let off = ("comment", "off");
    // ignore / select: the one error of the fixture goes away.
    for (input, value) in [
        ("ignore", "missing-network-configuration"),
        ("ignore", "ECS101\n  missing-network-configuration"),
        ("select", "fargate-requires-awsvpc"),
        ("args", "--ignore ECS401"),
    ] {
        let run = r.run(&[("path", HCL_DIR), (input, value), off]);
        assert_eq!(run.status, 0, "{input}={value}: {}", run.stdout);
        assert_eq!(run.outputs["errors"], "0", "{input}={value}");
    }
    // config: a file that says never fails.
    let cfg = r.work.join("ci.toml");
    std::fs::write(&cfg, "fail_on = \"never\"\n").unwrap();
    let run = r.run(&[("path", HCL_DIR), ("config", cfg.to_str().unwrap()), off]);
    assert_eq!(
        (run.status, run.outputs["errors"].as_str()),
        (0, "1"),
        "{}",
        run.stdout
    );
    // var-file and workspace: the values the analysis used.
    let run = r.run(&[
        ("path", "testdata/action-inputs"),
        ("var-file", "testdata/action-inputs/prod.tfvars"),
        ("workspace", "prod"),
        off,
    ]);
    assert_eq!(run.status, 0, "{}", run.stdout);
    let rep = report_json(&r);
    assert_eq!(rep["services"][0]["scaling"]["desired_count"], 5);
    assert_eq!(rep["task_definitions"][0]["family"], "web-prod");
    // set: one override per line, each applied and listed in the report.
    let run = r.run(&[
        ("path", "testdata/capacity/surge"),
        (
            "set",
            "aws_ecs_service.api.desired_count=8\naws_autoscaling_group.ecs.max_size=3\n",
        ),
        off,
    ]);
    assert_eq!(run.status, 0, "{}", run.stdout);
    let rep = report_json(&r);
    assert_eq!(rep["overrides"].as_array().map(Vec::len), Some(2));
    assert_eq!(rep["services"][0]["scaling"]["desired_count"], 8);
    // A value with spaces stays one override.
    let run = r.run(&[
        ("path", "testdata/capacity/surge"),
        ("set", "aws_ecs_task_definition.api.cpu=0.25 vCPU"),
        off,
    ]);
    assert_eq!(run.status, 0, "{}", run.stdout);
    assert_eq!(report_json(&r)["overrides"][0]["value"], "0.25 vCPU");
    // source: said in the report.
    let run = r.run(&[
        ("path", "testdata/example/plan.json"),
        ("source", "testdata/example"),
        ("fail-on", "never"),
        off,
    ]);
    assert_eq!(run.status, 0, "{}", run.stdout);
    assert_eq!(report_json(&r)["inputs"][0]["source"]["chosen_by"], "flag");
    // baseline: the same findings again are not new.
    let base = r.work.join("base.json");
    std::fs::copy(r.work.join("runner-temp/ecsnet-report/report.json"), &base).unwrap();
    let run = r.run(&[
        ("path", "testdata/example/plan.json"),
        ("baseline", base.to_str().unwrap()),
        off,
    ]);
    assert_eq!(
        (run.status, run.outputs["errors"].as_str()),
        (0, "0"),
        "{}",
        run.stdout
    );
    // fail-on-changed-only: passed through (every resource of the example is created, so
    // its errors still fail), and a value other than true/false is a usage error.
    let run = r.run(&[
        ("path", "testdata/example/plan.json"),
        ("fail-on-changed-only", "true"),
        off,
    ]);
    assert_eq!(run.status, 1, "{}", run.stdout);
    let run = r.run(&[("path", HCL_DIR), ("fail-on-changed-only", "yes"), off]);
    assert_eq!(run.status, 2, "{}", run.stdout);
}

#[test]
fn input_values_are_never_evaluated_or_globbed() {
    let r = runner("inject");
    let canary = r.work.join("PWNED");
    let hostile = format!(
        "$(touch {}) `touch {}` *",
        canary.display(),
        canary.display()
    );
    for input in [
        "ignore",
        "select",
        "args",
        "var-file",
        "config",
        "workspace",
        "set",
    ] {
        let run = r.run(&[
            ("path", HCL_DIR),
            (input, hostile.as_str()),
            ("comment", "off"),
        ]);
        assert!(!canary.exists(), "{input} ran a command: {}", run.stdout);
        assert_ne!(
            run.status, 0,
            "{input}: a hostile value is not silently accepted"
        );
    }
    // `*` reached ecsnet as a literal rule name, not as the files of the directory.
    let run = r.run(&[("path", HCL_DIR), ("ignore", "*"), ("comment", "off")]);
    assert_eq!(run.status, 2);
    assert!(
        run.stdout.contains("--ignore: no rule `*`"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_clean_pull_request_gets_no_new_comment_but_an_old_one_says_clean() {
    // Clean from the start: nothing is posted.
    let r = runner("clean");
    let clean = [
        ("path", HCL_DIR),
        ("ignore", "missing-network-configuration"),
    ];
    let run = r.run(&clean);
    assert_eq!(run.status, 0, "{}", run.stdout);
    assert_eq!(run.outputs["comment-action"], "skipped", "{}", run.stdout);
    assert!(r.fake.comments().is_empty());
    // A finding appears: the comment is created; once fixed, the same comment says clean.
    let run = r.run(&[("path", HCL_DIR)]);
    assert_eq!(run.outputs["comment-action"], "created");
    let run = r.run(&clean);
    assert_eq!(run.outputs["comment-action"], "updated", "{}", run.stdout);
    let comments = r.fake.comments();
    assert_eq!(comments.len(), 1);
    assert!(
        comments[0].body.contains("### ✅ ecsnet: no findings"),
        "{}",
        comments[0].body
    );
    // `new` still posts on a clean pull request: the skip belongs to `update`.
    let run = r.run(&[clean[0], clean[1], ("comment", "new")]);
    assert_eq!(run.outputs["comment-action"], "created");
}

/// An action directory whose committed sums list `archive` (or a wrong sum), and a download
/// base (`file://`) that serves it as release v0.1.0 would.
fn local_release(r: &Runner, good_sum: bool) -> Vec<(&'static str, String)> {
    let version = env!("CARGO_PKG_VERSION");
    let target = "x86_64-unknown-linux-musl";
    let dl = r.work.join(format!("dl/v{version}"));
    // The packaging script of the release workflow, on the binary under test.
    let o = Command::new("bash")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/package"))
        .args([target, version, dl.to_str().unwrap(), ecsnet()])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let asset = format!("ecsnet-v{version}-{target}.tar.gz");
    let line = std::fs::read_to_string(dl.join(format!("{asset}.sha256"))).unwrap();
    let line = if good_sum {
        line
    } else {
        format!("{}  {asset}\n", "0".repeat(64))
    };
    let action = r.work.join("action");
    std::fs::create_dir_all(action.join("checksums")).unwrap();
    std::fs::write(action.join("checksums/sha256sums.txt"), line).unwrap();
    std::fs::write(
        action.join("Cargo.toml"),
        format!("[package]\nname = \"ecsnet\"\nversion = \"{version}\"\n"),
    )
    .unwrap();
    let mut env = r.env.clone();
    env.push(("GITHUB_ACTION_PATH", action.display().to_string()));
    env.push((
        "ECSNET_DOWNLOAD_BASE",
        format!("file://{}", r.work.join("dl").display()),
    ));
    env
}

#[test]
fn installs_from_a_release_archive_with_a_committed_checksum() {
    let r = runner("archive");
    let env = local_release(&r, true);
    let run = run_action(&[("path", HCL_DIR), ("comment", "off")], &r.work, &env);
    assert_eq!(run.status, 1, "{}", run.stdout);
    assert_eq!(run.outputs["errors"], "1");
    assert!(!run.stdout.contains("cargo install"), "{}", run.stdout);
    // A sum that does not match stops before anything runs.
    let r = runner("badsum");
    let env = local_release(&r, false);
    let run = run_action(&[("path", HCL_DIR), ("comment", "off")], &r.work, &env);
    assert_eq!(run.status, 2);
    assert!(run.stdout.contains("checksum mismatch"), "{}", run.stdout);
}

//! The composite action, run the way the runner runs it (github-integration.md §4.4): each
//! `run:` step through `bash --noprofile --norc -eo pipefail`, inputs resolved from defaults
//! and `with`, only whitelisted `${{ }}` expressions, a fresh `GITHUB_OUTPUT` per step, one
//! shared `GITHUB_STEP_SUMMARY`. Plus the Marketplace metadata checks.
//!
//! The binary here is a stub script that behaves like the CLI's file interface, so these
//! tests pin the YAML plumbing (inputs, outputs, exit code, comment step); the comment bot
//! itself is tested against a fake GitHub in `comment_bot.rs`.

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

fn run_action(with: &[(&str, &str)], work: &Path, extra_env: &[(&str, String)]) -> Run {
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
            .map(|d| work.join(resolve(d, &inputs, &steps_out)))
            .unwrap_or_else(|| work.to_path_buf());
        let mut cmd = Command::new("bash");
        cmd.args(["--noprofile", "--norc", "-eo", "pipefail"])
            .arg(&script)
            .current_dir(dir)
            .env("GITHUB_OUTPUT", &output_file)
            .env("GITHUB_STEP_SUMMARY", &summary)
            .env("GITHUB_ACTION_PATH", env!("CARGO_MANIFEST_DIR"))
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

/// A stand-in for the CLI's file interface: writes the `--output` files, prints one
/// annotation and a summary, exits 1 (findings at `fail-on`); `comment github` records
/// its arguments and writes the comment outputs.
const STUB: &str = r##"#!/usr/bin/env bash
set -euo pipefail
if [ "${1:-}" = comment ]; then
  echo "$@" > "$RUNNER_TEMP/comment-args"
  echo "token=$GITHUB_TOKEN" >> "$RUNNER_TEMP/comment-args"
  printf 'comment-action=created\ncomment-url=https://github.com/acme/infra/pull/7#issuecomment-1\ncomment-id=1\n' >> "$GITHUB_OUTPUT"
  echo "ecsnet: comment created"
  exit 0
fi
echo "$@" > "$RUNNER_TEMP/analyze-args"
while [ $# -gt 0 ]; do
  case "$1" in
    --output) kind="${2%%=*}"; file="${2#*=}"; shift 2
      case "$kind" in
        json) echo '{"schema_version":1,"summary":{"services":3,"errors":1,"warnings":2,"notes":0}}' > "$file" ;;
        markdown) echo '### 🔴 ecsnet: 1 error, 2 warnings in 3 services' > "$file" ;;
        sarif) echo '{"version":"2.1.0","runs":[]}' > "$file" ;;
      esac ;;
    *) shift ;;
  esac
done
echo "::error file=main.tf,line=3,col=5,title=ECS101 fargate-requires-awsvpc::fargate requires awsvpc"
echo '### 🔴 ecsnet' >> "$GITHUB_STEP_SUMMARY"
exit 1
"##;

fn workdir(tag: &str) -> PathBuf {
    let p = std::env::temp_dir().join(format!("ecsnet-action-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&p);
    std::fs::create_dir_all(&p).unwrap();
    let stub = p.join("ecsnet-stub");
    std::fs::write(&stub, STUB).unwrap();
    Command::new("chmod").arg("+x").arg(&stub).status().unwrap();
    p
}

#[test]
fn runs_reports_comment_and_fails_on_findings() {
    let work = workdir("full");
    let stub = work.join("ecsnet-stub").display().to_string();
    let run = run_action(
        &[("binary", &stub), ("path", "infra\nplan dir/plan.json")],
        &work,
        &[],
    );
    assert_eq!(run.status, 1, "{}", run.stdout);
    assert_eq!(run.outputs["errors"], "1");
    assert_eq!(run.outputs["warnings"], "2");
    assert_eq!(run.outputs["services"], "3");
    assert!(run.outputs["sarif-file"].ends_with("ecsnet.sarif"));
    assert!(Path::new(&run.outputs["sarif-file"]).is_file());
    assert!(Path::new(&run.outputs["report-file"]).is_file());
    assert_eq!(run.outputs["comment-action"], "created");
    assert!(run.outputs["comment-url"].contains("issuecomment-1"));
    assert!(run.stdout.contains("::error file=main.tf,line=3"));
    assert!(run.summary.contains("ecsnet"));
    let analyze = std::fs::read_to_string(work.join("runner-temp/analyze-args")).unwrap();
    assert!(analyze.contains("--fail-on error"));
    assert!(
        analyze.ends_with("-- infra plan dir/plan.json\n"),
        "{analyze}"
    );
    let comment = std::fs::read_to_string(work.join("runner-temp/comment-args")).unwrap();
    assert!(
        comment.contains("--behavior update --key default"),
        "{comment}"
    );
    assert!(comment.contains("token=test-token"));
    std::fs::remove_dir_all(&work).unwrap();
}

#[test]
fn comment_off_and_fail_on_none() {
    let work = workdir("off");
    let stub = work.join("ecsnet-stub").display().to_string();
    let run = run_action(
        &[
            ("binary", &stub),
            ("comment", "off"),
            ("format", "markdown"),
        ],
        &work,
        &[],
    );
    // The stub exits 1 (findings); the verdict step passes that on.
    assert_eq!(run.status, 1);
    assert_eq!(run.outputs["comment-action"], "skipped");
    assert_eq!(run.outputs["sarif-file"], "");
    assert!(!work.join("runner-temp/comment-args").exists());
    std::fs::remove_dir_all(&work).unwrap();
}

#[test]
fn body_file_only_posts() {
    let work = workdir("body");
    let stub = work.join("ecsnet-stub").display().to_string();
    std::fs::write(work.join("ecsnet.md"), "report").unwrap();
    let run = run_action(&[("binary", &stub), ("body-file", "ecsnet.md")], &work, &[]);
    assert_eq!(run.status, 0, "{}", run.stdout);
    assert_eq!(run.outputs["comment-action"], "created");
    assert!(!work.join("runner-temp/analyze-args").exists());
    std::fs::remove_dir_all(&work).unwrap();
}

#[test]
fn a_missing_binary_is_a_clear_error() {
    let work = workdir("missing");
    let run = run_action(&[("binary", "/nonexistent/ecsnet")], &work, &[]);
    assert_eq!(run.status, 2);
    assert!(
        run.stdout
            .contains("::error title=ecsnet::binary input is not an executable file")
    );
    std::fs::remove_dir_all(&work).unwrap();
}

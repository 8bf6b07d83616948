//! A pull request controls every byte of the repository, links included. This plants canary
//! files outside the analyzed root (and under `.git/`, and in the process environment), links
//! every file ecsnet reads to them, and asserts the canary appears in no output of any
//! format, on stdout, on stderr, in `--output` files or in the job summary.

#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::Command;

const CANARY: &str = "CANARY-7f3a9";

struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let p = std::env::temp_dir().join(format!("ecsnet-confine-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        Scratch(p.canonicalize().unwrap())
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn link(target: &Path, link: &Path) {
    std::fs::create_dir_all(link.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(target, link).unwrap();
}

const MAIN_TF: &str = r#"
variable "auths" {
  type    = any
  default = {}
}

variable "note" {
  type    = string
  default = "none"
}

resource "aws_ecs_task_definition" "leak" {
  family       = "leak"
  network_mode = "bridge"
  container_definitions = jsonencode([{
    name         = jsonencode(var.auths)
    image        = file("../.git/config")
    essential    = true
    memory       = 256
    command      = [file("../../outside.txt"), templatefile(".git-link/config", {}), var.note]
    portMappings = [{ containerPort = 80, hostPort = 80 }]
  }])
}

resource "aws_ecs_service" "web" {
  name            = "web"
  task_definition = aws_ecs_task_definition.leak.arn
  desired_count   = 1
  launch_type     = "EC2"
}

module "local_outside" {
  source = "../../outside-module"
}

module "registry" {
  source = "example/ecs/aws"
}
"#;

/// The hostile repository; returns (workspace, infra directory).
fn plant(s: &Path) -> (PathBuf, PathBuf) {
    // Outside the workspace.
    write(
        &s.join("outside.json"),
        &format!(r#"{{"auths": {{"registry.example": {{"auth": "{CANARY}"}}}}}}"#),
    );
    write(&s.join("outside.txt"), &format!("{CANARY} = [[[\n"));
    write(&s.join("outside.tfvars"), &format!("note = \"{CANARY}\"\n"));
    write(
        &s.join("outside-module/main.tf"),
        &format!("resource \"aws_ecs_service\" \"{CANARY}\" {{\n  name = \"{CANARY}\"\n}}\n"),
    );
    write(
        &s.join("outside-plan.json"),
        &format!(
            r#"{{"format_version":"1.2","resource_changes":[],"note":"{CANARY}","planned_values":{{"root_module":{{}}}}}}"#
        ),
    );
    let ws = s.join("repo");
    write(
        &ws.join(".git/config"),
        &format!("[http]\n\textraheader = AUTHORIZATION: basic {CANARY}\n"),
    );
    let infra = ws.join("infra");
    write(&infra.join("main.tf"), MAIN_TF);
    link(
        &s.join("outside.json"),
        &infra.join("terraform.tfvars.json"),
    );
    link(&s.join("outside.tfvars"), &infra.join("evil.auto.tfvars"));
    link(&s.join("outside.txt"), &infra.join("linked.tf"));
    link(&s.join("outside.txt"), &infra.join("ecsnet.toml"));
    link(&ws.join(".git"), &infra.join(".git-link"));
    write(
        &infra.join(".terraform/modules/modules.json"),
        r#"{"Modules":[{"Key":"registry","Source":"example/ecs/aws","Dir":"../../outside-module"}]}"#,
    );
    link(&s.join("outside-plan.json"), &ws.join("plans/evil.json"));
    (ws, infra)
}

fn ecsnet(cwd: &Path, args: &[&str], summary: &Path) -> (Option<i32>, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ecsnet"));
    for (k, _) in std::env::vars() {
        if k.starts_with("GITHUB_") || k.starts_with("TF_VAR_") {
            cmd.env_remove(k);
        }
    }
    let out = cmd
        .current_dir(cwd)
        .args(args)
        .env("ECSNET_TEST_CANARY", CANARY)
        .env("GITHUB_STEP_SUMMARY", summary)
        .output()
        .unwrap();
    let text = format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code(), text)
}

#[test]
fn no_canary_in_any_output() {
    let s = Scratch::new("canary");
    let (ws, infra) = plant(&s.0);
    let summary = s.0.join("summary.md");
    let out_dir = s.0.join("out");
    std::fs::create_dir_all(&out_dir).unwrap();
    let formats = ["table", "json", "markdown", "sarif", "github"];
    write(&s.0.join("empty.toml"), "");
    let empty = s.0.join("empty.toml").display().to_string();
    let inputs: [(&Path, &[&str]); 6] = [
        // The hostile ecsnet.toml stops the run (exit 2) before anything else is read.
        (&ws, &["infra"]),
        // With a configuration of the user's, everything else is read.
        (&ws, &["infra", "--config", &empty]),
        (&infra, &[".", "--config", &empty]),
        (&ws, &["plans/*.json", "--config", &empty]),
        // A plan analyzed with the hostile directory as its source.
        (
            &ws,
            &[
                "--source",
                "infra",
                "--config",
                &empty,
                "plans/*.json",
                "../outside-plan.json",
            ],
        ),
        (
            &infra,
            &[
                "--source",
                ".",
                "--config",
                &empty,
                "../../outside-plan.json",
            ],
        ),
    ];
    let mut seen_refusals = 0;
    let mut analyzed = 0;
    for (cwd, args) in inputs {
        for f in formats {
            let mut a: Vec<String> = args.iter().map(|s| s.to_string()).collect();
            a.extend(["--format".into(), f.into()]);
            for o in formats {
                a.push("--output".into());
                a.push(format!("{o}={}", out_dir.join(format!("r.{o}")).display()));
            }
            let (code, text) = ecsnet(
                cwd,
                &a.iter().map(String::as_str).collect::<Vec<_>>(),
                &summary,
            );
            assert!(code.is_some(), "{a:?}: killed");
            assert!(!text.contains(CANARY), "{a:?} printed the canary:\n{text}");
            for o in formats {
                let p = out_dir.join(format!("r.{o}"));
                let written = std::fs::read_to_string(&p).unwrap_or_default();
                assert!(!written.contains(CANARY), "{a:?}: {o} file has the canary");
            }
            if text.contains("outside the analyzed root") {
                seen_refusals += 1;
            }
            let json = std::fs::read_to_string(out_dir.join("r.json")).unwrap_or_default();
            if json.contains("\"address\": \"aws_ecs_service.web\"") {
                analyzed += 1;
            }
        }
    }
    let summary = std::fs::read_to_string(&summary).unwrap_or_default();
    assert!(!summary.contains(CANARY), "job summary has the canary");
    // The refusals are said, not silent.
    assert!(seen_refusals > 0);
    // The service is analyzed (not a run that stopped early) by every run that reads the
    // directory with a configuration of the user's.
    assert_eq!(analyzed, 2 * formats.len());
}

#[test]
fn refusals_are_located_findings() {
    let s = Scratch::new("located");
    let (ws, _) = plant(&s.0);
    let summary = s.0.join("summary.md");
    let (_, text) = ecsnet(&ws, &["infra", "--format", "json"], &summary);
    // The configuration file is refused before any analysis.
    assert!(
        text.contains("ecsnet.toml: it resolves outside the analyzed root"),
        "{text}"
    );
    write(&s.0.join("empty.toml"), "");
    let empty = s.0.join("empty.toml").display().to_string();
    let (code, text) = ecsnet(&ws, &["infra", "--config", &empty], &summary);
    assert!(code.is_some());
    for needle in [
        "terraform.tfvars.json` cannot be read: it resolves outside the analyzed root",
        "evil.auto.tfvars` cannot be read: it resolves outside the analyzed root",
        "linked.tf` cannot be read: it resolves outside the analyzed root",
        "path under `.git/` refused",
        "module local_outside: source \"../../outside-module\": path outside the analyzed root refused",
        "module registry: directory \"../../outside-module\" of `.terraform/modules/modules.json`: path outside the analyzed root refused",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
    let (_, text) = ecsnet(&ws, &["plans/*.json"], &summary);
    assert!(
        text.contains("`plans/evil.json` (matched by `plans/*.json`) is not read: it resolves outside the analyzed root"),
        "{text}"
    );
}

/// `ecsnet.toml` linked to the process environment: refused, and its text never quoted.
#[test]
fn config_linked_to_environ() {
    let s = Scratch::new("environ");
    let root = s.0.join("root");
    write(&root.join("main.tf"), MAIN_TF);
    link(Path::new("/proc/self/environ"), &root.join("ecsnet.toml"));
    let summary = s.0.join("summary.md");
    let (code, text) = ecsnet(&root, &["."], &summary);
    assert_eq!(code, Some(2), "{text}");
    assert!(!text.contains(CANARY), "{text}");
    assert!(text.contains("ecsnet.toml"), "{text}");
    // Named on the command line, /proc is still refused.
    let (code, text) = ecsnet(&root, &[".", "--config", "/proc/self/environ"], &summary);
    assert_eq!(code, Some(2), "{text}");
    assert!(!text.contains(CANARY), "{text}");
}

/// A syntax error in a configuration file inside the root names the line, not its text.
#[test]
fn config_error_does_not_quote() {
    let s = Scratch::new("toml");
    let root = s.0.join("root");
    write(&root.join("main.tf"), MAIN_TF);
    write(
        &root.join("ecsnet.toml"),
        &format!("fail_on = \"never\"\n{CANARY} == 1\n"),
    );
    let (code, text) = ecsnet(&root, &["."], &s.0.join("summary.md"));
    assert_eq!(code, Some(2), "{text}");
    assert!(text.contains("line 2, column"), "{text}");
    assert!(!text.contains(CANARY), "{text}");
}

/// A FIFO as the plan or as a var file: refused at once, never a hang; a pipe with a writer
/// (`<(terraform show -json plan.out)`) is read.
#[test]
fn fifos_do_not_block() {
    let s = Scratch::new("fifo");
    let fifo = s.0.join("plan.json");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let summary = s.0.join("summary.md");
    let (code, text) = ecsnet(&s.0, &["plan.json"], &summary);
    assert_eq!(code, Some(2), "{text}");
    assert!(text.contains("a pipe with no writer"), "{text}");
    write(&s.0.join("root/main.tf"), MAIN_TF);
    let (_, text) = ecsnet(&s.0, &["root", "--var-file", "plan.json"], &summary);
    assert!(text.contains("a pipe with no writer"), "{text}");
    let plan = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/example/plan.json");
    let out = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "{} <(cat {plan}) --format json",
            env!("CARGO_BIN_EXE_ecsnet")
        ))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("\"services\""), "{stdout}");
}

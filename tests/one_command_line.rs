//! `ecsnet DIR` and `ecsnet comment github DIR` take the same analysis options, resolved the
//! same way: the configuration file, `TF_VAR_*`, the default source, `--max-instances` and
//! `--ignore` give the same report and the same exit code in the terminal and in the pull
//! request.

use std::path::PathBuf;
use std::process::Command;

struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const MAIN_TF: &str = r#"
variable "desired" {
  type = number
}

resource "aws_ecs_task_definition" "web" {
  family       = "web"
  network_mode = "bridge"
  container_definitions = jsonencode([{
    name         = "web"
    image        = "nginx"
    memory       = 256
    portMappings = [{ containerPort = 80, hostPort = 8080 }]
  }])
}

resource "aws_ecs_service" "web" {
  name            = "web"
  task_definition = aws_ecs_task_definition.web.arn
  launch_type     = "EC2"
  desired_count   = var.desired
}

resource "aws_ecs_task_definition" "agent" {
  family       = "agent"
  network_mode = "host"
  container_definitions = jsonencode([{
    name         = "agent"
    image        = "agent"
    memory       = 64
    portMappings = [{ containerPort = 9000 }]
  }])
}
"#;

fn ecsnet(dir: &std::path::Path, args: &[&str]) -> (Option<i32>, String, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ecsnet"));
    for (k, _) in std::env::vars() {
        if k.starts_with("GITHUB_") || k.starts_with("TF_VAR_") {
            cmd.env_remove(k);
        }
    }
    let out = cmd
        .current_dir(dir)
        .args(args)
        .env("TF_VAR_desired", "3")
        .env("GITHUB_REPOSITORY", "acme/infra")
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn terminal_and_pull_request_agree() {
    let dir = std::env::temp_dir().join(format!("ecsnet-one-cli-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    let _cleanup = Scratch(dir.clone());
    std::fs::write(dir.join("main.tf"), MAIN_TF).unwrap();
    // The configuration turns one rule off and never fails the job.
    std::fs::write(
        dir.join("ecsnet.toml"),
        "fail_on = \"never\"\n[rules]\ndisable = [\"host-network-mode\"]\n",
    )
    .unwrap();
    let flags = [
        "--max-instances",
        "2",
        "--ignore",
        "static-port-deployment-deadlock",
    ];
    let mut terminal = vec![".", "--format", "markdown"];
    terminal.extend(flags);
    let mut comment = vec!["comment", "github", ".", "--dry-run", "--pr", "7"];
    comment.extend(flags);
    let (t_code, t_out, t_err) = ecsnet(&dir, &terminal);
    let (c_code, c_out, c_err) = ecsnet(&dir, &comment);
    assert_eq!(t_code, Some(0), "{t_err}");
    assert_eq!(c_code, Some(0), "{c_err}");
    // TF_VAR_desired = 3 with a static port and 2 instances: the capacity error, shown (not
    // failing: fail_on = "never"); the config's disabled rule and the flag's ignored rule
    // appear in neither.
    for out in [&t_out, &c_out] {
        assert!(out.contains("static-port-capacity-exceeded"), "{out}");
        assert!(out.contains("needs 3 instances"), "{out}");
        assert!(!out.contains("host-network-mode"), "{out}");
        assert!(!out.contains("static-port-deployment-deadlock"), "{out}");
    }
    // The comment is the terminal's Markdown report behind the bot's marker line.
    let body = c_out.split_once('\n').map_or("", |(_, b)| b);
    assert_eq!(body.trim_end(), t_out.trim_end());
}

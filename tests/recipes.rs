//! docs/recipes.md: each command line, run with stand-ins for `terraform`, `tofu` and
//! `terragrunt` that print the bundled example plan (the tools are not installed in CI), so
//! the ecsnet side of every recipe is what runs.

#![cfg(unix)]

use std::path::Path;
use std::process::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// A directory with `infra/` (the example's Terraform), stand-in tools on PATH, and ecsnet.
fn stage() -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    let infra = t.path().join("infra");
    std::fs::create_dir_all(&infra).unwrap();
    std::fs::copy(
        format!("{ROOT}/testdata/example/main.tf"),
        infra.join("main.tf"),
    )
    .unwrap();
    let bin = t.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let plan = format!("{ROOT}/testdata/example/plan.json");
    // `show -json` prints the plan; `plan` writes a plan file; anything else does nothing.
    let tool = format!(
        "#!/bin/sh\nfor a in \"$@\"; do case \"$a\" in -json) cat '{plan}'; exit 0;; -out=*) : > \"${{a#-out=}}\";; esac; done\nexit 0\n"
    );
    for name in ["terraform", "tofu", "terragrunt"] {
        let p = bin.join(name);
        std::fs::write(&p, &tool).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
    }
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_ecsnet"), bin.join("ecsnet")).unwrap();
    t
}

/// The ```sh blocks of the page after `heading`, as one script.
fn block(doc: &str, heading: &str, fence: &str) -> String {
    let at = doc.find(heading).unwrap_or_else(|| panic!("{heading}"));
    let start = doc[at..].find(fence).unwrap() + at + fence.len();
    doc[start..start + doc[start..].find("```").unwrap()].to_string()
}

fn sh(dir: &Path, script: &str, env: &[(&str, &str)]) -> (i32, String, String) {
    let bin = dir.join("bin");
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut c = Command::new("sh");
    c.arg("-c").arg(script).current_dir(dir).env("PATH", path);
    for (k, v) in env {
        c.env(k, v);
    }
    let o = c.output().unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).to_string(),
        String::from_utf8_lossy(&o.stderr).to_string(),
    )
}

fn doc() -> String {
    std::fs::read_to_string(format!("{ROOT}/docs/recipes.md")).unwrap()
}

const FIRST_ERROR: &str = "error[static-port-capacity-exceeded]";

#[test]
fn plain_shell() {
    let t = stage();
    let script = block(&doc(), "## Plain shell CI", "```sh\n");
    let (code, out, err) = sh(t.path(), &script, &[]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains(&format!("infra/main.tf:157:3: {FIRST_ERROR}")),
        "{out}"
    );
    assert!(err.contains("(the plan file's directory)"), "{err}");
}

#[test]
fn atlantis_step() {
    let t = stage();
    let yaml = block(&doc(), "## Atlantis", "```yaml\n");
    let w: serde_yaml_ng::Value = serde_yaml_ng::from_str(&yaml).unwrap();
    let steps = w["workflows"]["ecsnet"]["plan"]["steps"]
        .as_sequence()
        .unwrap();
    let run = steps.iter().find_map(|s| s["run"].as_str()).unwrap();
    // Atlantis runs steps in the project directory with SHOWFILE set.
    let show = t.path().join("show.json");
    std::fs::copy(format!("{ROOT}/testdata/example/plan.json"), &show).unwrap();
    let (code, out, err) = sh(
        &t.path().join("infra"),
        &format!("PATH=../bin:$PATH; {run}"),
        &[("SHOWFILE", show.to_str().unwrap())],
    );
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains(&format!("main.tf:157:3: {FIRST_ERROR}")),
        "{out}"
    );
    // The fallback for older Atlantis.
    let doc = doc();
    let fallback = doc
        .lines()
        .find(|l| l.contains("terraform show -json \"$PLANFILE\""))
        .unwrap();
    let cmd = fallback
        .split('`')
        .nth(1)
        .unwrap()
        .trim_start_matches("- run: ");
    let (code, out, _) = sh(
        &t.path().join("infra"),
        &format!("PATH=../bin:$PATH; {cmd}"),
        &[("PLANFILE", "plan.out")],
    );
    assert_eq!(code, 1);
    assert!(out.contains(FIRST_ERROR), "{out}");
}

#[test]
fn terragrunt_and_opentofu() {
    for (heading, dir) in [("## Terragrunt", "live/prod/ecs"), ("## OpenTofu", ".")] {
        let t = stage();
        let d = t.path().join(dir);
        std::fs::create_dir_all(&d).unwrap();
        std::fs::copy(
            format!("{ROOT}/testdata/example/main.tf"),
            d.join("main.tf"),
        )
        .unwrap();
        let script = block(&doc(), heading, "```sh\n").replace("cd live/prod/ecs\n", "");
        let bin = t.path().join("bin");
        let (code, out, err) = sh(&d, &format!("PATH={}:$PATH\n{script}", bin.display()), &[]);
        assert_eq!(code, 1, "{heading}: {out}{err}");
        assert!(out.contains(FIRST_ERROR), "{heading}: {out}");
    }
}

/// The example plan as OpenTofu 1.12 writes it (`internal/command/jsonplan` at v1.12.6:
/// `format_version` 1.2, its registry in `provider_name`, and the resource identities it adds
/// to every change and state resource: `before_identity`, `after_identity`, `identity`,
/// `identity_schema_version`). No OpenTofu binary exists here, so the shape is made from
/// Terraform's plan of the same configuration; ecsnet must report exactly the same.
fn as_opentofu(plan: &serde_json::Value) -> serde_json::Value {
    fn walk(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(o) => {
                if let Some(serde_json::Value::String(p)) = o.get_mut("provider_name") {
                    *p = p.replace("registry.terraform.io", "registry.opentofu.org");
                }
                if let Some(c) = o.get_mut("change").and_then(|c| c.as_object_mut()) {
                    let id = serde_json::json!({"id": "tofu-identity"});
                    c.insert("before_identity".into(), id.clone());
                    c.insert("after_identity".into(), id);
                }
                if o.contains_key("values") && o.contains_key("address") {
                    o.insert(
                        "identity".into(),
                        serde_json::json!({"id": "tofu-identity"}),
                    );
                    o.insert("identity_schema_version".into(), 0.into());
                }
                o.values_mut().for_each(walk);
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(walk),
            _ => {}
        }
    }
    let mut p = plan.clone();
    p["terraform_version"] = "1.12.6".into();
    walk(&mut p);
    p
}

#[test]
fn an_opentofu_plan_reads_as_terraform_s() {
    let text = std::fs::read_to_string(format!("{ROOT}/testdata/example/plan.json")).unwrap();
    let plan: serde_json::Value = serde_json::from_str(&text).unwrap();
    let tofu = serde_json::to_string(&as_opentofu(&plan)).unwrap();
    assert!(tofu.contains("registry.opentofu.org") && tofu.contains("after_identity"));
    let run = |input: &str| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ecsnet"))
            .args(["--format", "json", "-"])
            .current_dir(format!("{ROOT}/testdata/example"))
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        (
            out.status.code(),
            report["services"].clone(),
            report["findings"].clone(),
        )
    };
    let (tf, tofu) = (run(&text), run(&tofu));
    assert_eq!(tf.0, Some(1), "the example has two errors");
    assert_eq!(tf, tofu);
}

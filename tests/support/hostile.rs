//! Hostile inputs too large, too deep or too machine-specific to commit (symlinks, file
//! modes): written at test time by `tests/bad_inputs.rs` and by the benchmark
//! (`examples/gen_hostile.rs`), so both exercise the same inputs.

use std::path::{Path, PathBuf};

/// How deep the nested arrays go.
pub(crate) const DEPTH: usize = 100_000;
/// The length of the single huge string.
pub(crate) const BIG_STRING: usize = 50 << 20;

/// A plan JSON document with one task definition whose `container_definitions` is `defs`
/// (a JSON value written as is) and one service using it.
pub(crate) fn plan_with(defs_json: &str, extra_after: &str) -> String {
    format!(
        r#"{{"format_version":"1.2","resource_changes":[
{{"address":"aws_ecs_task_definition.app","mode":"managed","type":"aws_ecs_task_definition","name":"app",
 "change":{{"actions":["create"],"before":null,"after":{{"family":"app","network_mode":"bridge","container_definitions":{defs_json}{extra_after}}},"after_unknown":{{}}}}}},
{{"address":"aws_ecs_service.web","mode":"managed","type":"aws_ecs_service","name":"web",
 "change":{{"actions":["create"],"before":null,"after":{{"name":"web","task_definition":"app","launch_type":"EC2"}},"after_unknown":{{}}}}}}
]}}"#
    )
}

fn nested(open: &str, close: &str, depth: usize) -> String {
    let mut s = String::with_capacity((open.len() + close.len()) * depth);
    for _ in 0..depth {
        s.push_str(open);
    }
    for _ in 0..depth {
        s.push_str(close);
    }
    s
}

fn write(path: &Path, text: impl AsRef<[u8]>) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, text)
}

/// A directory holding one valid service in `main.tf`, to which a case adds its hazard.
fn tf_root(dir: &Path) -> std::io::Result<()> {
    write(
        &dir.join("main.tf"),
        r#"resource "aws_ecs_task_definition" "app" {
  family                = "app"
  network_mode          = "bridge"
  container_definitions = jsonencode([{ name = "web", image = "nginx", memory = 128, portMappings = [{ containerPort = 80, hostPort = 80 }] }])
}

resource "aws_ecs_service" "web" {
  name            = "web"
  launch_type     = "EC2"
  desired_count   = 2
  task_definition = aws_ecs_task_definition.app.arn
}
"#,
    )
}

/// The generated cases, by name. `slow` adds a 50 MB HCL string literal, which hcl-edit
/// parses in 1 s in a release build but 25 s in a debug one (the benchmark runs it).
pub(crate) fn cases(slow: bool) -> Vec<&'static str> {
    let mut v = vec![
        "big-string.json",
        "deep-array.json",
        "deep-in-plan.json",
        "deep-container-definitions.json",
        "deep-array-tf",
        "deep-parens-tf",
        "deep-object-tf",
        "symlink-loop",
        "symlink-outside",
        "tf-is-directory",
        "unreadable",
        "many-containers-tf",
        "many-port-mappings-tf",
        "many-bad-entries.json",
        "fifo-tf",
        "sparse-tf",
        "non-utf8-name-tf",
    ];
    if slow {
        v.extend(["big-string-tf", "count-near-budget"]);
    }
    v
}

/// Writes case `name` under `out`, returning the path to analyze.
pub(crate) fn write_case(out: &Path, name: &str) -> std::io::Result<PathBuf> {
    let p = out.join(name);
    match name {
        // A document that is nothing but nested arrays.
        "deep-array.json" => write(&p, nested("[", "]", DEPTH))?,
        // A plan whose relevant resource holds nested arrays where a value is built.
        "deep-in-plan.json" => write(
            &p,
            plan_with("\"[]\"", &format!(",\"tags\":{}", nested("[", "]", DEPTH))),
        )?,
        // container_definitions (a JSON string) that nests 100,000 deep.
        "deep-container-definitions.json" => {
            let defs = serde_json::Value::String(nested("[", "]", DEPTH)).to_string();
            write(&p, plan_with(&defs, ""))?
        }
        "deep-array-tf" => {
            tf_root(&p)?;
            write(
                &p.join("deep.tf"),
                format!("locals {{\n  deep = {}\n}}\n", nested("[", "]", DEPTH)),
            )?
        }
        "deep-parens-tf" => {
            tf_root(&p)?;
            write(
                &p.join("deep.tf"),
                format!(
                    "locals {{\n  deep = {}1{}\n}}\n",
                    "(".repeat(DEPTH),
                    ")".repeat(DEPTH)
                ),
            )?
        }
        "deep-object-tf" => {
            tf_root(&p)?;
            write(
                &p.join("deep.tf"),
                format!("locals {{\n  deep = {}\n}}\n", nested("{a=", "}", DEPTH)),
            )?
        }
        "big-string.json" => {
            let s = "A".repeat(BIG_STRING);
            write(&p, plan_with(&format!("\"{s}\""), ""))?
        }
        "big-string-tf" => {
            tf_root(&p)?;
            write(
                &p.join("big.tf"),
                format!("locals {{\n  big = \"{}\"\n}}\n", "A".repeat(BIG_STRING)),
            )?
        }
        // 44,000 instances, just under the total instance budget of the HCL front end,
        // each service referring to its task definition by index.
        "count-near-budget" => write(
            &p.join("main.tf"),
            r#"resource "aws_ecs_task_definition" "app" {
  count                 = 22000
  family                = "app-${count.index}"
  network_mode          = "bridge"
  container_definitions = jsonencode([{ name = "web", image = "nginx", memory = 128, portMappings = [{ containerPort = 80, hostPort = 0 }] }])
}

resource "aws_ecs_service" "web" {
  count           = 22000
  name            = "web-${count.index}"
  launch_type     = "EC2"
  task_definition = aws_ecs_task_definition.app[count.index].arn
}
"#,
        )?,
        // `a.tf` -> `b.tf` -> `a.tf`, and a directory link to itself.
        "symlink-loop" => {
            tf_root(&p)?;
            symlink(Path::new("b.tf"), &p.join("a.tf"))?;
            symlink(Path::new("a.tf"), &p.join("b.tf"))?;
            symlink(Path::new("."), &p.join("self"))?;
            write(
                &p.join("mod.tf"),
                "module \"self\" {\n  source = \"./self/self/self\"\n}\n",
            )?
        }
        // Links that point outside the analyzed root: a `.tf` file, a file read with
        // `file()`, and a module directory.
        "symlink-outside" => {
            tf_root(&p)?;
            let secret = out.join("outside-secret");
            write(
                &secret.join("secret.tf"),
                "resource \"aws_ecs_cluster\" \"stolen\" {\n  name = \"SECRET-VALUE\"\n}\n",
            )?;
            symlink(&secret.join("secret.tf"), &p.join("linked.tf"))?;
            symlink(&secret.join("secret.tf"), &p.join("defs.json"))?;
            symlink(&secret, &p.join("linked-module"))?;
            // An endless file where ecsnet looks for the module manifest.
            std::fs::create_dir_all(p.join(".terraform/modules"))?;
            symlink(
                Path::new("/dev/zero"),
                &p.join(".terraform/modules/modules.json"),
            )?;
            symlink(Path::new("/dev/zero"), &p.join("zero.tf"))?;
            write(
                &p.join("uses.tf"),
                r#"resource "aws_ecs_task_definition" "linked" {
  family                = "linked"
  network_mode          = "bridge"
  container_definitions = file("${path.module}/defs.json")
}

module "linked" {
  source = "./linked-module"
}
"#,
            )?
        }
        "tf-is-directory" => {
            tf_root(&p)?;
            std::fs::create_dir_all(p.join("dir.tf"))?;
            std::fs::create_dir_all(p.join("nested.tf.json"))?
        }
        // A `.tf` file nobody may read. Root reads it anyway (CI runs as root).
        "unreadable" => {
            tf_root(&p)?;
            let f = p.join("secret.tf");
            write(
                &f,
                "resource \"aws_ecs_cluster\" \"hidden\" {\n  name = \"hidden\"\n}\n",
            )?;
            set_mode(&f, 0o000)?;
        }
        // 30,000 containers in one `file()` and 150,000 port mappings: each key is located
        // in the file, once (both were quadratic).
        "many-containers-tf" | "many-port-mappings-tf" => {
            let defs: Vec<serde_json::Value> = if name == "many-containers-tf" {
                (0..30_000)
                    .map(|i| {
                        serde_json::json!({"name": format!("c{i}"), "image": "x", "memory": 16,
                            "portMappings": [{"containerPort": 1000 + i % 5000}]})
                    })
                    .collect()
            } else {
                let maps: Vec<_> = (0..150_000)
                    .map(|i| serde_json::json!({"containerPort": 1 + i % 60000, "hostPort": 0}))
                    .collect();
                vec![
                    serde_json::json!({"name": "web", "image": "x", "memory": 16,
                    "portMappings": maps}),
                ]
            };
            write(&p.join("defs.json"), serde_json::to_string(&defs).unwrap())?;
            write(
                &p.join("main.tf"),
                r#"resource "aws_ecs_task_definition" "app" {
  family                = "app"
  network_mode          = "bridge"
  container_definitions = file("defs.json")
}

resource "aws_ecs_service" "web" {
  name            = "web"
  task_definition = aws_ecs_task_definition.app.arn
  desired_count   = 2
  launch_type     = "EC2"
}
"#,
            )?
        }
        // 100,000 entries that cannot be read, each positioned (the document is indexed
        // once, not parsed again per entry).
        "many-bad-entries.json" => {
            let entries = vec![r#"{"address":7}"#; 100_000].join(",");
            write(
                &p,
                format!(r#"{{"format_version":"1.2","resource_changes":[{entries}]}}"#),
            )?
        }
        // A `.tf` that is a FIFO nobody writes to: refused at once, never a hang.
        "fifo-tf" => {
            tf_root(&p)?;
            let made = std::process::Command::new("mkfifo")
                .arg(p.join("pipe.tf"))
                .status()?;
            if !made.success() {
                return Err(std::io::Error::other("mkfifo failed"));
            }
        }
        // A 6 GB `.tf` that takes no disk (sparse): refused by its size, never read whole.
        "sparse-tf" => {
            tf_root(&p)?;
            let f = std::fs::File::create(p.join("huge.tf"))?;
            f.set_len(6 << 30)?;
        }
        // A `.tf` whose name is not UTF-8: said, not silently skipped.
        "non-utf8-name-tf" => {
            tf_root(&p)?;
            #[cfg(unix)]
            {
                use std::os::unix::ffi::OsStrExt;
                let name = std::ffi::OsStr::from_bytes(b"bad-\xff.tf");
                write(&p.join(name), "locals {}\n")?;
            }
        }
        other => {
            return Err(std::io::Error::other(format!("no hostile case {other}")));
        }
    }
    Ok(p)
}

/// Whether the current user can read a file whose mode is 000 (root can).
#[allow(dead_code)] // used by the tests, not by the benchmark
pub(crate) fn can_read_unreadable(out: &Path) -> bool {
    std::fs::read(out.join("unreadable").join("secret.tf")).is_ok()
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(target, link)
}

#[cfg(not(unix))]
fn symlink(_: &Path, _: &Path) -> std::io::Result<()> {
    Ok(())
}

#[cfg(unix)]
fn set_mode(f: &Path, mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(f, std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_mode(_: &Path, _: u32) -> std::io::Result<()> {
    Ok(())
}

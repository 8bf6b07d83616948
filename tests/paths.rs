//! Locations are relative to the workspace root in every format, however the input is
//! spelled and wherever the job runs: annotations and SARIF must land on the diff.

use std::path::{Path, PathBuf};
use std::process::Command;

struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A workspace (a `.git` directory marks it) with the example under `infra/`.
fn workspace(tag: &str) -> Scratch {
    let ws = std::env::temp_dir().join(format!("ecsnet-paths-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&ws);
    std::fs::create_dir_all(ws.join(".git")).unwrap();
    std::fs::create_dir_all(ws.join("infra")).unwrap();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/example/main.tf");
    std::fs::copy(example, ws.join("infra/main.tf")).unwrap();
    Scratch(ws.canonicalize().unwrap())
}

fn run(cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> String {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ecsnet"));
    for (k, _) in std::env::vars() {
        if k.starts_with("GITHUB_") || k.starts_with("CI_") || k.starts_with("TF_VAR_") {
            cmd.env_remove(k);
        }
    }
    let out = cmd
        .current_dir(cwd)
        .args(args)
        .envs(env.iter().copied())
        .output()
        .unwrap();
    assert!(out.status.code().is_some_and(|c| c <= 1), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn relative_absolute_subdirectory_and_glob_agree() {
    let ws = workspace("spellings");
    let abs = ws.0.join("infra").display().to_string();
    for format in ["github", "sarif", "json", "table"] {
        let spellings = [
            run(&ws.0, &["infra", "--format", format], &[]),
            run(&ws.0, &[&abs, "--format", format], &[]),
            run(&ws.0.join("infra"), &[".", "--format", format], &[]),
            run(&ws.0.join("infra"), &[&abs, "--format", format], &[]),
            run(&ws.0, &["inf*/", "--format", format], &[]),
            // In Actions: the workspace from GITHUB_WORKSPACE, a job in a subdirectory.
            run(
                &ws.0.join("infra"),
                &[".", "--format", format],
                &[("GITHUB_WORKSPACE", ws.0.to_str().unwrap())],
            ),
        ];
        // `inputs[].path` keeps the user's spelling; every location is the same.
        let strip = |s: &str| {
            s.lines()
                .filter(|l| !l.trim_start().starts_with("\"path\""))
                .collect::<Vec<_>>()
                .join("\n")
        };
        for s in &spellings[1..] {
            assert_eq!(strip(s), strip(&spellings[0]), "{format}");
        }
        assert!(
            spellings[0].contains("infra/main.tf"),
            "{format}: {}",
            spellings[0]
        );
        assert!(
            !spellings[0].contains(ws.0.to_str().unwrap()),
            "{format}: {}",
            spellings[0]
        );
    }
    let github = run(&ws.0, &[&abs, "--format", "github"], &[]);
    assert!(
        github.contains("::error file=infra/main.tf,line="),
        "{github}"
    );
    let sarif = run(&ws.0, &[&abs, "--format", "sarif"], &[]);
    assert!(sarif.contains("\"uri\": \"infra/main.tf\""), "{sarif}");
    assert!(sarif.contains("\"uriBaseId\": \"%SRCROOT%\""), "{sarif}");
}

/// A file outside the workspace keeps its absolute path, as a `file://` URI in SARIF.
#[test]
fn outside_the_workspace_stays_absolute() {
    let ws = workspace("outside");
    let other = std::env::temp_dir().join(format!("ecsnet-paths-other-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&other);
    std::fs::create_dir_all(&other).unwrap();
    let _cleanup = Scratch(other.clone());
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/example/main.tf");
    std::fs::copy(example, other.join("main.tf")).unwrap();
    let other = other.canonicalize().unwrap();
    let sarif = run(&ws.0, &[other.to_str().unwrap(), "--format", "sarif"], &[]);
    assert!(
        sarif.contains(&format!("\"uri\": \"file://{}/main.tf\"", other.display())),
        "{sarif}"
    );
}

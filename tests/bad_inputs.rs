//! The hostile-input catalog: what ecsnet says, and its exit code, for every input under
//! `testdata/bad/` and for the generated ones in `tests/support/hostile.rs` (too large,
//! too deep, or symbolic links and file modes that git cannot keep). Nothing may panic,
//! hang, or read outside the analyzed root; timings are measured by `bench/run`, not here.

#[path = "support/hostile.rs"]
mod hostile;

use ecsnet::input::LoadOptions;
use ecsnet::run::{self, Format, Invocation};
use ecsnet::settings::Settings;
use std::path::{Path, PathBuf};

const MANIFEST: &str = env!("CARGO_MANIFEST_DIR");

/// Analyzes `path` with the sandbox root at `root`; returns the exit code and the table.
fn ecsnet(path: &Path, root: Option<&Path>) -> (u8, String) {
    let inv = Invocation {
        paths: vec![path.display().to_string()],
        load: LoadOptions {
            root: root.map(Path::to_path_buf),
            ..LoadOptions::default()
        },
        settings: Settings::default(),
        config: None,
        sets: Vec::new(),
    };
    let report = run::analyze(&inv, &mut std::io::empty());
    let code = run::exit_code(&report, &inv.settings);
    (code, run::render(&report, Format::Table, Some(100)))
}

fn said(code: u8, table: &str, strip: &[(&Path, &str)]) -> String {
    let mut out = format!("exit code: {code}\n{table}");
    for (prefix, with) in strip {
        out = out.replace(&prefix.display().to_string(), with);
    }
    out
}

/// A scratch directory removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let p = std::env::temp_dir().join(format!("ecsnet-{name}-{}", std::process::id()));
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

#[test]
fn committed_catalog() {
    let bad = Path::new(MANIFEST).join("testdata/bad");
    let mut names: Vec<String> = std::fs::read_dir(&bad)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 14, "{names:?}");
    for name in names {
        let path = bad.join(&name);
        // A directory is its own root, so `../` escapes it; a file gets the default root.
        let root = path.is_dir().then_some(path.as_path());
        let (code, table) = ecsnet(&path, root);
        let text = said(code, &table, &[(&bad, "testdata/bad")]);
        insta::assert_snapshot!(format!("bad__{name}"), text);
    }
}

#[test]
fn generated_catalog() {
    let scratch = Scratch::new("hostile");
    for name in hostile::cases(false) {
        if name == "unreadable" {
            continue;
        }
        let path = hostile::write_case(&scratch.0, name).unwrap();
        let root = path.is_dir().then_some(path.as_path());
        let (code, table) = ecsnet(&path, root);
        let text = said(code, &table, &[(&scratch.0, "<tmp>")]);
        assert!(
            !text.contains("SECRET-VALUE"),
            "read outside the root: {text}"
        );
        // One finding per bad entry, each positioned: the whole list is not a snapshot.
        let text = if name == "many-bad-entries.json" {
            let lines: Vec<&str> = text.lines().collect();
            let bad = lines
                .iter()
                .filter(|l| l.contains("error[invalid-input]"))
                .count();
            assert_eq!(bad, 100_000, "{name}");
            let mut kept = lines[..5].to_vec();
            kept.push("…");
            kept.extend(&lines[lines.len() - 3..]);
            kept.join("\n")
        } else {
            text
        };
        // Bounded output: a 50 MB input never becomes a 50 MB message.
        assert!(
            text.len() < 20_000,
            "{name}: {} bytes of output",
            text.len()
        );
        insta::assert_snapshot!(format!("gen__{name}"), text);
    }
}

/// A file nobody may read: an error finding for ordinary users; root (as in CI) can read
/// it, so there it is analyzed like any other file.
#[test]
fn unreadable_file() {
    let scratch = Scratch::new("unreadable");
    let path = hostile::write_case(&scratch.0, "unreadable").unwrap();
    let (code, table) = ecsnet(&path, Some(&path));
    if hostile::can_read_unreadable(&scratch.0) {
        assert_eq!(code, 0, "{table}");
        assert!(!table.contains("secret.tf"), "{table}");
    } else {
        // The rest of the directory was analyzed: an error finding, not "nothing analyzed".
        assert_eq!(code, 1, "{table}");
        assert!(
            table.contains("secret.tf:1:1: error[invalid-input]: `secret.tf` cannot be read"),
            "{table}"
        );
    }
    assert!(table.contains("aws_ecs_service.web"), "{table}");
}

/// The evaluation budget: each `testdata/bad/budget-*` root is run by the binary with its
/// address space capped at 768 MiB (`ulimit -v`). It must finish (not be killed by the
/// allocator failing), say what it refused, and still analyze the ordinary service beside
/// the hostile expression.
#[cfg(unix)]
#[test]
fn budget_cases_within_memory() {
    let bad = Path::new(MANIFEST).join("testdata/bad");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&bad)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("budget-")
        })
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 9, "{dirs:?}");
    for d in dirs {
        let d = d.display().to_string();
        let out = std::process::Command::new("bash")
            .arg("-c")
            .arg("ulimit -v 786432 && exec \"$0\" \"$1\" --root \"$1\" --format json")
            .arg(env!("CARGO_BIN_EXE_ecsnet"))
            .arg(&d)
            .output()
            .unwrap();
        let code = out.status.code();
        let json = String::from_utf8_lossy(&out.stdout);
        assert!(matches!(code, Some(0 | 1)), "{d}: {code:?}\n{json}");
        assert!(
            json.contains("\"address\": \"aws_ecs_service.web\""),
            "{d}: {json}"
        );
        let name = Path::new(&d)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        // Linear paths (distinct, grouping) evaluate; the others are refused out loud.
        if name != "budget-distinct" {
            assert!(json.contains("\"code\": \"ECS901\""), "{d}: {json}");
        }
    }
    // The same configuration read as the `--source` of a plan is under the same budget.
    let plan = Path::new(MANIFEST).join("testdata/example/plan.json");
    let source = bad.join("budget-locals-doubling");
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg("ulimit -v 786432 && exec \"$0\" \"$1\" --source \"$2\" --format json")
        .arg(env!("CARGO_BIN_EXE_ecsnet"))
        .arg(&plan)
        .arg(&source)
        .output()
        .unwrap();
    assert!(matches!(out.status.code(), Some(0..=2)), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"services\""));
}

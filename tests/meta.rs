//! Conventions every rule must keep, and generated docs that must not go stale.
//! `UPDATE_DOCS=1 cargo test --test meta` rewrites `docs/rules/`.

use ecsnet::rules::{ALL, doc_page};
use std::path::PathBuf;

#[test]
fn rules_are_sorted_and_unique() {
    let codes: Vec<&str> = ALL.iter().map(|r| r.meta.code).collect();
    let mut sorted = codes.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(
        codes, sorted,
        "ALL must be sorted by code with unique codes"
    );
    let mut names: Vec<&str> = ALL.iter().map(|r| r.meta.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), ALL.len(), "slugs must be unique");
    for r in ALL {
        let m = r.meta;
        assert!(
            m.code.len() == 6
                && m.code.starts_with("ECS")
                && m.code[3..].chars().all(|c| c.is_ascii_digit()),
            "{}: code must look like ECS123",
            m.code
        );
        assert!(
            m.name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
            "{}: slug must be kebab-case",
            m.name
        );
        assert!(
            m.summary.starts_with(|c: char| c.is_lowercase()) && !m.summary.ends_with('.'),
            "{}: summary must start lowercase with no trailing period",
            m.code
        );
    }
}

#[test]
fn rule_docs_have_the_required_sections() {
    for r in ALL {
        let headings: Vec<&str> = r
            .meta
            .doc
            .lines()
            .filter(|l| l.starts_with("## "))
            .collect();
        let required = ["## What it does", "## Why is this bad?", "## Example"];
        assert!(
            headings.len() >= 3 && headings[..3] == required,
            "{}: doc must start with {required:?}, has {headings:?}",
            r.meta.code
        );
        for extra in &headings[3..] {
            assert!(
                ["## Known limitations", "## References"].contains(extra),
                "{}: unexpected heading {extra}",
                r.meta.code
            );
        }
    }
}

#[test]
fn rule_docs_are_fresh() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/rules");
    let update = std::env::var_os("UPDATE_DOCS").is_some();
    let mut expected = Vec::new();
    for r in ALL {
        let name = format!("{}-{}.md", r.meta.code, r.meta.name);
        let want = doc_page(r.meta);
        let path = dir.join(&name);
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &want).unwrap();
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        assert_eq!(
            have, want,
            "docs/rules/{name} is stale: run `UPDATE_DOCS=1 cargo test --test meta`"
        );
        expected.push(name);
    }
    let mut index = String::from(
        "# Rules\n\nGenerated from the rule registry (`ecsnet rules`).\n\n| code | rule | severity | summary |\n|---|---|---|---|\n",
    );
    for r in ALL {
        let m = r.meta;
        index.push_str(&format!(
            "| {} | [{}]({}-{}.md) | {} | {} |\n",
            m.code,
            m.name,
            m.code,
            m.name,
            m.severity.as_str(),
            m.summary
        ));
    }
    let index_path = dir.join("README.md");
    if update {
        std::fs::write(&index_path, &index).unwrap();
    }
    assert_eq!(
        std::fs::read_to_string(&index_path).unwrap_or_default(),
        index,
        "docs/rules/README.md is stale: run `UPDATE_DOCS=1 cargo test --test meta`"
    );
    for entry in std::fs::read_dir(&dir).unwrap() {
        let n = entry.unwrap().file_name().into_string().unwrap();
        assert!(
            n == "README.md" || expected.contains(&n),
            "docs/rules/{n} belongs to no rule"
        );
    }
}

/// The one rule list (`rules!` in src/rules/mod.rs) names every rule file, and every name in
/// it is a file: a rule written but not registered would never run.
#[test]
fn every_rule_file_is_registered() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/rules");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .filter_map(|p| Some(p.file_stem()?.to_str()?.to_string()))
        .filter(|n| n != "mod" && !ecsnet::rules::HELPERS.contains(&n.as_str()))
        .collect();
    files.sort();
    let mut registered: Vec<String> = ecsnet::rules::MODULES
        .iter()
        .map(|m| m.to_string())
        .collect();
    registered.sort();
    assert_eq!(
        files, registered,
        "src/rules/*.rs and the rules! list differ"
    );
    assert_eq!(ecsnet::rules::MODULES.len(), ALL.len());
    // Each module's file is named for its slug.
    for (m, r) in ecsnet::rules::MODULES.iter().zip(ALL) {
        assert_eq!(
            m.replace('_', "-"),
            r.meta.name,
            "{m}.rs holds {}",
            r.meta.code
        );
    }
}

/// Every output format has its renderer's snapshot and its section in docs/output-formats.md,
/// so a format cannot be added without both.
#[test]
fn every_format_has_a_snapshot_and_docs() {
    use clap::ValueEnum;
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let snaps: Vec<String> = std::fs::read_dir(root.join("tests/snapshots"))
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    let docs = std::fs::read_to_string(root.join("docs/output-formats.md")).unwrap();
    for f in ecsnet::run::Format::value_variants() {
        let name = f.to_possible_value().unwrap().get_name().to_string();
        assert!(
            snaps
                .iter()
                .any(|s| s.ends_with(&format!("format_{name}.snap"))
                    || s.ends_with(&format!("__{name}.snap"))),
            "no snapshot of --format {name} in tests/snapshots"
        );
        assert!(
            docs.lines().any(|l| l == format!("## {name}")),
            "docs/output-formats.md has no `## {name}` section"
        );
        assert!(ecsnet::run::Format::NAMES.contains(&name.as_str()));
    }
}

/// The layers of docs/architecture.md, lowest first: a module may import only modules of a
/// lower layer (or its own). An import that runs back up fails here with the line to change.
#[test]
fn imports_follow_the_layers() {
    const LAYERS: &[&[&str]] = &[
        &["model", "fsread", "par"],
        &["finding"],
        &["settings"],
        &["input"],
        &["ecs"],
        &["capacity"],
        &["scaling"],
        &["rules"],
        &["pipeline"],
        &["report"],
        &["run"],
        &["options"],
        &["github"],
        &["gitlab"],
    ];
    let rank = |m: &str| LAYERS.iter().position(|l| l.contains(&m));
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    let mut dirs = vec![src.clone()];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                files.push(p);
            }
        }
    }
    let mut wrong = Vec::new();
    for f in files {
        let rel = f
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let top = rel
            .split('/')
            .next()
            .unwrap()
            .trim_end_matches(".rs")
            .to_string();
        let Some(mine) = rank(&top) else {
            assert!(
                ["lib", "main"].contains(&top.as_str()) || top == "data",
                "src/{rel}: module `{top}` is in no layer of this test and docs/architecture.md"
            );
            continue;
        };
        let text = std::fs::read_to_string(&f).unwrap();
        // Unit tests may reach anywhere.
        let code = text.split("#[cfg(test)]").next().unwrap();
        for (n, line) in code.lines().enumerate() {
            let line = line.trim_start();
            if line.starts_with("//") {
                continue;
            }
            let mut targets: Vec<String> = Vec::new();
            for part in line.split("crate::").skip(1) {
                if let Some(group) = part.strip_prefix('{') {
                    let inner = group.split('}').next().unwrap_or("");
                    targets.extend(
                        inner
                            .split(',')
                            .filter_map(|p| p.trim().split("::").next())
                            .filter(|p| !p.is_empty())
                            .map(str::to_string),
                    );
                } else {
                    let name: String = part
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    targets.push(name);
                }
            }
            for t in targets {
                if let Some(theirs) = rank(&t)
                    && theirs > mine
                {
                    wrong.push(format!("src/{rel}:{}: {top} imports {t}", n + 1));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the layers:\n{}",
        wrong.join("\n")
    );
}

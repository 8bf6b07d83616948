//! Every rule against its fixtures: `testdata/rules/<CODE>-<slug>/{bad,good}/` each hold
//! Terraform (`*.tf`, with `# expect: CODE` on every line a finding must point at) and the
//! real plan of it (`plan.json`, made by `testdata/rules/make-plans`).
//!
//! - plan: `bad` yields exactly one finding of the rule per marker, `good` none;
//! - HCL: the findings point at exactly the marked lines, and agree with the plan's
//!   (code, subject) pairs.

use ecsnet::finding::Finding;
use ecsnet::rules::ALL;
use ecsnet::run::{Invocation, analyze};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn rules_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("testdata/rules")
}

fn fixture_dirs() -> Vec<(String, PathBuf)> {
    let mut out: Vec<(String, PathBuf)> = std::fs::read_dir(rules_dir())
        .unwrap()
        .filter_map(|e| {
            let e = e.ok()?;
            let name = e.file_name().into_string().ok()?;
            let code = name.split('-').next()?.to_string();
            e.path().is_dir().then_some((code, e.path()))
        })
        .collect();
    out.sort();
    out
}

fn findings(path: &Path, code: &str) -> Vec<Finding> {
    let inv = Invocation {
        paths: vec![path.display().to_string()],
        ..Invocation::default()
    };
    let report = analyze(&inv, &mut std::io::empty());
    let broken: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.code == "ECS901")
        .collect();
    assert!(
        broken.is_empty(),
        "{}: input problems {broken:#?}",
        path.display()
    );
    report
        .findings
        .into_iter()
        .filter(|f| f.code == code)
        .collect()
}

/// (file name, line) of every `# expect: CODE` marker in the `.tf` files of `dir`.
fn markers(dir: &Path, code: &str) -> BTreeSet<(String, u32)> {
    let mut out = BTreeSet::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().and_then(|x| x.to_str()) != Some("tf") {
            continue;
        }
        let text = std::fs::read_to_string(&p).unwrap();
        for (i, line) in text.lines().enumerate() {
            if let Some(rest) = line.split("# expect:").nth(1)
                && rest.split([',', ' ']).any(|c| c.trim() == code)
            {
                let name = p.file_name().unwrap().to_string_lossy().to_string();
                out.insert((name, i as u32 + 1));
            }
        }
    }
    out
}

#[test]
fn every_checked_rule_has_fixtures() {
    let dirs: BTreeSet<String> = fixture_dirs()
        .into_iter()
        .map(|(_, p)| p.file_name().unwrap().to_string_lossy().to_string())
        .collect();
    for r in ALL.iter().filter(|r| r.check.is_some()) {
        let name = format!("{}-{}", r.meta.code, r.meta.name);
        assert!(dirs.contains(&name), "no fixtures testdata/rules/{name}/");
        for case in ["bad", "good"] {
            let d = rules_dir().join(&name).join(case);
            assert!(
                d.join("plan.json").is_file(),
                "{name}/{case}/plan.json missing"
            );
            assert!(
                std::fs::read_dir(&d).unwrap().any(|e| e
                    .unwrap()
                    .path()
                    .extension()
                    .is_some_and(|x| x == "tf")),
                "{name}/{case} has no .tf file"
            );
        }
    }
}

#[test]
fn plan_fixtures_fire_exactly_as_marked() {
    for (code, dir) in fixture_dirs() {
        let bad = dir.join("bad");
        let expected = markers(&bad, &code).len();
        assert!(
            expected > 0,
            "{}: bad fixture has no `# expect: {code}` marker",
            dir.display()
        );
        let got = findings(&bad.join("plan.json"), &code);
        assert_eq!(
            got.len(),
            expected,
            "{}: plan findings {got:#?}",
            bad.display()
        );
        let good = dir.join("good");
        assert!(markers(&good, &code).is_empty());
        let got = findings(&good.join("plan.json"), &code);
        assert!(
            got.is_empty(),
            "{}: near misses fired: {got:#?}",
            good.display()
        );
    }
}

#[test]
fn hcl_fixtures_point_at_the_marked_lines_and_agree_with_the_plan() {
    for (code, dir) in fixture_dirs() {
        for case in ["bad", "good"] {
            let d = dir.join(case);
            let hcl = findings(&d, &code);
            let lines: BTreeSet<(String, u32)> = hcl
                .iter()
                .map(|f| {
                    let l = f.location.as_ref().unwrap_or_else(|| {
                        panic!("{}: finding without location: {f:#?}", d.display())
                    });
                    let file = Path::new(&*l.file)
                        .file_name()
                        .unwrap()
                        .to_string_lossy()
                        .to_string();
                    (file, l.line)
                })
                .collect();
            assert_eq!(lines, markers(&d, &code), "{}: {hcl:#?}", d.display());
            let pairs = |fs: &[Finding]| -> BTreeSet<(String, Option<String>)> {
                fs.iter()
                    .map(|f| (f.code.to_string(), f.subject.clone()))
                    .collect()
            };
            let plan = findings(&d.join("plan.json"), &code);
            assert_eq!(
                pairs(&hcl),
                pairs(&plan),
                "{}: HCL and plan disagree",
                d.display()
            );
        }
    }
}

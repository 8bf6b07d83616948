//! `.pre-commit-hooks.yaml`: the hook pre-commit would run, run the way pre-commit runs it
//! (the entry, the args, then the changed files that match `files`).

use std::process::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

#[test]
fn the_hook_analyzes_each_changed_directory_once() {
    let text = std::fs::read_to_string(format!("{ROOT}/.pre-commit-hooks.yaml")).unwrap();
    let hooks: serde_yaml_ng::Value = serde_yaml_ng::from_str(&text).unwrap();
    let hook = &hooks[0];
    assert_eq!(hook["id"].as_str(), Some("ecsnet"));
    assert_eq!(hook["language"].as_str(), Some("rust"));
    assert_eq!(hook["entry"].as_str(), Some("ecsnet"));
    assert_eq!(hook["require_serial"].as_bool(), Some(true));
    // Which changed files pre-commit hands over (`files` is a Python regex; this one is
    // also a valid `regex`-style pattern, checked here by hand for the cases that matter).
    let pattern = hook["files"].as_str().unwrap();
    assert_eq!(pattern, r"\.tf(\.json)?$");
    let matches = |f: &str| f.ends_with(".tf") || f.ends_with(".tf.json");
    let changed = [
        "testdata/example/main.tf",
        "testdata/hcl/merge_containers/main.tf",
        "testdata/example/README.md",
        "testdata/action-inputs/prod.tfvars",
        "testdata/bad/tfjson-type-injection/main.tf.json",
        "testdata/hcl/override_file/main.tf",
        "testdata/hcl/override_file/main_override.tf",
    ];
    let files: Vec<&str> = changed.iter().copied().filter(|f| matches(f)).collect();
    assert_eq!(files.len(), 5);
    let args: Vec<String> = hook["args"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap().to_string())
        .collect();
    let o = Command::new(env!("CARGO_BIN_EXE_ecsnet"))
        .args(&args)
        .args(&files)
        .current_dir(ROOT)
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    // The example's two errors fail the commit; each directory counted once.
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(
        out.contains("testdata/example/main.tf:157:3: error[static-port-capacity-exceeded]"),
        "{out}"
    );
    let json = Command::new(env!("CARGO_BIN_EXE_ecsnet"))
        .args(["-f", "json"])
        .args(&files)
        .current_dir(ROOT)
        .output()
        .unwrap();
    let r: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let inputs: Vec<&str> = r["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        inputs,
        [
            "testdata/example",
            "testdata/hcl/merge_containers",
            "testdata/bad/tfjson-type-injection",
            "testdata/hcl/override_file"
        ]
    );
}

//! The HCL front end on an arbitrary `main.tf.json` and `terraform.tfvars.json` pair (the
//! same bytes), then analysis.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = std::env::temp_dir().join(format!("ecsnet-fuzz-tfjson-{}", std::process::id()));
    if std::fs::create_dir_all(&dir).is_err()
        || std::fs::write(dir.join("main.tf.json"), data).is_err()
        || std::fs::write(dir.join("terraform.tfvars.json"), data).is_err()
    {
        return;
    }
    let opts = ecsnet::input::LoadOptions {
        root: Some(dir.clone()),
        ..Default::default()
    };
    let model = ecsnet::input::hcl::load_root(&dir, &opts);
    assert!(
        !model
            .problems
            .iter()
            .any(|f| f.message.contains("could not be evaluated")),
        "the HCL evaluator panicked"
    );
    let _ = ecsnet::run::report_of(&[model], &[&ecsnet::settings::Settings::default()]);
});

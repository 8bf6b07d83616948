//! The HCL front end: Terraform directories evaluated into the model.

use super::LoadOptions;
use crate::model::{InputInfo, InputKind, Model};
use crate::rules::invalid_input;
use std::path::Path;

/// Loads the Terraform root module in `dir` (with its local modules) into a model.
pub fn load_root(dir: &Path, _opts: &LoadOptions) -> Model {
    let mut m = Model::new(InputInfo {
        kind: InputKind::Hcl,
        path: dir.display().to_string(),
    });
    m.findings.push(invalid_input::META.finding(
        format!(
            "`{}`: Terraform directories are not supported yet",
            dir.display()
        ),
        None,
        None,
    ));
    m
}

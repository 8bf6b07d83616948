//! Locations relative to the workspace root, in every format: the root is what GitHub (and
//! GitLab) resolve annotation and SARIF paths against, so `ecsnet infra/`,
//! `ecsnet /home/runner/work/repo/infra` and `cd infra && ecsnet .` must all say
//! `infra/main.tf`. A file outside the workspace keeps its absolute path.

use super::Report;
use crate::model::Location;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Rewrites every location of `report` (services and their resource limits, task
/// definitions, findings and their related places) from the working directory `cwd` to
/// `workspace`. Returns whether every
/// location is now inside the workspace.
pub fn relativize(report: &mut Report, cwd: &Path, workspace: &Path) -> bool {
    let ws = canonical(workspace);
    let mut cache: HashMap<std::sync::Arc<str>, (std::sync::Arc<str>, bool)> = HashMap::new();
    let mut all_inside = true;
    let mut fix = |l: &mut Location| {
        let (file, inside) = cache
            .entry(l.file.clone())
            .or_insert_with(|| {
                let (file, inside) = relative(&l.file, cwd, &ws);
                (file.into(), inside)
            })
            .clone();
        all_inside &= inside;
        l.file = file;
    };
    for s in &mut report.services {
        s.location.iter_mut().for_each(&mut fix);
        if let Some(l) = &mut s.scaling.resource_limit {
            l.location.iter_mut().for_each(&mut fix);
        }
    }
    for t in &mut report.task_definitions {
        t.location.iter_mut().for_each(&mut fix);
    }
    for f in &mut report.findings {
        f.location.iter_mut().for_each(&mut fix);
        f.related.iter_mut().for_each(&mut fix);
    }
    all_inside
}

/// `file` (relative to `cwd`, or absolute) relative to the canonical `ws`, `/`-separated;
/// else its absolute path. The flag says which.
fn relative(file: &str, cwd: &Path, ws: &Path) -> (String, bool) {
    let p = Path::new(file);
    let joined = if p.is_absolute() {
        p.to_path_buf()
    } else {
        cwd.join(p)
    };
    let abs = canonical(&crate::fsread::normalize(&joined));
    match abs.strip_prefix(ws) {
        Ok(rel) => {
            let parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            (parts.join("/"), true)
        }
        Err(_) => (abs.to_string_lossy().replace('\\', "/"), false),
    }
}

/// The path with symbolic links resolved where it exists (`/tmp` → `/private/tmp`), else as
/// written.
fn canonical(p: &Path) -> PathBuf {
    crate::fsread::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_spellings_one_path() {
        let ws = Path::new("/w/repo");
        let cwd = Path::new("/w/repo/infra");
        assert_eq!(relative("main.tf", cwd, ws), ("infra/main.tf".into(), true));
        assert_eq!(
            relative("/w/repo/infra/main.tf", Path::new("/elsewhere"), ws),
            ("infra/main.tf".into(), true)
        );
        assert_eq!(
            relative("../infra/./m/main.tf", Path::new("/w/repo/envs"), ws),
            ("infra/m/main.tf".into(), true)
        );
        assert_eq!(relative("/etc/x.tf", cwd, ws), ("/etc/x.tf".into(), false));
    }
}

//! Plan input: whether the plan changes what each finding is about (`changed_by_plan`), so a
//! reviewer sees new problems apart from those already there (`--fail-on-changed-only`).

use crate::ecs::Analysis;
use crate::finding::Finding;

/// Plan input: whether the plan changes what each finding is about — its subject, the task
/// definition of a subject service, or a resource its message names (`aws_autoscaling_group.ecs`
/// whose `max_size` went down makes an unchanged service's finding new). A resource the plan
/// does not list (a state, a plan without changes for it) leaves the answer unknown.
pub fn mark(a: &Analysis<'_>, findings: &mut [Finding]) {
    let model = a.model;
    if model.input.kind != crate::model::InputKind::Plan {
        return;
    }
    let changed: std::collections::HashMap<&str, bool> = model
        .resources
        .iter()
        .filter_map(|r| {
            let c = r.change.as_ref()?;
            let unchanged = c.actions.iter().all(|x| x == "no-op" || x == "read");
            Some((r.address.as_str(), !unchanged))
        })
        .collect();
    let td_of: std::collections::HashMap<&str, &str> = a
        .services
        .iter()
        .filter_map(|s| {
            let td = s.task_definition.one()?;
            Some((a.res(s.res).address.as_str(), a.res(td).address.as_str()))
        })
        .collect();
    for f in findings {
        let Some(subject) = f.subject.as_deref() else {
            continue;
        };
        let Some(&own) = changed.get(subject) else {
            continue;
        };
        let named = f
            .message
            .split('`')
            .skip(1)
            .step_by(2)
            .chain(td_of.get(subject).copied());
        let any = own || named.filter_map(|n| changed.get(n)).any(|&c| c);
        f.changed_by_plan = Some(any);
    }
}

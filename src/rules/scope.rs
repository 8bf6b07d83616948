//! Which task definitions a platform rule checks, and on whose behalf: a task definition that
//! declares the platform in `requires_compatibilities` is checked at registration (subject:
//! the task definition); one that does not is checked for every service that runs it on that
//! platform (subject: the service), since `CreateService` is where AWS rejects it then
//! (ecs-networking.md §5.5).

use crate::ecs::{Analysis, LaunchType, ServiceFacts, TaskDefFacts};
use crate::model::Resource;

/// One task definition to check for a platform.
pub(super) struct Target<'a, 'm> {
    /// The task definition.
    pub td: &'a TaskDefFacts,
    /// Its resource.
    pub res: &'m Resource,
    /// The service that runs it on the platform, when the task definition does not declare it.
    pub service: Option<&'a ServiceFacts>,
    /// The address findings are about.
    pub subject: String,
}

impl Target<'_, '_> {
    /// "`aws_ecs_task_definition.x` requires FARGATE" or "`aws_ecs_service.y` runs
    /// `aws_ecs_task_definition.x` on FARGATE", for messages.
    pub(super) fn describe(&self, lt: LaunchType) -> String {
        match self.service {
            None => format!("`{}` requires {}", self.res.address, lt.as_str()),
            Some(_) => format!(
                "`{}` runs `{}` on {}",
                self.subject,
                self.res.address,
                lt.as_str()
            ),
        }
    }
}

/// The task definitions that must be valid for `lt` (its API spelling is the
/// `requires_compatibilities` one).
pub(super) fn for_platform<'a, 'm>(a: &'a Analysis<'m>, lt: LaunchType) -> Vec<Target<'a, 'm>> {
    let compat = lt.as_str();
    let mut out = Vec::new();
    for td in &a.task_definitions {
        let r = a.res(td.res);
        if !r.is_deleted() && td.requires(compat) {
            out.push(Target {
                td,
                res: r,
                service: None,
                subject: r.address.clone(),
            });
        }
    }
    for svc in a.services.iter().filter(|s| !s.deleted) {
        let Some(td) = a.td_of(svc) else { continue };
        if svc.platform.launch_type == Some(lt) && !td.requires(compat) {
            out.push(Target {
                td,
                res: a.res(td.res),
                service: Some(svc),
                subject: a.res(svc.res).address.clone(),
            });
        }
    }
    out
}

/// The task definitions that are not deleted, with their resources.
pub(super) fn task_definitions<'a, 'm>(
    a: &'a Analysis<'m>,
) -> impl Iterator<Item = (&'a TaskDefFacts, &'m Resource)> {
    a.task_definitions
        .iter()
        .map(|td| (td, a.res(td.res)))
        .filter(|(_, r)| !r.is_deleted())
}

/// The services that are not deleted, with their resources.
pub(super) fn services<'a, 'm>(
    a: &'a Analysis<'m>,
) -> impl Iterator<Item = (&'a ServiceFacts, &'m Resource)> {
    a.services
        .iter()
        .filter(|s| !s.deleted)
        .map(|s| (s, a.res(s.res)))
}

/// How a service's platform was decided, for messages: "from `launch_type`", "by default".
pub(super) fn platform_source(svc: &ServiceFacts) -> &'static str {
    svc.platform.origin.phrase()
}

//! What a service asks for (its desired count, its auto scaling maximum) and how to name the
//! instances it may use, for the scaling rules' messages.

use super::ServiceScaling;
use crate::capacity::InstancesFrom;
use crate::ecs::Analysis;
use crate::model::Location;

/// A task count a service asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Demand {
    /// How many tasks.
    pub count: u64,
    /// `desired_count` (on the service) or `max_capacity` (on the auto scaling target).
    pub attribute: &'static str,
    /// The resource holding it (`model.resources`).
    pub res: usize,
}

impl Demand {
    /// Where it is written.
    pub fn location(&self, a: &Analysis<'_>) -> Option<Location> {
        a.res(self.res).location_of(self.attribute).cloned()
    }

    /// True for the desired count (a task that cannot be placed now), false for the auto
    /// scaling maximum (a limit met only when scaling out).
    pub fn is_desired(&self) -> bool {
        self.attribute == "desired_count"
    }
}

impl ServiceScaling {
    /// The first of the desired count and the auto scaling maximum that exceeds `limit`.
    pub fn demand_over(&self, svc_res: usize, limit: u64) -> Option<Demand> {
        if let Some(d) = self.summary.desired_count.filter(|&d| d > limit) {
            return Some(Demand {
                count: d,
                attribute: "desired_count",
                res: svc_res,
            });
        }
        let t = self.target?;
        self.summary
            .max_capacity
            .filter(|&m| m > limit)
            .map(|m| Demand {
                count: m,
                attribute: "max_capacity",
                res: t,
            })
    }

    /// "the Auto Scaling group `x` allows at most 3 instances" / "--max-instances allows 3".
    pub fn instances_phrase(&self, a: &Analysis<'_>) -> Option<String> {
        let n = *self.capacity.max_instances.as_ref().ok()?;
        let noun = if n == 1 { "instance" } else { "instances" };
        Some(match self.capacity.max_instances_from {
            InstancesFrom::Setting => format!("the `max_instances` setting allows {n} {noun}"),
            InstancesFrom::AutoScalingGroups => {
                let names: Vec<String> = self
                    .capacity
                    .asgs
                    .iter()
                    .map(|g| format!("`{}`", a.res(g.res).address))
                    .collect();
                match names.as_slice() {
                    [one] => format!("the Auto Scaling group {one} allows at most {n} {noun}"),
                    _ => format!(
                        "the Auto Scaling groups {} allow at most {n} {noun} in all",
                        names.join(", ")
                    ),
                }
            }
        })
    }
}

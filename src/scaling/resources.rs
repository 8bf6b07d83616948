//! CPU, memory and GPU fits per container instance (ecs-capacity.md §1–§3): what each
//! instance type of a service's capacity registers, what the daemons take first, and how many
//! of the service's tasks the rest holds.

use super::arith::Bound;
use crate::capacity::Capacity;
use crate::capacity::instance_resources::instance_resources;
use crate::ecs::task_size::{Amount, TaskSize};

/// A resource a task reserves for placement (ecs-capacity.md §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// CPU units (1,024 per vCPU).
    Cpu,
    /// MiB of memory.
    Memory,
    /// GPUs.
    Gpu,
}

impl Kind {
    /// Every kind, in the order fits are reported.
    pub const ALL: [Kind; 3] = [Kind::Cpu, Kind::Memory, Kind::Gpu];

    /// The report's label (`tasks_per_instance_limited_by`, `resource_limit.resource`).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Cpu => "cpu",
            Kind::Memory => "memory",
            Kind::Gpu => "gpu",
        }
    }
}

/// What one instance type registers, before daemons.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shape {
    /// The instance type.
    pub instance_type: String,
    /// CPU units (`vCPUs × 1024`, exact).
    pub cpu: u64,
    /// Memory the instance can register at most: advertised − `ECS_RESERVED_MEMORY`.
    pub memory_advertised: u64,
    /// Memory assumed usable: advertised × `usable_memory_percent` − `ECS_RESERVED_MEMORY`.
    pub memory: u64,
    /// GPUs.
    pub gpu: u64,
}

/// A task's (or the daemons') reservations, all known.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Need {
    /// CPU units.
    pub cpu: u64,
    /// MiB.
    pub memory: u64,
    /// GPUs.
    pub gpu: u64,
}

impl Need {
    /// The sum of two reservations.
    pub fn plus(self, o: Need) -> Need {
        Need {
            cpu: self.cpu.saturating_add(o.cpu),
            memory: self.memory.saturating_add(o.memory),
            gpu: self.gpu.saturating_add(o.gpu),
        }
    }

    /// The amount of one resource.
    pub fn get(&self, resource: Kind) -> u64 {
        match resource {
            Kind::Cpu => self.cpu,
            Kind::Memory => self.memory,
            Kind::Gpu => self.gpu,
        }
    }

    /// `n` copies.
    pub fn times(self, n: u64) -> Need {
        Need {
            cpu: self.cpu.saturating_mul(n),
            memory: self.memory.saturating_mul(n),
            gpu: self.gpu.saturating_mul(n),
        }
    }
}

/// The per-instance shapes of a capacity: every instance type of its Auto Scaling groups,
/// with each group's `ECS_RESERVED_MEMORY`. `percent`: the share of the advertised memory
/// assumed usable.
pub fn shapes(cap: &Capacity, percent: u64) -> Result<Vec<Shape>, String> {
    if cap.asgs.is_empty() {
        return Err(match &cap.instance_types {
            Err(why) => format!("the instance types are unknown: {why}"),
            Ok(_) => "the instance types are unknown".into(),
        });
    }
    let mut out: Vec<Shape> = Vec::new();
    for g in &cap.asgs {
        let types = g
            .instance_types
            .as_ref()
            .map_err(|why| format!("the instance types are unknown: {why}"))?;
        let reserved = g.reserved_memory.clone()?;
        for t in types {
            let r = instance_resources(t).ok_or_else(|| {
                format!("the vCPUs and memory of instance type `{t}` are not in ecsnet's table")
            })?;
            let shape = Shape {
                instance_type: t.clone(),
                cpu: r.cpu_units(),
                memory_advertised: r.memory_mib.saturating_sub(reserved),
                memory: (r.memory_mib * percent / 100).saturating_sub(reserved),
                gpu: r.gpus,
            };
            if !out.contains(&shape) {
                out.push(shape);
            }
        }
    }
    Ok(out)
}

/// A service task's reservations: the task definition's, plus the Service Connect proxy's
/// 256 CPU units and 64 MiB where the containers' sum is the reservation (with a task-level
/// value the proxy shares it; ecs-networking.md §5.4, [SC]).
pub fn task_need(size: &TaskSize, service_connect: Option<bool>) -> Result<Need, String> {
    let proxy = |a: &Amount, extra: u64| -> Result<u64, String> {
        match (a.from, service_connect) {
            ("cpu" | "memory", _) | (_, Some(false)) => Ok(a.value),
            (_, Some(true)) => Ok(a.value + extra),
            (_, None) => Err("whether Service Connect adds its proxy is unknown".into()),
        }
    };
    let cpu = size.cpu.as_ref().map_err(|w| format!("task CPU: {w}"))?;
    let memory = size
        .memory
        .as_ref()
        .map_err(|w| format!("task memory: {w}"))?;
    let gpu = size.gpu.as_ref().map_err(|w| format!("task GPUs: {w}"))?;
    Ok(Need {
        cpu: proxy(cpu, 256)?,
        memory: proxy(memory, 64)?,
        gpu: gpu.value,
    })
}

/// The resource that binds a per-instance fit, with its figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    /// The resource.
    pub resource: Kind,
    /// What one task reserves.
    pub task: u64,
    /// What one instance has for the service's tasks (after daemons).
    pub available: u64,
    /// The instance type.
    pub instance_type: String,
}

/// How a task that cannot be placed fails to fit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Misfit {
    /// The resource.
    pub resource: Kind,
    /// What one task reserves.
    pub task: u64,
    /// The most any instance type has for it (after daemons): registered CPU and GPUs, or
    /// memory (advertised for `never`, assumed usable for `may not fit`).
    pub largest: u64,
    /// The instance type with the most.
    pub instance_type: String,
    /// What the daemons take first on every instance.
    pub daemons: u64,
}

/// The resource fits of a service's task on its capacity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fit {
    /// Tasks per instance by CPU, memory and GPU: the smallest instance type's (the
    /// guarantee); labels `cpu`, `memory`, `gpu`.
    pub bound: Bound,
    /// The binding resource of `bound`.
    pub binding: Option<Binding>,
    /// The task exceeds what every instance type can register: never placed.
    pub never: Option<Misfit>,
    /// The task fits only in the memory between the assumed usable and the advertised figure.
    pub may_not: Option<Misfit>,
    /// Instance types of the capacity that hold no task of the service (others do).
    pub holds_none: Vec<String>,
}

/// An amount of a resource in words: `1,024 CPU units`, `3,072 MiB`, `1 GPU`.
pub fn amount(resource: Kind, n: u64) -> String {
    let figure = crate::finding::thousands(n);
    match resource {
        Kind::Cpu => format!("{figure} CPU units"),
        Kind::Memory => format!("{figure} MiB"),
        Kind::Gpu if n == 1 => format!("{figure} GPU"),
        Kind::Gpu => format!("{figure} GPUs"),
    }
}

fn have(s: &Shape, r: Kind, advertised: bool) -> u64 {
    match r {
        Kind::Cpu => s.cpu,
        Kind::Memory if advertised => s.memory_advertised,
        Kind::Memory => s.memory,
        Kind::Gpu => s.gpu,
    }
}

/// The tasks one instance of shape `s` holds after `d`, and the resource that binds
/// (`None`: the task reserves nothing).
fn per_shape(s: &Shape, task: Need, d: Need) -> Option<(u64, Binding)> {
    Kind::ALL
        .into_iter()
        .filter(|&r| task.get(r) > 0)
        .map(|r| {
            let avail = have(s, r, false).saturating_sub(d.get(r));
            let t = task.get(r);
            (
                avail / t,
                Binding {
                    resource: r,
                    task: t,
                    available: avail,
                    instance_type: s.instance_type.clone(),
                },
            )
        })
        .min_by_key(|(n, _)| *n)
}

/// The fits of `task` on `shapes` after `daemons` (ecs-capacity.md §3). Tasks per instance:
/// the smallest count among the instance types that hold one at all (a type that holds none
/// is named in `holds_none`; the scheduler places the tasks on the others).
pub fn fit(shapes: &[Shape], task: Need, daemons: Need) -> Fit {
    let mut out = Fit {
        bound: Bound::Unbounded,
        binding: None,
        never: None,
        may_not: None,
        holds_none: Vec::new(),
    };
    let counts: Vec<(u64, Binding)> = shapes
        .iter()
        .filter_map(|s| per_shape(s, task, daemons))
        .collect();
    let best = counts
        .iter()
        .filter(|(n, _)| *n > 0)
        .min_by_key(|(n, _)| *n)
        .or_else(|| counts.iter().min_by_key(|(n, _)| *n));
    if let Some((n, b)) = best {
        out.bound = Bound::Known(*n, b.resource.as_str());
        out.binding = Some(b.clone());
        if *n > 0 {
            out.holds_none = counts
                .iter()
                .filter(|(m, _)| *m == 0)
                .map(|(_, b)| b.instance_type.clone())
                .collect();
        }
    }
    for r in Kind::ALL {
        let t = task.get(r);
        if t == 0 {
            continue;
        }
        let d = daemons.get(r);
        let largest = |advertised: bool| {
            shapes
                .iter()
                .map(|s| (have(s, r, advertised).saturating_sub(d), s))
                .max_by_key(|(v, _)| *v)
        };
        // The registered memory is always below the advertised size, so a task reserving
        // all of it never fits ([MEM]); CPU and GPUs register exactly.
        if let Some((big, s)) = largest(true) {
            let never = if r == Kind::Memory { t >= big } else { t > big };
            if never && out.never.is_none() {
                out.never = Some(Misfit {
                    resource: r,
                    task: t,
                    largest: big,
                    instance_type: s.instance_type.clone(),
                    daemons: d,
                });
                continue;
            }
        }
        if r == Kind::Memory
            && let Some((usable, s)) = largest(false)
            && t > usable
            && out.never.is_none()
        {
            out.may_not = Some(Misfit {
                resource: r,
                task: t,
                largest: usable,
                instance_type: s.instance_type.clone(),
                daemons: d,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(t: &str, cpu: u64, mem: u64, gpu: u64) -> Shape {
        Shape {
            instance_type: t.into(),
            cpu,
            memory_advertised: mem,
            memory: mem * 95 / 100,
            gpu,
        }
    }

    #[test]
    fn memory_bound_on_m5_large() {
        // The example: an m5.large and a 3 GiB task: 2 per instance.
        let f = fit(
            &[shape("m5.large", 2048, 8192, 0)],
            Need {
                cpu: 512,
                memory: 3072,
                gpu: 0,
            },
            Need::default(),
        );
        assert_eq!(f.bound, Bound::Known(2, "memory"));
        let b = f.binding.unwrap();
        assert_eq!((b.task, b.available), (3072, 7782));
        assert_eq!((f.never, f.may_not), (None, None));
    }

    #[test]
    fn daemons_first_and_smallest_type() {
        let shapes = [
            shape("c5.large", 2048, 4096, 0),
            shape("c5.xlarge", 4096, 8192, 0),
        ];
        let task = Need {
            cpu: 1024,
            memory: 512,
            gpu: 0,
        };
        let daemon = Need {
            cpu: 256,
            memory: 128,
            gpu: 0,
        };
        let f = fit(&shapes, task, daemon);
        assert_eq!(f.bound, Bound::Known(1, "cpu"));
        assert_eq!(f.binding.unwrap().instance_type, "c5.large");
    }

    #[test]
    fn never_and_may_not() {
        let s = [shape("m5.large", 2048, 8192, 0)];
        let never = fit(
            &s,
            Need {
                cpu: 4096,
                memory: 512,
                gpu: 0,
            },
            Need::default(),
        );
        assert_eq!(never.never.unwrap().resource, Kind::Cpu);
        assert_eq!(never.bound, Bound::Known(0, "cpu"));
        let mem = fit(
            &s,
            Need {
                cpu: 0,
                memory: 8192,
                gpu: 0,
            },
            Need::default(),
        );
        assert_eq!(mem.never.unwrap().resource, Kind::Memory);
        let may = fit(
            &s,
            Need {
                cpu: 0,
                memory: 8000,
                gpu: 0,
            },
            Need::default(),
        );
        assert_eq!(
            (may.never.is_none(), may.may_not.unwrap().largest),
            (true, 7782)
        );
        let gpu = fit(
            &s,
            Need {
                cpu: 0,
                memory: 512,
                gpu: 1,
            },
            Need::default(),
        );
        assert_eq!(gpu.never.unwrap().resource, Kind::Gpu);
    }
}

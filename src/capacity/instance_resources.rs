//! vCPUs, memory and GPUs per EC2 instance type (ecs-capacity.md §1), from the CSV table
//! embedded in the binary (`src/data/README.md` gives its source).

use std::collections::HashMap;
use std::sync::OnceLock;

const TABLE: &str = include_str!("../data/ec2-instance-resources.csv");

/// What an instance type advertises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InstanceResources {
    /// vCPUs; an instance registers `vcpus × 1024` CPU units ([CPU]).
    pub vcpus: u64,
    /// The advertised memory in MiB: an upper bound of what the instance registers ([MEM]).
    pub memory_mib: u64,
    /// GPUs (registered only with the ECS GPU-optimized AMI, [GPU]).
    pub gpus: u64,
}

impl InstanceResources {
    /// The CPU units an instance of this type registers.
    pub fn cpu_units(&self) -> u64 {
        self.vcpus * 1024
    }
}

fn table() -> &'static HashMap<&'static str, InstanceResources> {
    static TABLE_MAP: OnceLock<HashMap<&'static str, InstanceResources>> = OnceLock::new();
    TABLE_MAP.get_or_init(|| {
        TABLE
            .lines()
            .skip(1)
            .filter_map(|l| {
                let f: Vec<&str> = l.split(',').map(str::trim).collect();
                Some((
                    *f.first()?,
                    InstanceResources {
                        vcpus: f.get(1)?.parse().ok()?,
                        memory_mib: f.get(2)?.parse().ok()?,
                        gpus: f.get(3)?.parse().ok()?,
                    },
                ))
            })
            .collect()
    })
}

/// The resources of an instance type; `None` for types the table does not know.
pub fn instance_resources(instance_type: &str) -> Option<InstanceResources> {
    table().get(instance_type).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows() {
        let m5 = instance_resources("m5.large").unwrap();
        assert_eq!((m5.vcpus, m5.memory_mib, m5.gpus), (2, 8192, 0));
        assert_eq!(m5.cpu_units(), 2048);
        assert_eq!(instance_resources("g4dn.xlarge").unwrap().gpus, 1);
        assert_eq!(instance_resources("p3.8xlarge").unwrap().gpus, 4);
        assert_eq!(instance_resources("no.such-type"), None);
    }

    #[test]
    fn every_row_parses() {
        assert_eq!(table().len(), TABLE.lines().count() - 1);
    }
}

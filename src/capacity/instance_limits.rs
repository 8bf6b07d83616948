//! awsvpc task limits per EC2 instance type (ecs-networking.md §4.1, §8), from the two CSV
//! tables embedded in the binary (`src/data/README.md` gives their sources).

use std::collections::HashMap;
use std::sync::OnceLock;

const ECS_TABLE: &str = include_str!("../data/ecs-awsvpc-task-limits.csv");
const ENI_TABLE: &str = include_str!("../data/ec2-eni-limits.csv");

/// Where a limit comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitTable {
    /// ECS's own table of awsvpc task limits (with and without trunking).
    EcsTable,
    /// The EC2 ENI table: ENIs on the default network card − 1; no trunking figure.
    EniTable,
}

/// How many awsvpc tasks one instance of a type can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Without ENI trunking: one ENI per task, the primary ENI excluded.
    pub tasks_without_trunking: u64,
    /// With `awsvpcTrunking` enabled, when ECS supports trunking on the type.
    pub tasks_with_trunking: Option<u64>,
    /// Which table answered.
    pub table: LimitTable,
}

struct Tables {
    ecs: HashMap<&'static str, (u64, u64)>,
    eni: HashMap<&'static str, u64>,
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| Tables {
        ecs: rows(ECS_TABLE)
            .filter_map(|f| Some((*f.first()?, (num(f.get(1))?, num(f.get(2))?))))
            .collect(),
        eni: rows(ENI_TABLE)
            .filter_map(|f| Some((*f.first()?, num(f.get(2))?)))
            .collect(),
    })
}

/// The data rows of an embedded CSV (header skipped), split on commas.
fn rows(csv: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    csv.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split(',').map(str::trim).collect())
}

fn num(f: Option<&&str>) -> Option<u64> {
    f.and_then(|s| s.parse().ok())
}

/// The awsvpc task limits of an instance type: ECS's table first; else the ENI table's
/// `max_enis_default_card − 1` with no trunking figure (§8.2). `None` for unknown types.
pub fn instance_limits(instance_type: &str) -> Option<Limits> {
    let t = tables();
    if let Some(&(without, with)) = t.ecs.get(instance_type) {
        return Some(Limits {
            tasks_without_trunking: without,
            tasks_with_trunking: Some(with),
            table: LimitTable::EcsTable,
        });
    }
    t.eni.get(instance_type).map(|&enis| Limits {
        tasks_without_trunking: enis.saturating_sub(1),
        tasks_with_trunking: None,
        table: LimitTable::EniTable,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ecs_table_rows() {
        let c5 = instance_limits("c5.large").unwrap();
        assert_eq!(
            (c5.tasks_without_trunking, c5.tasks_with_trunking, c5.table),
            (2, Some(10), LimitTable::EcsTable)
        );
        let m5 = instance_limits("m5.xlarge").unwrap();
        assert_eq!(
            (m5.tasks_without_trunking, m5.tasks_with_trunking),
            (3, Some(20))
        );
        assert_eq!(
            instance_limits("a1.medium").unwrap().tasks_with_trunking,
            Some(10)
        );
    }

    #[test]
    fn eni_fallback_has_no_trunking_figure() {
        // t3 is not in ECS's trunking table; t3.medium has 3 ENIs, t3.micro 2.
        let t3 = instance_limits("t3.medium").unwrap();
        assert_eq!(
            (t3.tasks_without_trunking, t3.tasks_with_trunking, t3.table),
            (2, None, LimitTable::EniTable)
        );
        assert_eq!(
            instance_limits("t3.micro").unwrap().tasks_without_trunking,
            1
        );
    }

    #[test]
    fn every_row_parses() {
        let t = tables();
        assert_eq!(t.ecs.len(), ECS_TABLE.lines().count() - 1);
        assert_eq!(t.eni.len(), ENI_TABLE.lines().count() - 1);
        assert_eq!(instance_limits("no.such-type"), None);
    }
}

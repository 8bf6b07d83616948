//! The `load_balancer` blocks of a service as the wiring rules read them: the container and
//! port they name, whether they use a Classic Load Balancer, and their target group (linked
//! by [`service_links::target_groups`]) — ecs-networking.md §5.2.

use super::facts::ServiceFacts;
use super::link::Link;
use crate::model::{Resource, Value};

/// One `load_balancer` block of a service.
#[derive(Debug, Clone)]
pub struct LbBlock<'m> {
    /// Index of the block in `load_balancer`.
    pub index: usize,
    /// The block's values.
    pub value: &'m Value,
    /// Whether `elb_name` (a Classic Load Balancer) is set; unknown names count as set.
    pub classic: bool,
    /// The linked target group, when `target_group_arn` is set.
    pub target_group: Link,
}

impl LbBlock<'_> {
    /// `container_name`, when known.
    pub fn container_name(&self) -> Option<&str> {
        self.value.get("container_name").and_then(Value::as_str)
    }

    /// `container_port`, when known.
    pub fn container_port(&self) -> Option<i64> {
        self.value.get("container_port").and_then(Value::as_i64)
    }

    /// The attribute path of a field of this block: `load_balancer.<i>.<key>`.
    pub fn path(&self, key: &str) -> String {
        format!("load_balancer.{}.{key}", self.index)
    }
}

/// The `load_balancer` blocks of service `svc` (resource `r`), with the target groups the
/// analysis linked ([`ServiceFacts::target_groups`]).
pub fn load_balancers<'m>(r: &'m Resource, svc: &ServiceFacts) -> Vec<LbBlock<'m>> {
    blocks(r, svc.target_groups.iter().cloned())
}

fn blocks<'m>(svc: &'m Resource, mut tgs: impl Iterator<Item = (usize, Link)>) -> Vec<LbBlock<'m>> {
    let Some(blocks) = svc.get("load_balancer").and_then(Value::as_list) else {
        return Vec::new();
    };
    blocks
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let target_group = tgs
                .next()
                .filter(|(j, _)| *j == i)
                .map_or(Link::Absent, |(_, l)| l);
            let classic = match b.get("elb_name") {
                None | Some(Value::Null) => svc
                    .references
                    .contains_key(&format!("load_balancer.{i}.elb_name")),
                Some(Value::String(s)) => !s.is_empty(),
                Some(_) => true,
            };
            LbBlock {
                index: i,
                value: b,
                classic,
                target_group,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{InputInfo, InputKind, Mode, Model};

    #[test]
    fn reads_blocks_and_links_target_groups() {
        let mut m = Model::new(InputInfo {
            kind: InputKind::Plan,
            path: "p".into(),
            ..InputInfo::default()
        });
        let mut tg = Resource::new("", Mode::Managed, "aws_lb_target_group", "web", None);
        tg.values = Value::from_json(&serde_json::json!({"arn": "arn:tg/web"}));
        let mut svc = Resource::new("", Mode::Managed, "aws_ecs_service", "web", None);
        svc.values = Value::from_json(&serde_json::json!({"load_balancer": [
            {"target_group_arn": "arn:tg/web", "container_name": "web", "container_port": 80, "elb_name": ""},
            {"elb_name": "classic", "container_name": "web", "container_port": 8080},
            {"elb_name": null, "container_name": "web"}
        ]}));
        std::sync::Arc::make_mut(&mut svc.references).insert(
            "load_balancer.2.elb_name".into(),
            vec!["aws_elb.x.name".into()],
        );
        m.resources = vec![tg, svc];
        let ix = super::super::link::Index::new(&m);
        let tgs = super::super::service_links::target_groups(&ix, &m.resources[1]);
        let lbs = blocks(&m.resources[1], tgs.into_iter());
        let got: Vec<(bool, Option<usize>, Option<i64>)> = lbs
            .iter()
            .map(|l| (l.classic, l.target_group.one(), l.container_port()))
            .collect();
        assert_eq!(
            got,
            [
                (false, Some(0), Some(80)),
                (true, None, Some(8080)),
                (true, None, None)
            ]
        );
        assert_eq!(lbs[1].path("elb_name"), "load_balancer.1.elb_name");
    }
}

//! What a service is wired to: its load balancer blocks and their target groups
//! (`target_type`), and its Cloud Map service (DNS record types) — ecs-networking.md §5.2,
//! §5.3.

use super::link::{Index, Link, arn_name};
use crate::model::{Resource, Value};

/// Target group resource types (`aws_alb_target_group` is the older alias).
pub const TARGET_GROUP_TYPES: &[&str] = &["aws_lb_target_group", "aws_alb_target_group"];

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

/// Whether target group `r` is the one `s` names (ARN, id or name).
fn tg_matches(r: &Resource, s: &str) -> bool {
    ["arn", "id"]
        .iter()
        .any(|k| r.get(k).and_then(Value::as_str) == Some(s))
        || r.get("name").and_then(Value::as_str) == Some(arn_name(s))
}

/// The `load_balancer` blocks of a service, with their target groups linked.
pub fn load_balancers<'m>(ix: &Index<'m>, svc: &'m Resource) -> Vec<LbBlock<'m>> {
    let Some(blocks) = svc.get("load_balancer").and_then(Value::as_list) else {
        return Vec::new();
    };
    blocks
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let tg_path = format!("load_balancer.{i}.target_group_arn");
            let target_group = ix.follow(svc, &tg_path, TARGET_GROUP_TYPES, &tg_matches);
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

/// A target group's `target_type`: `instance` when omitted (the provider's default);
/// `None` when unknown.
pub fn target_type(tg: &Resource) -> Option<&str> {
    match tg.get("target_type") {
        None | Some(Value::Null) => Some("instance"),
        Some(Value::String(s)) if s.is_empty() => Some("instance"),
        Some(Value::String(s)) => Some(s),
        _ => None,
    }
}

/// The Cloud Map service of a service's `service_registries` block.
pub fn cloud_map_service(ix: &Index<'_>, svc: &Resource) -> Link {
    ix.follow(
        svc,
        "service_registries.0.registry_arn",
        &["aws_service_discovery_service"],
        &|r, s| {
            ["arn", "id"]
                .iter()
                .any(|k| r.get(k).and_then(Value::as_str) == Some(s))
        },
    )
}

/// The DNS record types (`A`, `AAAA`, `SRV`, `CNAME`) of a Cloud Map service, uppercased;
/// `Some(empty)` when it has no `dns_config` (an HTTP namespace); `None` when unknown.
pub fn dns_record_types(sd: &Resource) -> Option<Vec<String>> {
    let configs = match sd.get("dns_config") {
        None | Some(Value::Null) => return Some(Vec::new()),
        Some(v) => v.as_list()?,
    };
    let mut out = Vec::new();
    for c in configs {
        for rec in c.get("dns_records")?.as_list()? {
            out.push(rec.get("type")?.as_str()?.to_ascii_uppercase());
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Mode;

    fn res(rtype: &str, values: serde_json::Value) -> Resource {
        let mut r = Resource::new("", Mode::Managed, rtype, "x", None);
        r.values = Value::from_json(&values);
        r
    }

    #[test]
    fn target_type_defaults_to_instance() {
        let tg = res("aws_lb_target_group", serde_json::json!({"port": 80}));
        assert_eq!(target_type(&tg), Some("instance"));
        let tg = res(
            "aws_lb_target_group",
            serde_json::json!({"target_type": "ip"}),
        );
        assert_eq!(target_type(&tg), Some("ip"));
        let mut tg = res("aws_lb_target_group", serde_json::json!({}));
        tg.values = Value::Object([("target_type".to_string(), Value::unknown("var.t"))].into());
        assert_eq!(target_type(&tg), None);
    }

    #[test]
    fn record_types() {
        let sd = res(
            "aws_service_discovery_service",
            serde_json::json!({"dns_config": [{"dns_records": [{"type": "a", "ttl": 10}, {"type": "SRV", "ttl": 10}]}]}),
        );
        assert_eq!(dns_record_types(&sd), Some(vec!["A".into(), "SRV".into()]));
        let sd = res("aws_service_discovery_service", serde_json::json!({}));
        assert_eq!(dns_record_types(&sd), Some(vec![]));
        let mut sd = res("aws_service_discovery_service", serde_json::json!({}));
        sd.values = Value::Object(
            [(
                "dns_config".to_string(),
                Value::List(vec![Value::Object(
                    [("dns_records".to_string(), Value::unknown("x"))].into(),
                )]),
            )]
            .into(),
        );
        assert_eq!(dns_record_types(&sd), None);
    }
}

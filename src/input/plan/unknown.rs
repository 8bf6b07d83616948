//! Merging a plan's `after` with `after_unknown` (terraform-inputs.md §4.2): Terraform omits
//! unknown values from `after` and marks them `true` in `after_unknown`, so "absent" and
//! "unknown" can only be told apart by reading both.

use crate::model::Value;
use serde_json::Value as Json;

/// The reason every plan-time unknown carries.
pub use crate::model::KNOWN_AFTER_APPLY;

/// `after` with every leaf marked in `unknown` replaced by [`Value::Unknown`]. `after` is
/// parsed straight into a [`Value`] and taken by value, so known parts are moved, not copied.
pub(super) fn merge(after: Option<Value>, unknown: Option<&Json>) -> Value {
    match (after, unknown) {
        (_, Some(Json::Bool(true))) => Value::unknown(KNOWN_AFTER_APPLY),
        (Some(Value::Object(mut a)), Some(Json::Object(u))) => {
            // Merged in place: most of `after` is known, and rebuilding every map of it
            // cost as much as parsing it.
            let mut absent = Vec::new();
            for (k, mark) in u {
                match a.get_mut(k.as_str()) {
                    Some(v) => *v = merge(Some(std::mem::replace(v, Value::Null)), Some(mark)),
                    // Unknown object keys are omitted from `after` altogether.
                    None if marks_unknown(mark) => {
                        absent.push((k.as_str(), merge(None, Some(mark))))
                    }
                    None => {}
                }
            }
            // Added at once (one sort): inserted one by one among the known keys, each
            // would shift the entries after it.
            a.extend(absent);
            Value::Object(a)
        }
        (Some(Value::List(mut a)), Some(Json::Array(u))) => {
            // Unknown list elements stay in place as `null`, so indexes line up.
            let n = a.len();
            for (v, mark) in a.iter_mut().zip(u) {
                *v = merge(Some(std::mem::replace(v, Value::Null)), Some(mark));
            }
            for v in u.iter().skip(n) {
                a.push(merge(None, Some(v)));
            }
            Value::List(a)
        }
        (Some(v), _) => v,
        // A container wholly absent from `after` whose `after_unknown` has unknown leaves.
        (None, Some(Json::Object(u))) => Value::Object(
            u.iter()
                .filter(|(_, v)| marks_unknown(v))
                .map(|(k, v)| (k.as_str(), merge(None, Some(v))))
                .collect(),
        ),
        (None, Some(Json::Array(u))) => {
            Value::List(u.iter().map(|v| merge(None, Some(v))).collect())
        }
        (None, _) => Value::Null,
    }
}

/// True when `after_unknown` marks something unknown at or below this point.
fn marks_unknown(u: &Json) -> bool {
    match u {
        Json::Bool(b) => *b,
        Json::Array(a) => a.iter().any(marks_unknown),
        Json::Object(o) => o.values().any(marks_unknown),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn m(after: Json, unknown: Json) -> Value {
        merge(Some(Value::from_json(&after)), Some(&unknown))
    }

    #[test]
    fn whole_attribute_unknown_is_unknown_not_absent() {
        let v = m(
            json!({"name": "web"}),
            json!({"task_definition": true, "tags": {}}),
        );
        assert_eq!(v.get("name"), Some(&Value::String("web".into())));
        assert_eq!(
            v.get("task_definition").and_then(Value::unknown_reason),
            Some(KNOWN_AFTER_APPLY)
        );
        assert_eq!(v.get("tags"), None);
    }

    #[test]
    fn unknown_keys_absent_from_after_join_the_known_ones_in_order() {
        let v = m(
            json!({"b": 1, "d": 2, "f": 3}),
            json!({"a": true, "c": true, "d": false, "e": {"x": true}, "g": false}),
        );
        let keys: Vec<&str> = v
            .as_object()
            .map(|o| o.keys().collect())
            .unwrap_or_default();
        assert_eq!(keys, ["a", "b", "c", "d", "e", "f"]);
        assert_eq!(v.get("d"), Some(&Value::Number(2.0)));
        assert_eq!(
            v.path("e.x").and_then(Value::unknown_reason),
            Some(KNOWN_AFTER_APPLY)
        );
    }

    #[test]
    fn list_elements_keep_their_index() {
        let v = m(
            json!({"subnets": ["a", null, "c"]}),
            json!({"subnets": [false, true, false]}),
        );
        let l = v.get("subnets").and_then(Value::as_list).unwrap();
        assert_eq!(l.len(), 3);
        assert_eq!(l[0], Value::String("a".into()));
        assert!(l[1].unknown_reason().is_some());
        assert_eq!(l[2], Value::String("c".into()));
    }

    #[test]
    fn nested_block_attributes_merge() {
        let v = m(
            json!({"load_balancer": [{"container_port": 80}]}),
            json!({"load_balancer": [{"target_group_arn": true}]}),
        );
        assert_eq!(
            v.path("load_balancer.0.container_port")
                .and_then(Value::as_i64),
            Some(80)
        );
        assert!(
            v.path("load_balancer.0.target_group_arn")
                .unwrap()
                .unknown_reason()
                .is_some()
        );
    }

    #[test]
    fn a_null_that_is_not_marked_stays_null() {
        let v = m(json!({"a": null, "b": [null]}), json!({"b": [false]}));
        assert_eq!(v.get("a"), Some(&Value::Null));
        assert_eq!(v.path("b.0"), Some(&Value::Null));
    }

    #[test]
    fn structure_only_in_after_unknown_is_rebuilt() {
        let v = m(json!({}), json!({"nc": [{"subnets": true, "x": false}]}));
        assert!(v.path("nc.0.subnets").unwrap().unknown_reason().is_some());
        assert_eq!(v.path("nc.0.x"), None);
        assert_eq!(merge(None, None), Value::Null);
    }
}

//! The scaling arithmetic of ecs-networking.md §4, free of any Terraform knowledge: bounds
//! and their minimum, subnet sizes, and the rolling-deployment conditions.

/// A bound on a number of tasks and what imposes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Bound {
    /// At most this many, because of the label (`static-host-port`, `eni`, `subnet-ips`...).
    Known(u64, &'static str),
    /// Nothing the tool models bounds it.
    Unbounded,
    /// Depends on something unknown; the bound is at least `at_least`. The reason says why.
    Unknown {
        /// A lower bound of the unknown value (1 for "1 or unbounded").
        at_least: u64,
        /// Why it is unknown.
        why: String,
    },
}

impl Bound {
    /// An unknown bound that may be anything.
    pub fn unknown(why: impl Into<String>) -> Bound {
        Bound::Unknown {
            at_least: 0,
            why: why.into(),
        }
    }

    /// The number, when known.
    pub fn known(&self) -> Option<u64> {
        match self {
            Bound::Known(n, _) => Some(*n),
            _ => None,
        }
    }

    /// What imposes it, when known.
    pub fn label(&self) -> Option<&'static str> {
        match self {
            Bound::Known(_, l) => Some(l),
            _ => None,
        }
    }
}

/// The tightest of several bounds. The first of equal known bounds names the result; an
/// unknown bound that might be tighter than every known one makes the result unknown.
pub fn min_bound(bounds: Vec<Bound>) -> Bound {
    let mut best: Option<(u64, &'static str)> = None;
    let mut unknown: Option<(u64, String)> = None;
    for b in bounds {
        match b {
            Bound::Known(n, l) if best.is_none_or(|(m, _)| n < m) => best = Some((n, l)),
            Bound::Unknown { at_least, why }
                if unknown.as_ref().is_none_or(|(a, _)| at_least < *a) =>
            {
                unknown = Some((at_least, why));
            }
            _ => {}
        }
    }
    match (best, unknown) {
        (Some((n, l)), Some((at_least, _))) if n <= at_least => Bound::Known(n, l),
        (_, Some((at_least, why))) => Bound::Unknown { at_least, why },
        (Some((n, l)), None) => Bound::Known(n, l),
        (None, None) => Bound::Unbounded,
    }
}

/// The product of a per-instance bound and an instance count, keeping the per-instance label.
pub fn times(per_instance: &Bound, instances: Result<u64, &str>) -> Bound {
    match (per_instance, instances) {
        (Bound::Unbounded, _) => Bound::Unbounded,
        (Bound::Known(0, l), _) => Bound::Known(0, l),
        (Bound::Unknown { why, .. }, _) => Bound::unknown(why.clone()),
        (Bound::Known(_, _), Err(why)) => Bound::unknown(why),
        (Bound::Known(t, l), Ok(n)) => Bound::Known(t.saturating_mul(n), l),
    }
}

/// Usable IPv4 addresses of a subnet: AWS reserves 5 per subnet (§4.3, [VPC]).
pub fn subnet_ips(prefix: u32) -> u64 {
    1u64.checked_shl(32u32.saturating_sub(prefix))
        .unwrap_or(0)
        .saturating_sub(5)
}

/// The size of an inclusive port range `start-end` (a `containerPortRange` or a setting).
pub fn range_size(range: (u32, u32)) -> u64 {
    u64::from(range.1.saturating_sub(range.0)) + u64::from(range.1 >= range.0)
}

/// Parses `"8000-8010"` (or a single port) into an inclusive range.
pub fn parse_range(s: &str) -> Option<(u32, u32)> {
    let (a, b) = match s.split_once('-') {
        Some((a, b)) => (a.trim().parse().ok()?, b.trim().parse().ok()?),
        None => {
            let p = s.trim().parse().ok()?;
            (p, p)
        }
    };
    (a <= b && b <= 65535).then_some((a, b))
}

/// `maximumPercent` caps RUNNING + PENDING tasks at `floor(D × max / 100)` (§4.4).
pub fn surge_limit(desired: u64, max_percent: u64) -> u64 {
    desired.saturating_mul(max_percent) / 100
}

/// `minimumHealthyPercent` keeps `ceil(D × min / 100)` tasks running (§4.4).
pub fn healthy_floor(desired: u64, min_percent: u64) -> u64 {
    desired.saturating_mul(min_percent).div_ceil(100)
}

/// The configuration deadlock of §4.4: the scheduler may neither start a task above the
/// maximum nor stop one below the minimum.
pub fn config_deadlock(desired: u64, max_percent: u64, min_percent: u64) -> bool {
    desired > 0
        && surge_limit(desired, max_percent) <= desired
        && healthy_floor(desired, min_percent) >= desired
}

/// Whether the scheduler may stop an old task first (running `desired` tasks).
pub fn can_stop_first(desired: u64, min_percent: u64) -> bool {
    desired > healthy_floor(desired, min_percent)
}

/// Whether a rolling deployment can replace a task when the service fits at most `slots`
/// tasks (`None` = unbounded): it runs `min(D, slots)` tasks and may start one more only
/// below both the surge limit and the slots, or stop one only above the healthy floor (§4.4).
pub fn can_progress(desired: u64, max_percent: u64, min_percent: u64, slots: Option<u64>) -> bool {
    if desired == 0 {
        return true;
    }
    let running = slots.map_or(desired, |s| desired.min(s));
    let can_start =
        running < surge_limit(desired, max_percent) && slots.is_none_or(|s| running < s);
    let can_stop = running > healthy_floor(desired, min_percent);
    can_start || can_stop
}

/// The largest `minimumHealthyPercent` that lets the scheduler stop a task first:
/// `ceil(D × min / 100) ≤ D − 1`.
pub fn max_min_percent_to_stop_first(desired: u64) -> u64 {
    if desired == 0 {
        return 100;
    }
    (desired - 1) * 100 / desired
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deadlock_examples_from_the_reference() {
        // §4.4: D=1 with 100/100, and D=3 with max 125 / min 100.
        assert!(config_deadlock(1, 100, 100));
        assert!(config_deadlock(3, 125, 100));
        // floor(3 × 150 / 100) = 4 > 3: one task can surge.
        assert!(!config_deadlock(3, 150, 100));
        // ceil(3 × 50 / 100) = 2 < 3: one task can stop first.
        assert!(!config_deadlock(3, 100, 50));
        // Provider defaults 200/100 never deadlock; D = 0 has nothing to replace.
        assert!(!config_deadlock(1, 200, 100));
        assert!(!config_deadlock(0, 100, 100));
        assert_eq!((surge_limit(3, 125), healthy_floor(3, 100)), (3, 3));
        assert_eq!((surge_limit(5, 150), healthy_floor(5, 50)), (7, 3));
    }

    #[test]
    fn static_port_deadlock_needs_a_spare_instance() {
        // 3 tasks, 1 per instance, min 100: 3 instances deadlock, 4 progress (§4.4).
        assert!(!can_progress(3, 200, 100, Some(3)));
        assert!(can_progress(3, 200, 100, Some(4)));
        // Lowering the minimum to 66 lets one task stop first.
        assert_eq!(max_min_percent_to_stop_first(3), 66);
        assert!(can_progress(3, 200, 66, Some(3)));
        assert!(!can_progress(3, 200, 67, Some(3)));
        assert!(can_progress(3, 200, 100, None));
        assert_eq!(max_min_percent_to_stop_first(1), 0);
    }

    #[test]
    fn subnet_sizes() {
        assert_eq!(subnet_ips(28), 11);
        assert_eq!(subnet_ips(24), 251);
        assert_eq!(subnet_ips(16), 65531);
        assert_eq!(subnet_ips(32), 0);
    }

    #[test]
    fn ranges() {
        assert_eq!(range_size((32768, 60999)), 28232);
        assert_eq!(range_size((49152, 65535)), 16384);
        assert_eq!(parse_range("8000-8010"), Some((8000, 8010)));
        assert_eq!(parse_range("8010-8000"), None);
        assert_eq!(parse_range("x"), None);
    }

    #[test]
    fn min_of_bounds() {
        use Bound::*;
        assert_eq!(
            min_bound(vec![
                Known(10, "eni-trunking"),
                Known(1, "distinct-instance")
            ]),
            Known(1, "distinct-instance")
        );
        assert_eq!(
            min_bound(vec![
                Known(1, "static-host-port"),
                Known(1, "distinct-instance")
            ]),
            Known(1, "static-host-port")
        );
        // An unknown that is at least 1 cannot undercut a known 1.
        let u1 = Unknown {
            at_least: 1,
            why: "ports unknown".into(),
        };
        assert_eq!(
            min_bound(vec![Known(1, "daemon"), u1.clone()]),
            Known(1, "daemon")
        );
        assert!(matches!(
            min_bound(vec![Known(5, "eni"), u1]),
            Unknown { .. }
        ));
        assert_eq!(min_bound(vec![Unbounded, Unbounded]), Unbounded);
        assert_eq!(times(&Known(2, "eni"), Ok(3)), Known(6, "eni"));
        assert!(matches!(
            times(&Known(2, "eni"), Err("no ASG")),
            Unknown { .. }
        ));
    }
}

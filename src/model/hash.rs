//! Hash maps for the indexes built per run (resources by address, type, name and key
//! value; configuration references by module): foldhash instead of std's SipHash, which was
//! a few per cent of a large plan's time. The seed is random per process, and a pull
//! request's author, who controls the keys, never sees a run's seed: ecsnet is a short-lived
//! process whose output does not depend on hash order (every index is read by key, and
//! everything reported is sorted or kept in input order).

/// A hash map with a fast, randomly seeded hasher.
pub type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// A hash set with a fast, randomly seeded hasher.
pub type FastSet<K> = std::collections::HashSet<K, foldhash::fast::RandomState>;

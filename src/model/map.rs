//! The map of a [`Value::Object`](super::Value::Object): its entries in key order, in one
//! vector.
//!
//! A resource's values are thousands of small objects (a port mapping, a tag set, a
//! `load_balancer` block), most with a handful of keys. A `BTreeMap` allocates a node of
//! about 630 bytes for even one key; building and walking the values of the 6,000 ECS
//! resources of a large plan was mostly memory traffic. Here an object is one allocation of
//! exactly its entries, iterated in the same order as a `BTreeMap<String, _>` (byte order of
//! the keys), so everything built from it — reports included — is unchanged.
//!
//! Lookups are binary searches. An insertion in order (JSON from Terraform, a map being
//! copied) appends; one out of order shifts the entries after it, so bulk building
//! ([`FromIterator`], [`Extend`]) sorts once instead, and no input can make building an
//! object quadratic.

use super::Value;
use compact_str::CompactString;

/// An object key: held in the entry itself up to 24 bytes (most attribute names of the AWS
/// provider and of container definitions), so building an object mostly allocates once and
/// a lookup mostly reads no other memory.
pub type Key = CompactString;

/// Object entries, sorted by key, keys unique.
#[derive(Clone, Default, PartialEq)]
pub struct Map {
    entries: Vec<(Key, Value)>,
}

impl Map {
    /// An empty map (no allocation).
    pub fn new() -> Self {
        Map::default()
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when there is no entry.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn find(&self, key: &str) -> Result<usize, usize> {
        self.entries.binary_search_by(|(k, _)| k.as_str().cmp(key))
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.find(key).ok().map(|i| &self.entries[i].1)
    }

    /// The value of `key`, to change it in place.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Value> {
        match self.find(key) {
            Ok(i) => Some(&mut self.entries[i].1),
            Err(_) => None,
        }
    }

    /// True when `key` has an entry.
    pub fn contains_key(&self, key: &str) -> bool {
        self.find(key).is_ok()
    }

    /// Sets `key` to `value`, returning the value it replaces (as `BTreeMap::insert`).
    pub fn insert(&mut self, key: impl Into<Key>, value: Value) -> Option<Value> {
        let key = key.into();
        // Keys arrive in order when the source is sorted: append without a search.
        if self.entries.last().is_none_or(|(last, _)| *last < key) {
            self.entries.push((key, value));
            return None;
        }
        match self.find(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.entries[i].1, value)),
            Err(i) => {
                self.entries.insert(i, (key, value));
                None
            }
        }
    }

    /// The value of `key`, first set to `make()` if there is none (as
    /// `BTreeMap::entry(key).or_insert_with(make)`).
    pub fn get_or_insert_with(&mut self, key: &str, make: impl FnOnce() -> Value) -> &mut Value {
        let i = match self.find(key) {
            Ok(i) => i,
            Err(i) => {
                self.entries.insert(i, (key.into(), make()));
                i
            }
        };
        &mut self.entries[i].1
    }

    /// The entries in key order.
    pub fn iter(&self) -> Iter<'_> {
        Iter(self.entries.iter())
    }

    /// The keys in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &str> + ExactSizeIterator {
        self.entries.iter().map(|(k, _)| k.as_str())
    }

    /// The values in key order.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &Value> + ExactSizeIterator {
        self.entries.iter().map(|(_, v)| v)
    }

    /// Sorts entries pushed in any order and keeps the last of equal keys, as a `BTreeMap`
    /// built from the same sequence keeps it.
    fn settle(&mut self) {
        if self.entries.windows(2).all(|w| w[0].0 < w[1].0) {
            return;
        }
        // Stable: equal keys stay in the order they came, so the last is the latest.
        self.entries.sort_by(|a, b| a.0.cmp(&b.0));
        let mut out: Vec<(Key, Value)> = Vec::with_capacity(self.entries.len());
        for e in self.entries.drain(..) {
            match out.last_mut() {
                Some(last) if last.0 == e.0 => *last = e,
                _ => out.push(e),
            }
        }
        self.entries = out;
    }
}

impl std::fmt::Debug for Map {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<K: Into<Key>> FromIterator<(K, Value)> for Map {
    fn from_iter<I: IntoIterator<Item = (K, Value)>>(iter: I) -> Self {
        let mut m = Map {
            entries: iter.into_iter().map(|(k, v)| (k.into(), v)).collect(),
        };
        m.settle();
        m
    }
}

impl<const N: usize> From<[(String, Value); N]> for Map {
    fn from(entries: [(String, Value); N]) -> Self {
        entries.into_iter().collect()
    }
}

impl<K: Into<Key>> Extend<(K, Value)> for Map {
    fn extend<I: IntoIterator<Item = (K, Value)>>(&mut self, iter: I) {
        let before = self.entries.len();
        self.entries
            .extend(iter.into_iter().map(|(k, v)| (k.into(), v)));
        if self.entries.len() > before {
            self.settle();
        }
    }
}

impl IntoIterator for Map {
    type Item = (Key, Value);
    type IntoIter = std::vec::IntoIter<(Key, Value)>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

impl<'a> IntoIterator for &'a Map {
    type Item = (&'a str, &'a Value);
    type IntoIter = Iter<'a>;
    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

/// The entries of a [`Map`] in key order.
#[derive(Clone)]
pub struct Iter<'a>(std::slice::Iter<'a, (Key, Value)>);

impl<'a> Iterator for Iter<'a> {
    type Item = (&'a str, &'a Value);
    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|(k, v)| (k.as_str(), v))
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.0.next_back().map(|(k, v)| (k.as_str(), v))
    }
}

impl ExactSizeIterator for Iter<'_> {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn n(x: f64) -> Value {
        Value::Number(x)
    }

    #[test]
    fn behaves_as_a_btreemap_for_every_order_of_insertion_and_building() {
        // Keys in, out of and against order, repeated, with a multi-byte one (byte order)
        // and ones too long to be held inline.
        let long = "deployment_minimum_healthy_percent";
        let longer = "deployment_minimum_healthy_percent_";
        let keys = [
            "b", "a", "é", longer, "c", "a", "B", "ab", long, "", "c", "zz", "b", long,
        ];
        let mut map = Map::new();
        let mut reference = BTreeMap::new();
        for (i, k) in keys.iter().enumerate() {
            let v = n(i as f64);
            assert_eq!(
                map.insert(k.to_string(), v.clone()),
                reference.insert(k.to_string(), v),
                "{k}"
            );
            let got: Vec<_> = map
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect();
            let want: Vec<_> = reference.clone().into_iter().collect();
            assert_eq!(got, want);
        }
        let pairs = keys
            .iter()
            .enumerate()
            .map(|(i, k)| (k.to_string(), n(i as f64)));
        let built: Map = pairs.clone().collect();
        let want: BTreeMap<String, Value> = pairs.clone().collect();
        assert_eq!(
            built
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect::<Vec<_>>(),
            want.into_iter().collect::<Vec<_>>()
        );
        let mut extended: Map = [("m".to_string(), n(-1.0)), ("b".to_string(), n(-2.0))]
            .into_iter()
            .collect();
        extended.extend(pairs.clone());
        let mut want: BTreeMap<String, Value> =
            [("m".to_string(), n(-1.0)), ("b".to_string(), n(-2.0))].into();
        want.extend(pairs);
        assert_eq!(
            extended.iter().collect::<Vec<_>>(),
            want.iter()
                .map(|(k, v)| (k.as_str(), v))
                .collect::<Vec<_>>()
        );
        for k in ["a", "b", "é", "nope", "", long, longer] {
            assert_eq!(extended.get(k), want.get(k), "{k}");
            assert_eq!(extended.contains_key(k), want.contains_key(k), "{k}");
        }
        assert_eq!(extended.len(), want.len());
        assert_eq!(
            extended.keys().rev().collect::<Vec<_>>(),
            want.keys().rev().map(String::as_str).collect::<Vec<_>>()
        );
    }

    #[test]
    fn a_large_object_in_reverse_order_is_built_in_one_sort() {
        // 200,000 keys against order: one shift per key would be 2·10^10 moves.
        let m: Map = (0..200_000u32)
            .rev()
            .map(|i| (format!("{i:08}"), Value::Null))
            .collect();
        assert_eq!(m.len(), 200_000);
        assert_eq!(m.keys().next(), Some("00000000"));
        assert!(m.keys().zip(m.keys().skip(1)).all(|(a, b)| a < b));
    }
}

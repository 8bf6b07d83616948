//! `resource_changes`, read in the same pass as the top level of the document.
//!
//! It holds one entry per resource instance, 100,000 in a large plan, and is most of the
//! document. Reading it as a `&RawValue` and then each entry again would scan those bytes
//! three times; here every entry is split into its fields (each a borrowed `&RawValue`)
//! while the top level is parsed, so the bytes are scanned once. The split never fails on
//! an entry's content — a field of the wrong type, a missing field, a duplicate key or an
//! entry that is not an object is found afterwards ([`Entry::resource_change`]) and spoils
//! only that entry.

use super::schema::ResourceChange;
use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::fmt;

/// `resource_changes` as read.
pub(super) enum Changes<'a> {
    /// A list: the entries that may matter ([`Entry::may_matter`]) with their index.
    List(Vec<(usize, Entry<'a>)>),
    /// Something other than a list (or `null`, read as absent).
    NotAList,
}

/// One entry of `resource_changes`, its fields not yet checked.
pub(super) enum Entry<'a> {
    /// An object: its fields of interest, unparsed.
    Object(Fields<'a>),
    /// Not usable as an entry; why.
    Invalid(String),
}

/// The fields of an entry that ecsnet reads.
#[derive(Default)]
pub(super) struct Fields<'a> {
    address: Option<&'a RawValue>,
    module_address: Option<&'a RawValue>,
    mode: Option<&'a RawValue>,
    rtype: Option<&'a RawValue>,
    name: Option<&'a RawValue>,
    index: Option<&'a RawValue>,
    deposed: Option<&'a RawValue>,
    change: Option<&'a RawValue>,
}

/// Why an entry cannot be read: a message, and the field it is about (for its position).
pub(super) struct EntryError<'a> {
    /// What is wrong.
    pub message: String,
    /// The offending field's value, when one is to blame.
    pub at: Option<&'a RawValue>,
}

impl<'a> Entry<'a> {
    /// False for an entry whose `type` is a string that ECS analysis never reads: it is
    /// dropped as soon as it is split, so 100,000 unrelated entries cost no memory. Any
    /// other entry is kept, to be read or reported.
    pub(super) fn may_matter(&self) -> bool {
        match self {
            Entry::Object(f) => f.rtype.is_none_or(|t| {
                string(t, "type").map_or(true, |t| crate::model::is_relevant_type(&t))
            }),
            Entry::Invalid(_) => true,
        }
    }

    /// Whether this looks like a `resource_changes` entry (it has a `type` and a `change`),
    /// not a resource of a values representation, which has `values` instead.
    pub(super) fn is_change(&self) -> bool {
        matches!(self, Entry::Object(f) if f.rtype.is_some() && f.change.is_some())
    }

    /// The typed entry, or why it cannot be read.
    pub(super) fn resource_change(&self) -> Result<ResourceChange<'a>, EntryError<'a>> {
        let f = match self {
            Entry::Object(f) => f,
            Entry::Invalid(why) => {
                return Err(EntryError {
                    message: why.clone(),
                    at: None,
                });
            }
        };
        let required = |raw: Option<&'a RawValue>, name: &str| match raw {
            Some(r) => string(r, name),
            None => Err(EntryError {
                message: format!("missing field `{name}`"),
                at: None,
            }),
        };
        let optional = |raw: Option<&'a RawValue>, name: &str| match raw {
            Some(r) if r.get() != "null" => string(r, name).map(Some),
            _ => Ok(None),
        };
        let present = |raw: Option<&'a RawValue>| raw.filter(|r| r.get() != "null");
        Ok(ResourceChange {
            address: required(f.address, "address")?,
            module_address: optional(f.module_address, "module_address")?,
            mode: optional(f.mode, "mode")?,
            rtype: required(f.rtype, "type")?,
            name: required(f.name, "name")?,
            index: present(f.index),
            deposed: present(f.deposed),
            change: present(f.change),
        })
    }
}

/// A JSON string, borrowed unless it has escapes (serde's `Cow<str>` would always copy).
fn string<'a>(raw: &'a RawValue, name: &str) -> Result<Cow<'a, str>, EntryError<'a>> {
    // A raw value is valid JSON: a quoted string without a backslash is its own content.
    let text = raw.get();
    if let Some(inner) = text.strip_prefix('"').and_then(|t| t.strip_suffix('"'))
        && !inner.bytes().any(|b| b == b'\\' || b == b'"')
    {
        return Ok(Cow::Borrowed(inner));
    }
    serde_json::from_str::<String>(raw.get())
        .map(Cow::Owned)
        .map_err(|e| EntryError {
            message: format!("field `{name}`: {}", super::text::bare_message(&e)),
            at: Some(raw),
        })
}

impl<'de: 'a, 'a> Deserialize<'de> for Changes<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ChangesVisitor(std::marker::PhantomData))
    }
}

struct ChangesVisitor<'a>(std::marker::PhantomData<&'a ()>);

impl<'de: 'a, 'a> Visitor<'de> for ChangesVisitor<'a> {
    type Value = Changes<'a>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of resource changes")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        let mut i = 0;
        while let Some(e) = seq.next_element::<Entry<'a>>()? {
            if e.may_matter() {
                out.push((i, e));
            }
            i += 1;
        }
        Ok(Changes::List(out))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Changes::NotAList)
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Changes::NotAList)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(Changes::NotAList)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(Changes::NotAList)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(Changes::NotAList)
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(Changes::NotAList)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Changes::NotAList)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Entry<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(EntryVisitor(std::marker::PhantomData))
    }
}

struct EntryVisitor<'a>(std::marker::PhantomData<&'a ()>);

/// The keys of an entry, recognized without copying them.
#[derive(Clone, Copy)]
enum Key {
    Address,
    ModuleAddress,
    Mode,
    Type,
    Name,
    Index,
    Deposed,
    Change,
    Other,
}

impl Key {
    fn name(self) -> &'static str {
        match self {
            Key::Address => "address",
            Key::ModuleAddress => "module_address",
            Key::Mode => "mode",
            Key::Type => "type",
            Key::Name => "name",
            Key::Index => "index",
            Key::Deposed => "deposed",
            Key::Change => "change",
            Key::Other => "?",
        }
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_identifier(KeyVisitor)
    }
}

struct KeyVisitor;

impl Visitor<'_> for KeyVisitor {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
        Ok(match v {
            "address" => Key::Address,
            "module_address" => Key::ModuleAddress,
            "mode" => Key::Mode,
            "type" => Key::Type,
            "name" => Key::Name,
            "index" => Key::Index,
            "deposed" => Key::Deposed,
            "change" => Key::Change,
            _ => Key::Other,
        })
    }
}

fn not_an_object<'a>(found: &str) -> Entry<'a> {
    Entry::Invalid(format!("an entry is {found}, not an object"))
}

impl<'de: 'a, 'a> Visitor<'de> for EntryVisitor<'a> {
    type Value = Entry<'a>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a resource change object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut f = Fields::default();
        let mut duplicate = None;
        while let Some(key) = map.next_key::<Key>()? {
            let slot = match key {
                Key::Address => &mut f.address,
                Key::ModuleAddress => &mut f.module_address,
                Key::Mode => &mut f.mode,
                Key::Type => &mut f.rtype,
                Key::Name => &mut f.name,
                Key::Index => &mut f.index,
                Key::Deposed => &mut f.deposed,
                Key::Change => &mut f.change,
                Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
            };
            let value = map.next_value::<&'de RawValue>()?;
            if slot.is_some() {
                duplicate.get_or_insert(key);
            }
            *slot = Some(value);
        }
        Ok(match duplicate {
            // Go's encoding/json keeps the last value; serde and Terraform never write
            // duplicates, so the entry is refused rather than guessed.
            Some(k) => Entry::Invalid(format!("duplicate field `{}`", k.name())),
            None => Entry::Object(f),
        })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(not_an_object("a list"))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(not_an_object("a boolean"))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(not_an_object("a number"))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(not_an_object("a number"))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(not_an_object("a number"))
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(not_an_object("a string"))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(not_an_object("null"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(text: &str) -> Vec<Entry<'_>> {
        match serde_json::from_str::<Changes<'_>>(text).unwrap() {
            Changes::List(v) => v.into_iter().map(|(_, e)| e).collect(),
            Changes::NotAList => panic!("not a list"),
        }
    }

    #[test]
    fn entries_are_split_without_failing_on_content() {
        let text = r#"[
            {"address":"a.b","type":"aws_ecs_service","name":"b","index":0,"change":{"x":[1]},"extra":{}},
            {"address":7},
            {"address":"x","address":"y","type":"aws_ecs_service","name":"n"},
            {"address":"m.a[\"k\"]","type":"aws_ecs_service","name":"a"},
            5,
            {"type":"aws_ecs_cluster","name":"n"},
            {"address":"aws_s3_bucket.b","type":"aws_s3_bucket","name":"b","change":{}}
        ]"#;
        // The unrelated bucket is dropped; everything else is kept.
        let e = entries(text);
        assert_eq!(e.len(), 6);
        let rc = e[0].resource_change().ok().unwrap();
        assert!(matches!(rc.address, Cow::Borrowed("a.b")));
        assert_eq!(
            (rc.address.as_ref(), rc.rtype.as_ref()),
            ("a.b", "aws_ecs_service")
        );
        assert_eq!(rc.change.map(RawValue::get), Some(r#"{"x":[1]}"#));
        assert_eq!(rc.index.map(RawValue::get), Some("0"));
        let escaped = e[3].resource_change().ok().unwrap();
        assert_eq!(escaped.address, "m.a[\"k\"]");
        let err = e[1].resource_change().err().unwrap();
        assert!(err.message.contains("address"), "{}", err.message);
        assert_eq!(err.at.map(RawValue::get), Some("7"));
        let dup = e[2].resource_change().err().unwrap().message;
        assert_eq!(dup, "duplicate field `address`");
        let num = e[4].resource_change().err().unwrap().message;
        assert_eq!(num, "an entry is a number, not an object");
        let missing = e[5].resource_change().err().unwrap().message;
        assert_eq!(missing, "missing field `address`");
    }

    #[test]
    fn anything_but_a_list_is_not_a_list() {
        for text in [r#"{"a":[1]}"#, "5", "\"x\"", "true"] {
            assert!(matches!(
                serde_json::from_str::<Changes<'_>>(text).unwrap(),
                Changes::NotAList
            ));
        }
    }
}

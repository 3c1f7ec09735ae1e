//! Deserializers stricter than serde's defaults: a date that must name a
//! whole day, and free-form maps that refuse a key written twice.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::dates::PartialDate;

/// A date that must name a day (`2026-01-05` or an RFC 3339 date-time),
/// read by [`crate::dates::parse_whole_day`]; the error points at the value.
pub(super) fn whole_day<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<PartialDate>, D::Error> {
    struct Day;
    impl Visitor<'_> for Day {
        type Value = PartialDate;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a whole day, YYYY-MM-DD, or an RFC 3339 date-time")
        }
        fn visit_str<E: de::Error>(self, value: &str) -> Result<PartialDate, E> {
            crate::dates::parse_whole_day(value).map_err(E::custom)
        }
        fn visit_u64<E: de::Error>(self, value: u64) -> Result<PartialDate, E> {
            self.visit_str(&value.to_string())
        }
        fn visit_i64<E: de::Error>(self, value: i64) -> Result<PartialDate, E> {
            self.visit_str(&value.to_string())
        }
    }
    deserializer.deserialize_str(Day).map(Some)
}

/// Deserializes a map of free-form values (`extra:`) refusing a key written
/// twice in it or in any map inside it: serde_json's map would silently keep
/// the last. The error reads "duplicate key `k`"; serde_yaml places it at the
/// mapping and [`super::parse_yaml`] moves it to the repeated key.
pub(super) fn unique_keys_map<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<serde_json::Map<String, serde_json::Value>, D::Error> {
    deserializer
        .deserialize_map(UniqueVisitor)
        .and_then(|value| match value {
            serde_json::Value::Object(map) => Ok(map),
            _ => Err(de::Error::custom("expected a map")),
        })
}

/// A JSON value whose maps, at every depth, have no repeated key.
struct UniqueValue(serde_json::Value);

impl<'de> Deserialize<'de> for UniqueValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(UniqueVisitor).map(UniqueValue)
    }
}

struct UniqueVisitor;

impl<'de> Visitor<'de> for UniqueVisitor {
    type Value = serde_json::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(v.into())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(v.into())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(v.into())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(serde_json::Value::Null, Into::into))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(v.into())
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(UniqueValue(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(items.into())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.contains_key(&key) {
                return Err(de::Error::custom(format!("duplicate key `{key}`")));
            }
            let UniqueValue(value) = map.next_value()?;
            out.insert(key, value);
        }
        Ok(out.into())
    }
}

//! Empty lists and maps of page values as one shared template value: most
//! pages have no aliases, sources, corrections or quotes, and each empty
//! list serialized on its own is an allocation held for the whole build.

use std::sync::LazyLock;

use serde::{Serialize, Serializer};
use tera::Value;

static EMPTY_LIST: LazyLock<Value> = LazyLock::new(|| Value::from(Vec::<Value>::new()));
static EMPTY_MAP: LazyLock<Value> = LazyLock::new(|| Value::from(tera::value::Map::default()));

/// Serializes `list`, or the shared empty list if it is empty.
pub fn list<S: Serializer, E: Serialize, L: AsRef<[E]>>(
    list: &L,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match list.as_ref() {
        [] => EMPTY_LIST.serialize(serializer),
        items => items.serialize(serializer),
    }
}

/// Serializes `map`, or the shared empty map if it is empty.
pub fn map<S: Serializer>(
    map: &&serde_json::Map<String, serde_json::Value>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    if map.is_empty() {
        EMPTY_MAP.serialize(serializer)
    } else {
        map.serialize(serializer)
    }
}

//! JSON as kefu reads request bodies: like `serde_json::Value`, but an object that names
//! a member twice is refused instead of silently keeping the last value (two parsers —
//! a proxy's and kefu's — could otherwise read one body two ways), and so is any string
//! holding a NUL character, which PostgreSQL cannot store: refused here, once, every
//! backend answers the same 400 for it.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// Parses a JSON document, refusing repeated object keys and NUL characters.
pub fn from_slice(bytes: &[u8]) -> Result<Value, serde_json::Error> {
    serde_json::from_slice::<Strict>(bytes).map(|strict| strict.0)
}

struct Strict(Value);

impl<'de> Deserialize<'de> for Strict {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StrictVisitor).map(Strict)
    }
}

struct StrictVisitor;

fn text<E: de::Error>(text: &str) -> Result<(), E> {
    if kefu_domain::text::is_storable(text) {
        Ok(())
    } else {
        Err(E::custom("text must not contain NUL characters (\\u0000)"))
    }
}

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Value;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        Ok(Number::from_f64(value).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Value, E> {
        text(value)?;
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Value, E> {
        text(&value)?;
        Ok(Value::String(value))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Strict(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let mut map = Map::new();
        while let Some(key) = access.next_key::<String>()? {
            text(&key)?;
            if map.contains_key(&key) {
                return Err(de::Error::custom(format!("the member {key:?} is given twice")));
            }
            let Strict(value) = access.next_value()?;
            map.insert(key, value);
        }
        Ok(Value::Object(map))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_what_serde_json_reads() {
        let text = r#"{"a":[1,-2,2.5,"x",null,true,{"b":{}}],"c":"张三","big":18446744073709551615}"#;
        assert_eq!(from_slice(text.as_bytes()).unwrap(), serde_json::from_str::<Value>(text).unwrap());
        assert_eq!(from_slice(b"\"\\u00e9\"").unwrap(), json!("é"));
    }

    #[test]
    fn repeated_members_are_refused_at_every_depth() {
        let error = from_slice(br#"{"support":{"name":"a","name":"b"}}"#).unwrap_err();
        assert!(error.to_string().contains("\"name\" is given twice"), "{error}");
        assert!(from_slice(br#"{"a":1,"a":1}"#).is_err());
        assert!(from_slice(br#"[{"a":1},{"a":1}]"#).is_ok(), "the same key in two objects is fine");
    }

    #[test]
    fn nul_characters_are_refused_in_values_and_keys() {
        assert!(from_slice(br#"{"name":"a\u0000b"}"#).unwrap_err().to_string().contains("NUL"));
        assert!(from_slice(br#"{"a\u0000":1}"#).is_err());
        assert!(from_slice(br#"["\u0000"]"#).is_err());
        assert!(from_slice(br#"{"name":"line\nbreak"}"#).is_ok());
    }
}

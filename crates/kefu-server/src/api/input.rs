//! Reading the members of a request's JSON object one by one, collecting every problem
//! with the name of its field, so a client hears about all of them in one answer.

use kefu_app::{AppError, Members};
use kefu_domain::{FieldError, Problems};
use serde_json::{Map, Value};

use crate::http::error::ApiError;

pub struct ObjectReader {
    members: Map<String, Value>,
    problems: Problems,
}

impl ObjectReader {
    pub fn new(members: Map<String, Value>) -> Self {
        ObjectReader { members, problems: Problems::new() }
    }

    /// Removes and returns a member as it is.
    pub fn take(&mut self, key: &str) -> Option<Value> {
        self.members.remove(key)
    }

    /// Every problem found, including members nobody asked for: for a use case that adds
    /// its own problems and answers them all at once.
    pub fn into_problems(mut self, known: &[&str]) -> Vec<FieldError> {
        let unknown: Vec<String> = self.members.keys().cloned().collect();
        for key in unknown {
            self.problem(&key, format!("unknown field; the fields are {}", known.join(", ")));
        }
        self.problems.into_result().err().unwrap_or_default()
    }

    /// Fails with every problem found, including members nobody asked for.
    pub fn finish(self, known: &[&str]) -> Result<(), ApiError> {
        AppError::check(self.into_problems(known)).map_err(ApiError::from)
    }
}

impl Members for ObjectReader {
    /// A scalar member as text: a string as it is, or a whole number in decimal — the
    /// hosted service returns numbers as strings, and clients send either.
    fn text(&mut self, key: &str) -> Option<String> {
        match self.members.remove(key)? {
            Value::String(text) => Some(text),
            Value::Number(n) if n.is_i64() || n.is_u64() => Some(n.to_string()),
            other => {
                let hint = if other.is_null() { " (send \"\" to clear a text field)" } else { "" };
                self.problem(key, format!("must be a string or a whole number, got {}{hint}", describe(&other)));
                None
            }
        }
    }

    fn has(&self, key: &str) -> bool {
        self.members.contains_key(key)
    }

    fn problem(&mut self, key: &str, message: impl Into<String>) {
        self.problems.push(FieldError::new(key, message));
    }
}

/// A short description of a JSON value for error messages.
pub fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => format!("{s:?}"),
        Value::Array(_) => "an array".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn reader(value: Value) -> ObjectReader {
        match value {
            Value::Object(map) => ObjectReader::new(map),
            _ => unreachable!("tests pass objects"),
        }
    }

    #[test]
    fn strings_and_whole_numbers_are_text() {
        let mut r = reader(json!({"a": "1", "b": 2, "c": 2.5, "d": null, "e": true}));
        assert_eq!(r.text("a").as_deref(), Some("1"));
        assert_eq!(r.text("b").as_deref(), Some("2"));
        assert_eq!(r.text("c"), None);
        assert_eq!(r.text("d"), None);
        assert_eq!(r.text("e"), None);
        let err = r.finish(&[]).unwrap_err();
        assert_eq!(err.problems.len(), 3);
        assert!(err.problems[1].message.contains("send \"\""));
    }

    #[test]
    fn required_and_unknown_members_are_reported_together() {
        let mut r = reader(json!({"typo": 1}));
        assert_eq!(r.require("needed", |s| Ok::<_, String>(s.to_owned())), None);
        let err = r.finish(&["needed"]).unwrap_err();
        let fields: Vec<_> = err.problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["needed", "typo"]);
    }
}

//! The members of a request — a JSON object's, a form's — read as texts, each parsed by
//! its rule, every problem collected with the name of its member. The API and the console
//! each implement [`Members`] for what they receive, and the readers of a resource's
//! members (`agents::AgentInput::read_new`, `schedules::ShiftInput::read`) are written once,
//! here, for both.

pub trait Members {
    /// The member's text, if it was sent. A member that cannot be text is recorded as a
    /// problem (with the edge's own wording) and is None.
    fn text(&mut self, key: &str) -> Option<String>;

    /// Whether the member was sent at all.
    fn has(&self, key: &str) -> bool;

    /// Records a problem of one member.
    fn problem(&mut self, key: &str, message: impl Into<String>);

    /// An optional member, parsed.
    fn parse<T>(&mut self, key: &str, parse: impl FnOnce(&str) -> Result<T, String>) -> Option<T> {
        let text = self.text(key)?;
        match parse(&text) {
            Ok(value) => Some(value),
            Err(message) => {
                self.problem(key, message);
                None
            }
        }
    }

    /// A required member, parsed.
    fn require<T>(&mut self, key: &str, parse: impl FnOnce(&str) -> Result<T, String>) -> Option<T> {
        if !self.has(key) {
            self.problem(key, "is required");
            return None;
        }
        self.parse(key, parse)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::collections::BTreeMap;

    use kefu_domain::FieldError;

    use super::*;

    /// Members from pairs, for the readers' tests.
    #[derive(Default)]
    pub struct Pairs {
        pub values: BTreeMap<&'static str, &'static str>,
        pub problems: Vec<FieldError>,
    }

    impl Pairs {
        pub fn of(pairs: &[(&'static str, &'static str)]) -> Self {
            Pairs { values: pairs.iter().copied().collect(), problems: Vec::new() }
        }

        pub fn fields(&self) -> Vec<&str> {
            self.problems.iter().map(|p| p.field.as_str()).collect()
        }
    }

    impl Members for Pairs {
        fn text(&mut self, key: &str) -> Option<String> {
            self.values.get(key).map(|v| (*v).to_owned())
        }

        fn has(&self, key: &str) -> bool {
            self.values.contains_key(key)
        }

        fn problem(&mut self, key: &str, message: impl Into<String>) {
            self.problems.push(FieldError::new(key, message));
        }
    }

    #[test]
    fn required_and_parsed_members() {
        let mut m = Pairs::of(&[("n", "7"), ("bad", "x")]);
        assert_eq!(m.require("n", |raw| raw.parse::<u8>().map_err(|e| e.to_string())), Some(7));
        assert_eq!(m.require("missing", |raw| raw.parse::<u8>().map_err(|e| e.to_string())), None);
        assert_eq!(m.parse("bad", |raw| raw.parse::<u8>().map_err(|e| e.to_string())), None);
        assert_eq!(m.parse("absent", |raw| raw.parse::<u8>().map_err(|e| e.to_string())), None);
        assert_eq!(m.fields(), ["missing", "bad"]);
        assert_eq!(m.problems[0].message, "is required");
    }
}

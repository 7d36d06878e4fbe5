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

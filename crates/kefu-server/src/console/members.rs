//! A submitted form read as a request's members: the console names its form fields as the
//! API names its members (`sNum`, `start_time`…), so the use cases' readers
//! (`AgentInput::read_new`, `ShiftInput::read`) read a form exactly as they read a JSON
//! body, with the same rules and the same messages.

use kefu_app::Members;
use kefu_domain::FieldError;

use super::csrf::Fields;

/// A form's fields as members, and the problems found reading them.
pub struct FormMembers<'a> {
    fields: &'a Fields,
    problems: Vec<FieldError>,
}

impl<'a> FormMembers<'a> {
    pub fn new(fields: &'a Fields) -> Self {
        FormMembers { fields, problems: Vec::new() }
    }

    pub fn into_problems(self) -> Vec<FieldError> {
        self.problems
    }
}

impl Members for FormMembers<'_> {
    fn text(&mut self, key: &str) -> Option<String> {
        self.fields.get(key).map(str::to_owned)
    }

    fn has(&self, key: &str) -> bool {
        self.fields.get(key).is_some()
    }

    fn problem(&mut self, key: &str, message: impl Into<String>) {
        self.problems.push(FieldError::new(key, message));
    }
}

//! What the batch creates (`POST /users/batch.json`, `/companies/batch.json`) share: the
//! batch's size, its rows' problems named `{list}[index].{field}`, and a value two rows of
//! one batch may not share.

use std::collections::HashMap;

use kefu_domain::FieldError;

use crate::AppError;

/// A batch holds 1 to `max` items; `list` is the body's member naming them.
pub(crate) fn check_size(len: usize, max: usize, list: &str, what: &str) -> Result<(), AppError> {
    if len == 0 || len > max {
        let message = format!("must hold 1 to {max} {what}, got {len}");
        return Err(AppError::invalid(vec![FieldError::new(list, message)]));
    }
    Ok(())
}

/// Gathers the rows' problems, each named by its row.
#[derive(Default)]
pub(crate) struct BatchProblems {
    problems: Vec<FieldError>,
}

impl BatchProblems {
    /// Row `index`'s problems, named `{list}[index].{field}`.
    pub fn add(&mut self, list: &str, index: usize, row: Vec<FieldError>) {
        self.problems
            .extend(row.into_iter().map(|p| FieldError::new(format!("{list}[{index}].{}", p.field), p.message)));
    }

    /// Every problem at once (400), or none.
    pub fn check(self) -> Result<(), AppError> {
        AppError::check(self.problems)
    }
}

/// The first row of the batch each value was seen in: a value two rows share (a remote id,
/// a company's name) is the later row's problem.
#[derive(Default)]
pub(crate) struct FirstSeen(HashMap<String, usize>);

impl FirstSeen {
    /// The earlier row that holds `value` already, or None (and `index` holds it now).
    pub fn earlier(&mut self, value: &str, index: usize) -> Option<usize> {
        match self.0.get(value) {
            Some(first) => Some(*first),
            None => {
                self.0.insert(value.to_owned(), index);
                None
            }
        }
    }
}

//! The writing half of `kefu customers import`, once every row is checked: companies and
//! contacts in batches (`POST /companies/batch.json`, `/users/batch.json`, all or none
//! each) so that 100,000 of them take well under a minute. A refused request stops the import, saying
//! what was written (docs/compat.md, "Customers").

use anyhow::{Result, bail};
use kefu_api::{CompanyFields, UserInput};
use kefu_client::Client;
use kefu_domain::limits::{MAX_BODY_BYTES, MAX_COMPANIES_PER_BATCH, MAX_CONTACTS_PER_BATCH};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::import::bar;
use crate::count;

/// A batch's body stays this far under the server's body limit.
const BATCH_BYTES: usize = MAX_BODY_BYTES * 3 / 4;

/// Creates the companies of the checked rows, `(line, members)`, in batches
/// (`POST /companies/batch.json`).
pub(super) async fn write_companies(client: &Client, rows: Vec<(usize, Map<String, Value>)>) -> Result<Vec<Value>> {
    let send = async |companies: Vec<CompanyFields>| client.companies().create_many(companies).await;
    write_in_batches(rows, MAX_COMPANIES_PER_BATCH, "companies", ("company", "companies"), send).await
}

/// Creates the contacts of the checked rows in batches (`POST /users/batch.json`).
pub(super) async fn write_contacts(client: &Client, rows: Vec<(usize, Map<String, Value>)>) -> Result<Vec<Value>> {
    let send = async |users: Vec<UserInput>| client.contacts().create_many(users).await;
    write_in_batches(rows, MAX_CONTACTS_PER_BATCH, "users", ("contact", "contacts"), send).await
}

/// Sends the checked rows in batches of up to `max` (fewer when their text is long), each
/// written all or none; the bar moves a batch at a time. `list` is the body's member the
/// server names a refused row by, `what` the items (one, many).
async fn write_in_batches<T: DeserializeOwned, R: Serialize>(
    rows: Vec<(usize, Map<String, Value>)>,
    max: usize,
    list: &str,
    what: (&str, &str),
    send: impl AsyncFn(Vec<T>) -> kefu_client::Result<Vec<R>>,
) -> Result<Vec<Value>> {
    let writing = bar(rows.len(), "importing");
    let mut created: Vec<Value> = Vec::with_capacity(rows.len());
    for batch in batches(rows, max)? {
        let lines: Vec<usize> = batch.iter().map(|(line, _)| *line).collect();
        let items: Vec<T> = batch.into_iter().map(|(_, item)| item).collect();
        let size = items.len();
        match send(items).await {
            Ok(items) => {
                created.extend(items.into_iter().filter_map(|item| serde_json::to_value(item).ok()));
                writing.inc(size as u64);
            }
            Err(error) => {
                writing.abandon();
                let first = lines.first().copied().unwrap_or_default();
                let last = lines.last().copied().unwrap_or_default();
                bail!(
                    "lines {first}–{last} (one batch, written all or none) were refused: {}; {}, and no row from line {first} on",
                    name_lines(&error.to_string(), list, &lines),
                    written(created.len(), what.0, what.1)
                );
            }
        }
    }
    writing.finish_and_clear();
    Ok(created)
}

/// The rows cut into batches the server takes.
fn batches<T: DeserializeOwned>(rows: Vec<(usize, Map<String, Value>)>, max: usize) -> Result<Vec<Vec<(usize, T)>>> {
    let mut batches: Vec<Vec<(usize, T)>> = Vec::new();
    let mut current: Vec<(usize, T)> = Vec::new();
    let mut bytes = 0;
    for (line, members) in rows {
        let row_bytes = serde_json::to_string(&members).map_or(0, |text| text.len() + 1);
        let item: T = match serde_json::from_value(Value::Object(members)) {
            Ok(item) => item,
            Err(error) => bail!("line {line}: {error}"),
        };
        if !current.is_empty() && (current.len() == max || bytes + row_bytes > BATCH_BYTES) {
            batches.push(std::mem::take(&mut current));
            bytes = 0;
        }
        bytes += row_bytes;
        current.push((line, item));
    }
    if !current.is_empty() {
        batches.push(current);
    }
    Ok(batches)
}

/// The server names a batch's rows `{list}[index]`; the sheet's reader wants its lines.
fn name_lines(message: &str, list: &str, lines: &[usize]) -> String {
    let mut named = message.to_owned();
    for (index, line) in lines.iter().enumerate().rev() {
        named = named
            .replace(&format!("{list}[{index}]."), &format!("line {line}, "))
            .replace(&format!("{list}[{index}]"), &format!("line {line}"));
    }
    named
}

fn written(n: usize, one: &str, many: &str) -> String {
    match n {
        0 => "nothing was imported".to_owned(),
        n => format!("{} imported before it", count(n as u64, one, many)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_error_names_the_sheet_lines() {
        let message = "users[1].mobile: a contact needs a mobile number; users[10].email: not an address";
        let lines: Vec<usize> = (2..14).collect();
        assert_eq!(
            name_lines(message, "users", &lines),
            "line 3, mobile: a contact needs a mobile number; line 12, email: not an address"
        );
    }

    #[test]
    fn rows_are_cut_by_count_and_by_size() {
        let row = |note: &str| {
            let mut members = Map::new();
            members.insert("mobile".to_owned(), Value::from("13039209552"));
            members.insert("note".to_owned(), Value::from(note));
            members
        };
        let small: Vec<_> = (0..1001).map(|line| (line, row("x"))).collect();
        let sizes: Vec<usize> = batches::<UserInput>(small, MAX_CONTACTS_PER_BATCH)
            .map(|b| b.iter().map(Vec::len).collect())
            .unwrap_or_default();
        assert_eq!(sizes, vec![500, 500, 1]);
        let long = "长".repeat(2000);
        let big: Vec<_> = (0..200).map(|line| (line, row(&long))).collect();
        let sizes: Vec<usize> = batches::<UserInput>(big, MAX_CONTACTS_PER_BATCH)
            .map(|b| b.iter().map(Vec::len).collect())
            .unwrap_or_default();
        assert!(sizes.len() > 1 && sizes.iter().all(|n| *n * 6000 <= BATCH_BYTES + 6100), "{sizes:?}");
    }
}

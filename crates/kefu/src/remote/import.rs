//! `kefu agents import FILE`: every row is checked first — locally with the server's own
//! parsers, then against the company (logins and job numbers taken, groups, custom
//! fields) — and every bad row is reported with its line before anything is written.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use anyhow::{Result, bail};
use indicatif::{ProgressBar, ProgressStyle};
use kefu_api::Support;
use kefu_client::{AgentListQuery, Client};
use kefu_domain::agent::login_key;

use super::args::ImportArgs;
use super::directory::{Directory, group_ids, new_group_names};
use super::draft::{Column, Draft, Empty, column_for, known_headers};
use super::sheet::{self, Sheet};
use super::{print_json, table};
use crate::count;

/// One problem of one row.
struct Problem {
    line: usize,
    column: String,
    message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, {}: {}", self.line, self.column, self.message)
    }
}

/// A row that passed every check.
struct Row {
    line: usize,
    draft: Draft,
}

pub async fn run(client: &Client, args: &ImportArgs, json: bool) -> Result<()> {
    let sheet = sheet::read(&args.file)?;
    let directory = Directory::load(client).await?;
    let columns = columns(&sheet, &directory)?;
    let existing = client.agents().list_all(&AgentListQuery::default()).await?;

    let checking = bar(sheet.rows.len(), "checking");
    let (rows, problems) = check_rows(&sheet, &columns, &directory, &existing, args.create_groups, &checking);
    checking.finish_and_clear();
    if !problems.is_empty() {
        for problem in &problems {
            eprintln!("{problem}");
        }
        let mut bad: Vec<usize> = problems.iter().map(|p| p.line).collect();
        bad.dedup();
        bail!(
            "{} of {} {} problems (listed above); nothing was imported",
            bad.len(),
            count(sheet.rows.len() as u64, "row", "rows"),
            if bad.len() == 1 { "has" } else { "have" }
        );
    }
    let new_groups = new_group_names(rows.iter().filter_map(|row| row.draft.groups.as_ref()));
    if args.dry_run {
        eprintln!(
            "kefu: {} valid{}; nothing was written (--dry-run)",
            match rows.len() {
                1 => "the 1 row is".to_owned(),
                n => format!("all {n} rows are"),
            },
            if new_groups.is_empty() {
                String::new()
            } else {
                format!(", {}", count(new_groups.len() as u64, "new group", "new groups"))
            }
        );
        return Ok(());
    }

    let mut created_groups = BTreeMap::new();
    for name in new_groups {
        let group = client.groups().create(&name).await?;
        eprintln!("kefu: created support group {} ({})", group.name, group.group_id);
        created_groups.insert(name, group.group_id);
    }
    let created = write(client, rows, &created_groups).await?;
    let (first, last) = (created.first(), created.last());
    eprintln!(
        "kefu: imported {}{}",
        count(created.len() as u64, "agent", "agents"),
        match (first, last) {
            (Some(first), Some(last)) if created.len() > 1 => format!(" (sId {} to {})", first.s_id, last.s_id),
            (Some(only), _) => format!(" (sId {})", only.s_id),
            _ => String::new(),
        }
    );
    if json {
        print_json(&created)
    } else if args.verbose {
        println!("{}", table::agents(&created, Some(&Directory::load(client).await?)));
        Ok(())
    } else {
        Ok(())
    }
}

/// The column of each header. Unknown headers, a column given twice and missing required
/// columns are errors: a misspelt header would otherwise drop its data silently.
fn columns(sheet: &Sheet, directory: &Directory) -> Result<Vec<Column>> {
    let mut columns: Vec<Column> = Vec::new();
    let mut unknown: Vec<&str> = Vec::new();
    for header in &sheet.headers {
        let column = if header.trim().is_empty() { Some(Column::Ignored) } else { column_for(header, directory) };
        match column {
            Some(column) if column != Column::Ignored && columns.contains(&column) => {
                bail!("the column {header:?} is given twice (under another header)")
            }
            Some(column) => columns.push(column),
            None => unknown.push(header),
        }
    }
    if !unknown.is_empty() {
        bail!("unknown columns {}; the columns are {}", unknown.join(", "), known_headers(directory));
    }
    for (required, header) in [(Column::Login, "客服账号 (sPassportName)"), (Column::JobNumber, "工号 (sNum)")] {
        if !columns.contains(&required) {
            bail!("the file has no {header} column");
        }
    }
    Ok(columns)
}

fn check_rows(
    sheet: &Sheet,
    columns: &[Column],
    directory: &Directory,
    existing: &[Support],
    create_groups: bool,
    progress: &ProgressBar,
) -> (Vec<Row>, Vec<Problem>) {
    let taken_logins: HashMap<String, &str> =
        existing.iter().map(|a| (login_key(&a.passport_name), a.s_id.as_str())).collect();
    let taken_numbers: HashMap<&str, &str> =
        existing.iter().map(|a| (a.job_number.as_str(), a.s_id.as_str())).collect();
    let mut logins_in_file: HashMap<String, usize> = HashMap::new();
    let mut numbers_in_file: HashMap<String, usize> = HashMap::new();
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for (line, cells) in &sheet.rows {
        let line = *line;
        let before = problems.len();
        // Values past the last header are usually a name with an unquoted comma, which has
        // shifted every cell after it.
        if let Some(extra) = cells.iter().skip(columns.len()).position(|c| !c.trim().is_empty()) {
            let message = format!(
                "has a value in column {} but the header names {} columns (an unquoted comma?)",
                columns.len() + extra + 1,
                columns.len()
            );
            problems.push(Problem { line, column: "row".to_owned(), message });
        }
        let mut draft = Draft::default();
        for (index, column) in columns.iter().enumerate() {
            let raw = cells.get(index).map_or("", String::as_str);
            if let Err(message) = draft.set(column, raw, Empty::NotGiven, directory, create_groups) {
                problems.push(Problem { line, column: sheet.headers[index].trim().to_owned(), message });
            }
        }
        for title in draft.missing_required(directory) {
            problems.push(Problem { line, column: title.to_owned(), message: "is required".to_owned() });
        }
        let header_of = |wanted: &Column| {
            columns.iter().position(|c| c == wanted).map_or_else(String::new, |i| sheet.headers[i].trim().to_owned())
        };
        if let Some(login) = &draft.fields.passport_name {
            let key = login_key(login);
            if let Some(s_id) = taken_logins.get(&key) {
                let message = format!("{login:?} is already an agent of this company (sId {s_id})");
                problems.push(Problem { line, column: header_of(&Column::Login), message });
            } else if let Some(first) = logins_in_file.get(&key) {
                let message = format!("{login:?} is also on line {first}");
                problems.push(Problem { line, column: header_of(&Column::Login), message });
            } else {
                logins_in_file.insert(key, line);
            }
        }
        if let Some(number) = &draft.fields.job_number {
            if let Some(s_id) = taken_numbers.get(number.as_str()) {
                let message = format!("{number:?} is already the job number of agent {s_id}");
                problems.push(Problem { line, column: header_of(&Column::JobNumber), message });
            } else if let Some(first) = numbers_in_file.get(number) {
                let message = format!("{number:?} is also on line {first}");
                problems.push(Problem { line, column: header_of(&Column::JobNumber), message });
            } else {
                numbers_in_file.insert(number.clone(), line);
            }
        }
        if problems.len() == before {
            rows.push(Row { line, draft });
        }
        progress.inc(1);
    }
    (rows, problems)
}

/// Creates the agents in file order. The first refusal (a login another company uses, a
/// company without a default password…) stops the import and says what was written.
async fn write(client: &Client, rows: Vec<Row>, created_groups: &BTreeMap<String, String>) -> Result<Vec<Support>> {
    let writing = bar(rows.len(), "importing");
    let mut created: Vec<Support> = Vec::with_capacity(rows.len());
    let mut first_line = None;
    for Row { line, mut draft } in rows {
        if let Some(groups) = &draft.groups {
            draft.fields.group_id = Some(group_ids(groups, created_groups));
        }
        match client.agents().create(&draft.fields).await {
            Ok(agent) => {
                first_line.get_or_insert(line);
                created.push(agent);
                writing.inc(1);
            }
            Err(error) => {
                writing.abandon();
                let done = match (created.len(), first_line) {
                    (0, _) | (_, None) => "nothing was imported".to_owned(),
                    (n, Some(first)) => {
                        format!("{} from line {first} on imported before it", count(n as u64, "agent", "agents"))
                    }
                };
                bail!("line {line}: {error}; {done}, and no row from line {line} on");
            }
        }
    }
    writing.finish_and_clear();
    Ok(created)
}

/// A progress bar on stderr; indicatif draws nothing when stderr is not a terminal.
pub(super) fn bar(len: usize, message: &'static str) -> ProgressBar {
    let bar = ProgressBar::new(len as u64).with_message(message);
    if let Ok(style) = ProgressStyle::with_template("{msg:>9} [{bar:30}] {pos}/{len} rows") {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

//! `kefu customers import|export companies|contacts`: the customers' spreadsheets, through
//! the API as the agents' ones. Every row is checked — with the domain's parsers, against
//! the account's companies, groups and agents, and its custom values with the custom-field
//! engine's own check — and every bad row reported with its line before anything is written.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use anyhow::{Result, bail};
use clap::{Args, Subcommand, ValueEnum};
use kefu_api::{Company, CustomerGroup, User};
use kefu_client::{AgentListQuery, Client, PageQuery};
use serde_json::{Map, Value};

use super::args::{Connection, HeaderStyle};
use super::customer_custom::{CustomColumns, SheetColumn};
use super::customer_sheet::{COMPANY_COLUMNS, CONTACT_COLUMNS, Col, Known, Rule};
use super::customer_writes::{write_companies, write_contacts};
use super::export::{Format, format_of, write_csv, write_xlsx};
use super::import::bar;
use super::sheet::{self, Sheet};
use super::{connect, print_json};
use crate::count;

#[derive(Args, Debug)]
pub struct CustomersArgs {
    #[command(flatten)]
    pub connection: Connection,
    #[command(subcommand)]
    pub command: CustomersCommand,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// 公司.
    Companies,
    /// 联系人.
    Contacts,
}

#[derive(Subcommand, Debug)]
pub enum CustomersCommand {
    /// Create the companies or contacts of a CSV or XLSX file, after checking every row.
    Import {
        kind: Kind,
        /// A .csv (UTF-8, with or without BOM, or GB18030) or .xlsx file.
        file: PathBuf,
        /// Check every row, write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Write the companies or contacts as CSV or XLSX (stdout, or --output), in the form
    /// import reads.
    Export {
        kind: Kind,
        /// Write to this file, .csv or .xlsx, instead of stdout (CSV).
        #[arg(long, short)]
        output: Option<PathBuf>,
        #[arg(long, value_enum, default_value = "chinese")]
        headers: HeaderStyle,
        /// Start with a UTF-8 byte order mark, so that Excel shows Chinese text correctly.
        #[arg(long)]
        bom: bool,
    },
}

pub async fn run(args: CustomersArgs) -> Result<()> {
    let client = connect(&args.connection)?;
    match args.command {
        CustomersCommand::Import { kind, file, dry_run } => {
            import(&client, kind, &file, dry_run, args.connection.json).await
        }
        CustomersCommand::Export { kind, output, headers, bom } => export(&client, kind, output, headers, bom).await,
    }
}

fn columns_of(kind: Kind) -> &'static [Col] {
    match kind {
        Kind::Companies => COMPANY_COLUMNS,
        Kind::Contacts => CONTACT_COLUMNS,
    }
}

const PAGE: u64 = 100;

async fn all_companies(client: &Client) -> Result<Vec<Company>> {
    let mut all = Vec::new();
    for page in 1.. {
        let list = client.companies().list(PageQuery { page: Some(page), per_page: Some(PAGE) }).await?;
        let done = list.next_page.is_none() || list.companies.is_empty();
        all.extend(list.companies);
        if done {
            break;
        }
    }
    Ok(all)
}

async fn all_contacts(client: &Client) -> Result<Vec<User>> {
    let mut all = Vec::new();
    for page in 1.. {
        let list = client.contacts().list(PageQuery { page: Some(page), per_page: Some(PAGE) }).await?;
        let done = list.next_page.is_none() || list.users.is_empty();
        all.extend(list.users);
        if done {
            break;
        }
    }
    Ok(all)
}

async fn all_customer_groups(client: &Client) -> Result<Vec<CustomerGroup>> {
    let mut all = Vec::new();
    for page in 1.. {
        let list = client.customer_groups().list(PageQuery { page: Some(page), per_page: Some(PAGE) }).await?;
        let done = list.next_page.is_none() || list.customergroups.is_empty();
        all.extend(list.customergroups);
        if done {
            break;
        }
    }
    Ok(all)
}

async fn known(client: &Client) -> Result<Known> {
    Ok(Known::new(
        all_companies(client).await?,
        all_customer_groups(client).await?,
        client.groups().list_all().await?,
        client.agents().list_all(&AgentListQuery::default()).await?,
    ))
}

/// One problem of one row.
struct Problem {
    line: usize,
    column: String,
    message: String,
}

async fn import(client: &Client, kind: Kind, file: &std::path::Path, dry_run: bool, json: bool) -> Result<()> {
    let sheet = sheet::read(file)?;
    let all = columns_of(kind);
    let custom = CustomColumns::load(client, kind).await?;
    let columns = columns(&sheet, all, &custom)?;
    let known = known(client).await?;
    // A set: looked up once a row, so a big account's 100,000 ids cost no scan each.
    let existing_ids: HashSet<String> = match kind {
        Kind::Contacts => all_contacts(client).await?.into_iter().filter_map(|c| c.unique_id).collect(),
        Kind::Companies => HashSet::new(),
    };

    let checking = bar(sheet.rows.len(), "checking");
    let mut rows: Vec<(usize, Map<String, Value>)> = Vec::new();
    let mut problems: Vec<Problem> = Vec::new();
    let mut in_file: HashMap<String, usize> = HashMap::new();
    for (line, cells) in &sheet.rows {
        let line = *line;
        let before = problems.len();
        if let Some(extra) = cells.iter().skip(columns.len()).position(|c| !c.trim().is_empty()) {
            let message = format!(
                "has a value in column {} but the header names {} columns (an unquoted comma?)",
                columns.len() + extra + 1,
                columns.len()
            );
            problems.push(Problem { line, column: "row".to_owned(), message });
        }
        let mut members = Map::new();
        let mut custom_values = Vec::new();
        for (index, column) in columns.iter().enumerate() {
            let value = cells.get(index).map_or("", |c| c.trim());
            let column = match column {
                _ if value.is_empty() => continue,
                SheetColumn::Fixed(col) if matches!(col.rule, Rule::Ignored) => continue,
                SheetColumn::Fixed(col) => col,
                SheetColumn::Custom(field) => {
                    match custom.value(field, value) {
                        Ok(checked) => custom_values.push(checked),
                        Err(message) => {
                            problems.push(Problem { line, column: sheet.headers[index].trim().to_owned(), message })
                        }
                    }
                    continue;
                }
            };
            match known.check(column.rule, value) {
                Ok(checked) => {
                    members.insert(column.api.to_owned(), Value::String(checked));
                }
                Err(message) => {
                    problems.push(Problem { line, column: sheet.headers[index].trim().to_owned(), message })
                }
            }
        }
        for field in custom.missing_required(&custom_values) {
            let column = format!("{} ({})", field.name, field.key);
            problems.push(Problem { line, column, message: "is required".to_owned() });
        }
        if !custom_values.is_empty() {
            members.insert("custom_fields".to_owned(), serde_json::to_value(custom_values)?);
        }
        let header_of = |api: &str| {
            columns
                .iter()
                .position(|c| c.api() == api)
                .map_or_else(|| api.to_owned(), |i| sheet.headers[i].trim().to_owned())
        };
        let text = |api: &str| members.get(api).and_then(Value::as_str).unwrap_or("").to_owned();
        let mut row_problem = |column: String, message: String| problems.push(Problem { line, column, message });
        match kind {
            Kind::Companies => {
                let name = text("companyName");
                if name.is_empty() {
                    row_problem(header_of("companyName"), "is required".to_owned());
                } else if let Some(taken) = known.live_company_named(&name) {
                    row_problem(
                        header_of("companyName"),
                        format!("{name:?} is already a company (uId {})", taken.u_id),
                    );
                } else if let Some(first) = in_file.get(&name) {
                    row_problem(header_of("companyName"), format!("{name:?} is also on line {first}"));
                } else {
                    in_file.insert(name, line);
                }
                let start = kefu_domain::customer::company::ServicePeriod::parse_end(&text("servicestarttime"));
                let end = kefu_domain::customer::company::ServicePeriod::parse_end(&text("serviceendtime"));
                if let (Ok(start), Ok(end)) = (start, end)
                    && let Err(message) = kefu_domain::customer::company::ServicePeriod::new(start, end)
                {
                    row_problem(header_of("serviceendtime"), message);
                }
            }
            Kind::Contacts => {
                if let Err(error) = kefu_domain::customer::contact::check_reachable(&text("mobile"), &text("fixnumber"))
                {
                    row_problem(format!("{} / {}", header_of("mobile"), header_of("fixnumber")), error.message);
                }
                let id = text("uniqueId");
                if !id.is_empty() {
                    if existing_ids.contains(&id) {
                        row_problem(header_of("uniqueId"), format!("{id:?} is already another contact's"));
                    } else if let Some(first) = in_file.get(&id) {
                        row_problem(header_of("uniqueId"), format!("{id:?} is also on line {first}"));
                    } else {
                        in_file.insert(id, line);
                    }
                }
            }
        }
        if problems.len() == before {
            rows.push((line, members));
        }
        checking.inc(1);
    }
    checking.finish_and_clear();
    let (one, many) = match kind {
        Kind::Companies => ("company", "companies"),
        Kind::Contacts => ("contact", "contacts"),
    };
    if !problems.is_empty() {
        for p in &problems {
            eprintln!("line {}, {}: {}", p.line, p.column, p.message);
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
    if dry_run {
        eprintln!(
            "kefu: {} valid; nothing was written (--dry-run)",
            match rows.len() {
                1 => "the 1 row is".to_owned(),
                n => format!("all {n} rows are"),
            }
        );
        return Ok(());
    }

    // The server's own rules (a 2B account's contact needs a company, a 2C one has none…)
    // may still refuse a row, as may a definition changed meanwhile: the import stops there
    // and says what was written.
    let written = match kind {
        Kind::Companies => write_companies(client, rows).await,
        Kind::Contacts => write_contacts(client, rows).await,
    };
    let custom_headers: Vec<(String, String)> = columns
        .iter()
        .zip(&sheet.headers)
        .filter(|(c, _)| matches!(c, SheetColumn::Custom(_)))
        .map(|(c, h)| (c.api().to_owned(), h.trim().to_owned()))
        .collect();
    let created = written.map_err(|e| anyhow::anyhow!(custom.name_columns(&e.to_string(), &custom_headers)))?;
    eprintln!("kefu: imported {}", count(created.len() as u64, one, many));
    if json { print_json(&created) } else { Ok(()) }
}

/// The column of each header; unknown headers, a column given twice and (companies) a
/// missing name column are errors — a misspelt header would otherwise drop its data.
fn columns<'c>(sheet: &Sheet, all: &'c [Col], custom: &'c CustomColumns) -> Result<Vec<SheetColumn<'c>>> {
    let mut columns: Vec<SheetColumn> = Vec::new();
    let mut unknown = Vec::new();
    for header in &sheet.headers {
        let column = if header.trim().is_empty() {
            Some(SheetColumn::Fixed(&super::customer_sheet::IGNORED_COL))
        } else {
            custom.column_for(header, all)
        };
        match column {
            Some(column) if !column.api().is_empty() && columns.iter().any(|c| c.api() == column.api()) => {
                bail!("the column {header:?} is given twice (under another header)")
            }
            Some(column) => columns.push(column),
            None => unknown.push(header.as_str()),
        }
    }
    if !unknown.is_empty() {
        bail!("unknown columns {}; the columns are {}", unknown.join(", "), custom.known_headers(all));
    }
    if std::ptr::eq(all, COMPANY_COLUMNS) && !columns.iter().any(|c| c.api() == "companyName") {
        bail!("the file has no 公司名称 (companyName) column");
    }
    Ok(columns)
}

async fn export(client: &Client, kind: Kind, output: Option<PathBuf>, headers: HeaderStyle, bom: bool) -> Result<()> {
    let format = format_of(output.as_deref())?;
    if format == Format::Xlsx && bom {
        bail!("--bom is for CSV files; a .xlsx workbook shows Chinese text as it is");
    }
    let known = known(client).await?;
    let chinese = headers == HeaderStyle::Chinese;
    let columns = columns_of(kind);
    let custom = CustomColumns::load(client, kind).await?;
    // Deleted ones are left out: import creates live companies and contacts.
    let items: Vec<Value> = match kind {
        Kind::Companies => {
            known.companies.iter().filter(|c| c.status != "2").filter_map(|c| serde_json::to_value(c).ok()).collect()
        }
        Kind::Contacts => all_contacts(client)
            .await?
            .into_iter()
            .filter(|c| c.state != "3")
            .filter_map(|c| serde_json::to_value(c).ok())
            .collect(),
    };
    let mut header_row: Vec<String> =
        columns.iter().map(|c| if chinese { c.zh.to_owned() } else { c.api.to_owned() }).collect();
    header_row.extend(custom.fields.iter().map(|f| CustomColumns::header(f, chinese)));
    let rows = items.iter().map(|item| {
        let fixed = columns.iter().map(|c| {
            let value = item.get(c.api).and_then(Value::as_str).unwrap_or("");
            if chinese { known.label(c.rule, value) } else { Known::api_cell(c.rule, value) }
        });
        fixed.chain(custom.fields.iter().map(|f| CustomColumns::cell(item, f))).collect::<Vec<String>>()
    });
    match (format, &output) {
        (Format::Xlsx, Some(path)) => write_xlsx(path, &header_row, rows)?,
        (_, Some(path)) => {
            let file =
                std::fs::File::create(path).map_err(|e| anyhow::anyhow!("cannot create {}: {e}", path.display()))?;
            write_csv(file, bom, &header_row, rows)?;
        }
        (_, None) => write_csv(std::io::stdout().lock(), bom, &header_row, rows)?,
    }
    if let Some(path) = &output {
        let (one, many) = if kind == Kind::Companies { ("company", "companies") } else { ("contact", "contacts") };
        eprintln!("kefu: exported {} to {}", count(items.len() as u64, one, many), path.display());
    }
    Ok(())
}

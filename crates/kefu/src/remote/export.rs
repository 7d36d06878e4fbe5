//! `kefu agents export`: the agents as CSV or an XLSX workbook (by the output's extension),
//! with the columns import reads back — Chinese headers with 女/男, 是/否 and group names
//! (portable to another company that has groups of those names), or the API's field names
//! with its codes and group ids.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result, bail};
use kefu_api::Support;
use kefu_client::{AgentListQuery, Client};

use super::args::{ExportArgs, HeaderStyle};
use super::directory::{Directory, cell_of};
use super::draft::{COLUMNS, Column};
use super::table::{gender_label, yes_no};
use super::visibility;
use crate::count;

/// What `--output` names: CSV for `.csv` (and stdout), a workbook for `.xlsx`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Format {
    Csv,
    Xlsx,
}

pub(super) fn format_of(output: Option<&Path>) -> Result<Format> {
    let Some(path) = output else { return Ok(Format::Csv) };
    match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("csv") => Ok(Format::Csv),
        Some("xlsx") => Ok(Format::Xlsx),
        _ => bail!("{}: export writes .csv and .xlsx files; name the output file so", path.display()),
    }
}

pub async fn run(client: &Client, args: &ExportArgs) -> Result<()> {
    let format = format_of(args.output.as_deref())?;
    if format == Format::Xlsx && args.bom {
        bail!("--bom is for CSV files; a .xlsx workbook shows Chinese text as it is");
    }
    let directory = Directory::load(client).await?;
    let query = AgentListQuery { status: visibility(args.status), ..AgentListQuery::default() };
    let agents = client.agents().list_all(&query).await?;

    let chinese = args.headers == HeaderStyle::Chinese;
    // Passwords are never sent by the API, so there is no password column.
    let columns: Vec<&(Column, &str, &str, &[&str])> = COLUMNS.iter().filter(|c| c.0 != Column::Password).collect();
    let mut headers: Vec<String> =
        columns.iter().map(|(_, api, zh, _)| if chinese { (*zh).to_owned() } else { (*api).to_owned() }).collect();
    headers.extend(directory.fields.iter().map(|f| if chinese { f.wire.title.clone() } else { f.wire.key.clone() }));
    let rows = agents.iter().map(|agent| {
        let mut row: Vec<String> =
            columns.iter().map(|(column, ..)| cell(agent, column, chinese, &directory)).collect();
        row.extend(directory.fields.iter().map(|field| {
            agent.custom_fields.iter().find(|v| v.key == field.wire.key).map_or_else(String::new, |v| cell_of(&v.value))
        }));
        row
    });
    match (format, &args.output) {
        (Format::Xlsx, Some(path)) => write_xlsx(path, &headers, rows)?,
        (_, Some(path)) => {
            let file = std::fs::File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
            write_csv(file, args.bom, &headers, rows)?;
        }
        (_, None) => write_csv(std::io::stdout().lock(), args.bom, &headers, rows)?,
    }
    if let Some(path) = &args.output {
        eprintln!("kefu: exported {} to {}", count(agents.len() as u64, "agent", "agents"), path.display());
    }
    Ok(())
}

pub(super) fn write_csv(
    mut out: impl Write,
    bom: bool,
    headers: &[String],
    rows: impl Iterator<Item = Vec<String>>,
) -> Result<()> {
    if bom {
        out.write_all(b"\xEF\xBB\xBF")?;
    }
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(headers)?;
    for row in rows {
        writer.write_record(&row)?;
    }
    writer.flush()?;
    Ok(())
}

/// One worksheet; every cell is text, so job numbers keep their leading zeros and long
/// mobile numbers their digits when the file is opened and imported back.
pub(super) fn write_xlsx(path: &Path, headers: &[String], rows: impl Iterator<Item = Vec<String>>) -> Result<()> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for (column, header) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, column as u16, header, &bold)?;
    }
    for (index, row) in rows.enumerate() {
        for (column, text) in row.iter().enumerate().filter(|(_, text)| !text.is_empty()) {
            sheet.write_string(index as u32 + 1, column as u16, text)?;
        }
    }
    sheet.autofit();
    workbook.save(path).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

fn cell(agent: &Support, column: &Column, chinese: bool, directory: &Directory) -> String {
    let text = match column {
        Column::Login => &agent.passport_name,
        Column::JobNumber => &agent.job_number,
        Column::Name => &agent.name,
        Column::Email => &agent.email,
        Column::FixNumber => &agent.fixnumber,
        Column::Mobile => &agent.mobile,
        Column::Qq => &agent.qq,
        Column::Gender if chinese => gender_label(&agent.gnder),
        Column::Gender => &agent.gnder,
        Column::Admin if chinese => yes_no(&agent.is_admin),
        Column::Admin => &agent.is_admin,
        Column::Groups(_) if chinese => return directory.group_names(&agent.group_id),
        Column::Groups(_) => &agent.group_id,
        Column::Password | Column::Custom(_) | Column::Ignored => "",
    };
    text.to_owned()
}

//! A spreadsheet as rows of text with their line numbers: CSV (UTF-8 with or without a
//! byte order mark, or GB18030 — what Excel on a Chinese Windows saves) or the first
//! worksheet of an XLSX workbook.

use std::path::Path;

use anyhow::{Context, Result, bail};
use calamine::{Data, Reader, Xlsx, open_workbook};

/// The header row and the data rows, each with the line (CSV) or row (XLSX) number a
/// person sees in an editor or in Excel.
pub struct Sheet {
    pub headers: Vec<String>,
    pub rows: Vec<(usize, Vec<String>)>,
}

pub fn read(path: &Path) -> Result<Sheet> {
    let extension = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    let sheet = match extension.as_deref() {
        Some("csv") | Some("txt") => {
            read_csv(&std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?)?
        }
        Some("xlsx") => read_xlsx(path)?,
        _ => bail!("{}: import reads .csv and .xlsx files", path.display()),
    };
    if sheet.headers.iter().all(|h| h.trim().is_empty()) {
        bail!("{}: the first row must name the columns (客服账号, 工号, … or sPassportName, sNum, …)", path.display());
    }
    Ok(sheet)
}

/// UTF-8 when the bytes are UTF-8 (a BOM is dropped), else GB18030.
fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    }
}

fn read_csv(bytes: &[u8]) -> Result<Sheet> {
    let text = decode(bytes);
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut headers = None;
    let mut rows = Vec::new();
    // The line a record starts on, counted from its byte offset: the reader's own line
    // count points at a blank line before a record rather than at the record.
    let bytes = text.as_bytes();
    let (mut counted_to, mut line) = (0usize, 1usize);
    for record in reader.records() {
        let record = record.context("the CSV is malformed")?;
        let mut start = record.position().map_or(0, |p| p.byte() as usize).min(bytes.len());
        while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        line += bytes[counted_to.min(start)..start].iter().filter(|b| **b == b'\n').count();
        counted_to = counted_to.max(start);
        let cells: Vec<String> = record.iter().map(str::to_owned).collect();
        if headers.is_none() {
            headers = Some(cells);
        } else if cells.iter().any(|c| !c.trim().is_empty()) {
            rows.push((line, cells));
        }
    }
    Ok(Sheet { headers: headers.unwrap_or_default(), rows })
}

fn read_xlsx(path: &Path) -> Result<Sheet> {
    let mut workbook: Xlsx<_> = open_workbook(path).with_context(|| format!("cannot open {}", path.display()))?;
    let range = workbook
        .worksheet_range_at(0)
        .with_context(|| format!("{} has no worksheet", path.display()))?
        .with_context(|| format!("cannot read the first worksheet of {}", path.display()))?;
    let first_row = range.start().map_or(0, |(row, _)| row as usize);
    let first_column = range.start().map_or(0, |(_, column)| column as usize);
    let mut headers = None;
    let mut rows = Vec::new();
    for (index, row) in range.rows().enumerate() {
        // Cells left of the used range are empty: keep columns where Excel shows them.
        let mut cells: Vec<String> = vec![String::new(); first_column];
        cells.extend(row.iter().map(cell_text));
        if headers.is_none() {
            headers = Some(cells);
        } else if cells.iter().any(|c| !c.trim().is_empty()) {
            rows.push((first_row + index + 1, cells));
        }
    }
    Ok(Sheet { headers: headers.unwrap_or_default(), rows })
}

/// A cell as text. Excel keeps numbers as floats: whole ones (a mobile number, a job
/// number typed as a number) are written without a fraction.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(text) => text.clone(),
        Data::Int(n) => n.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "1" } else { "0" }.to_owned(),
        // A date typed as a date is a serial number formatted as a date: read it as the
        // date Excel shows (a custom date field takes YYYY-MM-DD), with the time if any.
        Data::DateTime(at) if at.is_datetime() => {
            let (year, month, day, hour, minute, second, _) = at.to_ymd_hms_milli();
            if (hour, minute, second) == (0, 0, 0) {
                format!("{year:04}-{month:02}-{day:02}")
            } else {
                format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}:{second:02}")
            }
        }
        Data::DateTimeIso(text) | Data::DurationIso(text) => text.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_lines_count_from_the_header() {
        let sheet = read_csv("客服账号,工号\nzhang,1\n\n\"li\nsi\",2\nwang,3\n".as_bytes()).expect("csv");
        assert_eq!(sheet.headers, ["客服账号", "工号"]);
        let lines: Vec<usize> = sheet.rows.iter().map(|(line, _)| *line).collect();
        assert_eq!(lines, [2, 4, 6], "blank lines skipped, a quoted line break counted");
    }

    #[test]
    fn byte_order_marks_and_gb18030() {
        let sheet = read_csv(b"\xEF\xBB\xBFsPassportName,sNum\nzhang,1\n").expect("csv");
        assert_eq!(sheet.headers[0], "sPassportName");
        let (gbk, _, _) = encoding_rs::GB18030.encode("客服账号,工号\n张三,001\n");
        let sheet = read_csv(&gbk).expect("csv");
        assert_eq!((sheet.headers[0].as_str(), sheet.rows[0].1[0].as_str()), ("客服账号", "张三"));
    }

    #[test]
    fn whole_numbers_lose_their_fraction() {
        assert_eq!(cell_text(&Data::Float(13039209552.0)), "13039209552");
        assert_eq!(cell_text(&Data::Float(1.5)), "1.5");
        assert_eq!(cell_text(&Data::Int(7)), "7");
    }

    #[test]
    fn date_cells_are_dates() {
        use calamine::{ExcelDateTime, ExcelDateTimeType};
        let date = |serial: f64| Data::DateTime(ExcelDateTime::new(serial, ExcelDateTimeType::DateTime, false));
        assert_eq!(cell_text(&date(44986.0)), "2023-03-01");
        assert_eq!(cell_text(&date(44986.5)), "2023-03-01 12:00:00");
        let in_1904 = Data::DateTime(ExcelDateTime::new(43524.0, ExcelDateTimeType::DateTime, true));
        assert_eq!(cell_text(&in_1904), "2023-03-01");
    }
}

//! Table fields (type 11, tickets only): columns defined with the field, values that are
//! rows of string cells with an integer `rowId`, as the spec shows them:
//! `[{"field_1":"…","field_2":"…","rowId":1}]`.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::value::{TableRow, check_typed, kind, scalar};
use super::{FieldSettings, FieldType, check_definition, field_key, parse_field_key};
use crate::limits::{MAX_TABLE_COLUMNS, MAX_TABLE_ROWS};
use crate::{FieldError, Problems};

/// Column types: those whose values are one string and need no compiled pattern.
pub const COLUMN_TYPES: [FieldType; 7] = [
    FieldType::Dropdown,
    FieldType::Text,
    FieldType::Textarea,
    FieldType::Integer,
    FieldType::Decimal,
    FieldType::Checkbox,
    FieldType::Date,
];

/// One column: its key within the table (`field_N`, numbered per table), title, type and
/// that type's settings (options, decimal places).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableColumn {
    pub number: u32,
    pub title: String,
    #[serde(rename = "type")]
    pub field_type: FieldType,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub settings: FieldSettings,
}

impl TableColumn {
    pub fn key(&self) -> String {
        field_key(i64::from(self.number))
    }
}

/// A table field's columns, and the highest column number ever given (so a removed
/// column's key is never reused, as field keys are not).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableSettings {
    pub columns: Vec<TableColumn>,
    #[serde(default)]
    pub last_column: u32,
}

impl TableSettings {
    /// Numbers the columns that have none yet (number 0) after every number this table
    /// has ever used, and remembers the highest.
    pub fn number_new_columns(&mut self, previous_last: u32) {
        let used = self.columns.iter().map(|c| c.number).max().unwrap_or(0);
        let mut last = previous_last.max(self.last_column).max(used);
        for column in self.columns.iter_mut().filter(|c| c.number == 0) {
            last += 1;
            column.number = last;
        }
        self.last_column = last;
    }

    /// Checks the columns, naming each problem `columns[i].member`.
    pub fn check(&self) -> Result<(), Vec<FieldError>> {
        let mut problems = Problems::new();
        if self.columns.is_empty() || self.columns.len() > MAX_TABLE_COLUMNS {
            problems.push(FieldError::new(
                "columns",
                format!("a table field needs 1 to {MAX_TABLE_COLUMNS} columns, got {}", self.columns.len()),
            ));
        }
        for (i, column) in self.columns.iter().enumerate() {
            let at = |member: &str| format!("columns[{i}].{member}");
            if column.number == 0 {
                problems.push(FieldError::new(at("key"), "must be numbered (field_N) before it is stored"));
            } else if self.columns[..i].iter().any(|c| c.number == column.number) {
                problems.push(FieldError::new(at("key"), format!("{} is used by two columns", column.key())));
            }
            if !COLUMN_TYPES.contains(&column.field_type) {
                let names: Vec<_> = COLUMN_TYPES.iter().map(|t| t.wire_name()).collect();
                problems.push(FieldError::new(
                    at("type"),
                    format!("a column must be one of {}, got {}", names.join(", "), column.field_type.wire_name()),
                ));
                continue;
            }
            if let Err(errors) = check_definition(&column.title, column.field_type, &column.settings) {
                for error in errors {
                    problems.push(FieldError::new(at(&error.field), error.message));
                }
            }
        }
        problems.into_result()
    }

    /// Checks a value: a list of row objects whose members are column keys (cells, strings
    /// or numbers) and `rowId` (a positive integer, unique in the value). Rows without a
    /// `rowId` are numbered after the largest one given. An empty cell is no value; a
    /// required column needs one in every row.
    pub fn check_rows(&self, raw: &Value) -> Result<Vec<TableRow>, String> {
        let shape = "must be a list of rows such as [{\"field_1\":\"…\",\"rowId\":1}]";
        let Value::Array(items) = raw else { return Err(format!("{shape}, got {}", kind(raw))) };
        if items.len() > MAX_TABLE_ROWS {
            return Err(format!("may hold at most {MAX_TABLE_ROWS} rows, got {}", items.len()));
        }
        let mut rows: Vec<UnnumberedRow> = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let at = format!("row {}", i + 1);
            let Value::Object(members) = item else { return Err(format!("{at}: {shape}")) };
            let mut row_id = None;
            let mut cells = Vec::new();
            for (key, value) in members {
                if key == "rowId" {
                    row_id = Some(parse_row_id(value).map_err(|e| format!("{at}: rowId {e}"))?);
                    continue;
                }
                let column = parse_field_key(key)
                    .ok()
                    .and_then(|number| self.columns.iter().find(|c| c.number == number))
                    .ok_or_else(|| format!("{at}: {key:?} is not a column of this table ({})", self.column_keys()))?;
                let text = if value.is_null() {
                    String::new()
                } else {
                    scalar(value).map_err(|e| format!("{at}: {key} {e}"))?
                };
                if text.is_empty() {
                    continue;
                }
                let checked = check_typed(column.field_type, &column.settings, None, &Value::String(text))
                    .map_err(|e| format!("{at}: {key} {e}"))?;
                let super::FieldValue::Text(text) = checked else {
                    return Err(format!("{at}: {key} must be text"));
                };
                cells.push((column.number, text));
            }
            if let Some(missing) =
                self.columns.iter().find(|c| c.required && !cells.iter().any(|(n, _)| *n == c.number))
            {
                return Err(format!("{at}: {} ({}) is required", missing.key(), missing.title));
            }
            if cells.is_empty() {
                return Err(format!("{at} has no values"));
            }
            cells.sort_by_key(|(number, _)| self.columns.iter().position(|c| c.number == *number));
            rows.push((row_id, cells));
        }
        number_rows(rows)
    }

    fn column_keys(&self) -> String {
        self.columns.iter().map(TableColumn::key).collect::<Vec<_>>().join(", ")
    }
}

fn parse_row_id(value: &Value) -> Result<u32, String> {
    let text = scalar(value)?;
    match text.parse::<u32>() {
        Ok(id) if id > 0 && !text.starts_with(['0', '+']) => Ok(id),
        _ => Err(format!("must be a positive integer, got {text:?}")),
    }
}

/// Gives rows without an id the next ones after the largest given; refuses repeats.
/// A checked row whose `rowId` may not be known yet, and its cells.
type UnnumberedRow = (Option<u32>, Vec<(u32, String)>);

fn number_rows(rows: Vec<UnnumberedRow>) -> Result<Vec<TableRow>, String> {
    let mut last = rows.iter().filter_map(|(id, _)| *id).max().unwrap_or(0);
    let mut out: Vec<TableRow> = Vec::with_capacity(rows.len());
    for (i, (row_id, cells)) in rows.into_iter().enumerate() {
        let row_id = match row_id {
            Some(id) => id,
            None => {
                last = last.checked_add(1).ok_or_else(|| format!("row {}: rowId out of range", i + 1))?;
                last
            }
        };
        if out.iter().any(|row| row.row_id == row_id) {
            return Err(format!("row {}: rowId {row_id} is used by an earlier row", i + 1));
        }
        out.push(TableRow { row_id, cells });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn column(number: u32, title: &str, field_type: FieldType) -> TableColumn {
        TableColumn { number, title: title.into(), field_type, required: false, settings: FieldSettings::default() }
    }

    fn table() -> TableSettings {
        let mut model = column(1, "型号", FieldType::Text);
        model.required = true;
        let mut size = column(2, "尺寸", FieldType::Dropdown);
        size.settings.options = vec!["大".into(), "小".into()];
        TableSettings { columns: vec![model, size, column(3, "数量", FieldType::Integer)], last_column: 3 }
    }

    #[test]
    fn rows_are_checked_cell_by_cell() {
        let rows = table().check_rows(&json!([{"field_1":"A1","field_2":"大","rowId":1},{"field_1":"B2","field_3":5}]));
        let rows = rows.unwrap();
        assert_eq!(rows[0], TableRow { row_id: 1, cells: vec![(1, "A1".into()), (2, "大".into())] });
        assert_eq!(rows[1], TableRow { row_id: 2, cells: vec![(1, "B2".into()), (3, "5".into())] });
        let value = super::super::FieldValue::Rows(rows).to_json();
        assert_eq!(value, json!([{"field_1":"A1","field_2":"大","rowId":1},{"field_1":"B2","field_3":"5","rowId":2}]));
    }

    #[test]
    fn bad_rows_name_their_row_and_column() {
        let cases = [
            (json!("x"), "must be a list of rows"),
            (json!([1]), "row 1: must be a list"),
            (json!([{"field_2":"大"}]), "row 1: field_1 (型号) is required"),
            (json!([{"field_1":"A","field_2":"中"}]), "row 1: field_2 must be one of 大, 小"),
            (
                json!([{"field_1":"A","field_9":"x"}]),
                "\"field_9\" is not a column of this table (field_1, field_2, field_3)",
            ),
            (json!([{"field_1":"A","field_3":"-1"}]), "row 1: field_3 must be a positive whole number"),
            (json!([{"field_1":"A","rowId":0}]), "row 1: rowId must be a positive integer"),
            (json!([{"field_1":"A","rowId":"07"}]), "row 1: rowId must be a positive integer"),
            (json!([{"field_1":"A","rowId":2},{"field_1":"B","rowId":2}]), "row 2: rowId 2 is used by an earlier row"),
            (json!([{"field_1":"A","field_3":true}]), "row 1: field_3 must be a string"),
        ];
        for (raw, expected) in cases {
            let err = table().check_rows(&raw).unwrap_err();
            assert!(err.contains(expected), "{raw}: {err}");
        }
        let many: Vec<Value> = (0..=MAX_TABLE_ROWS).map(|i| json!({"field_1": i.to_string()})).collect();
        assert!(table().check_rows(&Value::from(many)).unwrap_err().contains("at most"));
        let mut optional = table();
        optional.columns[0].required = false;
        assert!(optional.check_rows(&json!([{"field_1":""}])).unwrap_err().contains("has no values"));
        assert_eq!(optional.check_rows(&json!([])), Ok(vec![]));
    }

    #[test]
    fn columns_are_checked_and_numbered() {
        assert!(table().check().is_ok());
        let mut bad = table();
        bad.columns.push(column(3, "", FieldType::Cascade));
        let errors = bad.check().unwrap_err();
        assert_eq!(errors[0].field, "columns[3].key");
        assert_eq!(errors[1].field, "columns[3].type");
        let mut dropdown_without_options = table();
        dropdown_without_options.columns[1].settings.options.clear();
        assert_eq!(dropdown_without_options.check().unwrap_err()[0].field, "columns[1].options");
        assert_eq!(TableSettings::default().check().unwrap_err()[0].field, "columns");

        // A removed column's number is not given to a new one.
        let mut edited = TableSettings {
            columns: vec![column(1, "型号", FieldType::Text), column(0, "新", FieldType::Text)],
            last_column: 0,
        };
        edited.number_new_columns(3);
        assert_eq!(edited.columns[1].number, 4);
        assert_eq!(edited.last_column, 4);
    }
}

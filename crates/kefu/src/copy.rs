//! `kefu copy --from sqlite://… --to postgres://…`: move an installation to PostgreSQL,
//! with a progress bar per table and the row counts verified at the end.

use anyhow::{Result, bail};
use indicatif::{ProgressBar, ProgressStyle};
use kefu_store::{CopyProgress, redact};

use crate::cli::CopyArgs;
use crate::database::{Missing, open_url};

struct Bars {
    current: Option<ProgressBar>,
}

impl CopyProgress for Bars {
    fn table_started(&mut self, table: &str, rows: u64) {
        let bar = ProgressBar::new(rows);
        let style = ProgressStyle::with_template("{prefix:>18} [{bar:40}] {pos}/{len} rows ({elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
        bar.set_style(style);
        bar.set_prefix(table.to_owned());
        self.current = Some(bar);
    }

    fn rows_copied(&mut self, _table: &str, copied: u64) {
        if let Some(bar) = &self.current {
            bar.set_position(copied);
        }
    }

    fn table_finished(&mut self, _table: &str) {
        if let Some(bar) = self.current.take() {
            bar.finish();
        }
    }
}

pub async fn run(args: CopyArgs) -> Result<()> {
    let source = open_url(&args.from, 4, Missing::Refuse).await?;
    let target = open_url(&args.to, 4, Missing::Create).await?;
    eprintln!("kefu: copying {} into {}", redact(&args.from), redact(&args.to));
    let report = source.copy_into(&target, &mut Bars { current: None }).await?;
    source.close().await;
    target.close().await;

    println!("{:<24} {:>12} {:>12}", "table", "source rows", "copied rows");
    let mut mismatched = Vec::new();
    for entry in &report {
        let mark = if entry.source_rows == entry.target_rows { "" } else { "  MISMATCH" };
        println!("{:<24} {:>12} {:>12}{mark}", entry.table, entry.source_rows, entry.target_rows);
        if !mark.is_empty() {
            mismatched.push(entry.table.as_str());
        }
    }
    if !mismatched.is_empty() {
        bail!("row counts differ for {}", mismatched.join(", "));
    }
    eprintln!("kefu: copy complete; every table's row count matches");
    Ok(())
}

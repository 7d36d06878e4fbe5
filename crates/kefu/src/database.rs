//! Opening the database for a command. `kefu serve` and `kefu migrate` create a missing
//! SQLite file (a first start needs one); the operator commands (`kefu tenant …`,
//! `kefu apikey …`) refuse one, since a new empty database would only answer "no agent
//! signs in as admin" — run from another directory, they would otherwise leave a stray
//! `kefu.db` behind. Every command says which database it opened.

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use kefu_store::{Store, StoreOptions, redact};

use crate::cli::DatabaseArgs;

/// Whether a missing SQLite file may be created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    Create,
    Refuse,
}

/// Connects and migrates, with errors that say which database failed; says on stderr which
/// database it opened.
pub async fn open(args: &DatabaseArgs, missing: Missing) -> Result<Store> {
    open_url(&args.database, args.db_connections, missing).await
}

pub async fn open_url(url: &str, connections: u32, missing: Missing) -> Result<Store> {
    let (url, shown) = match sqlite_file(url) {
        Some(file) => {
            let absolute = std::path::absolute(&file).unwrap_or(file);
            let shown = format!("sqlite://{}", absolute.display());
            if missing == Missing::Refuse && !absolute.exists() {
                bail!(
                    "there is no database at {shown} (from {url}); give the installation's database with \
                     --database or KEFU_DATABASE_URL, e.g. --database sqlite:///srv/kefu/kefu.db"
                );
            }
            (refusing_to_create(url, missing), shown)
        }
        None => (url.to_owned(), redact(url)),
    };
    let options = StoreOptions { max_connections: connections.max(1), ..StoreOptions::default() };
    let store = Store::connect(&url, &options).await.with_context(|| format!("cannot use the database {shown}"))?;
    store.migrate().await.with_context(|| format!("cannot migrate the database {shown}"))?;
    crate::observability::notice(&format!("using {shown}"));
    Ok(store)
}

/// The file of a `sqlite:` URL (`sqlite://kefu.db`, `sqlite:///srv/kefu.db?mode=rw`), or
/// None for other backends and databases in memory.
fn sqlite_file(url: &str) -> Option<PathBuf> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split_once('?').map_or(rest, |(path, _)| path);
    if path.is_empty() || path.contains(":memory:") {
        return None;
    }
    Some(PathBuf::from(path))
}

/// With `mode=rw`, SQLite itself refuses to create the file: no window between the check
/// above and the open. An explicit mode in the URL is left alone.
fn refusing_to_create(url: &str, missing: Missing) -> String {
    if missing == Missing::Create || url.contains("mode=") {
        url.to_owned()
    } else if url.contains('?') {
        format!("{url}&mode=rw")
    } else {
        format!("{url}?mode=rw")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_files_of_urls() {
        assert_eq!(sqlite_file("sqlite://kefu.db"), Some(PathBuf::from("kefu.db")));
        assert_eq!(sqlite_file("sqlite:///srv/kefu.db?mode=rw"), Some(PathBuf::from("/srv/kefu.db")));
        assert_eq!(sqlite_file("sqlite:kefu.db"), Some(PathBuf::from("kefu.db")));
        assert_eq!(sqlite_file("sqlite::memory:"), None);
        assert_eq!(sqlite_file("postgres://u@h/db"), None);
    }

    #[test]
    fn operator_commands_open_read_write_without_creating() {
        assert_eq!(refusing_to_create("sqlite://k.db", Missing::Refuse), "sqlite://k.db?mode=rw");
        assert_eq!(refusing_to_create("sqlite://k.db?x=1", Missing::Refuse), "sqlite://k.db?x=1&mode=rw");
        assert_eq!(refusing_to_create("sqlite://k.db?mode=ro", Missing::Refuse), "sqlite://k.db?mode=ro");
        assert_eq!(refusing_to_create("sqlite://k.db", Missing::Create), "sqlite://k.db");
    }
}

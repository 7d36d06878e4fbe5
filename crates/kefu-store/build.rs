//! `sqlx::migrate!` embeds `migrations/` when this crate compiles, but on stable Rust it
//! cannot ask Cargo to watch the directory: a new migration file would not be embedded
//! until something else in the crate changed (sqlx's documentation recommends this script).
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}

//! kefu's storage: one [`Store`] over SQLite (the embedded default) or PostgreSQL (for
//! several instances on one database).
//!
//! Both backends run the same SQL text: the two schemas are kept column for column
//! identical (integers for flags and instants, text for the rest; a test compares them),
//! placeholders are `$N` (which SQLite accepts too), and the few dialect differences live
//! in [`Backend`]. Correctness never rests on in-process state: uniqueness is enforced by
//! constraints, and rules that span rows (the last administrator) by row locks taken
//! inside transactions, so any number of instances may share one PostgreSQL database.
//!
//! The crate is two layers: the `engine` (connections, the writer thread, batching,
//! checkpoints, and the two doors — read and write — every query goes through), and one
//! module per aggregate with its record types beside its queries.

mod engine;
mod error;

mod agents;
mod api_keys;
mod audit;
mod console_sessions;
mod customers;
mod fields;
mod groups;
mod permissions;
mod presence;
mod request_ids;
mod roster;
mod schedules;
mod signins;
mod tenants;
mod tickets;

pub use agents::{AgentListFilter, AgentOrder, AgentRecord, LoginRecord};
pub use api_keys::{ApiKeyRecord, TokenLogin};
pub use audit::{AuditEntry, AuditFilter, AuditRecord};
pub use console_sessions::{ConsoleSessionRecord, NewConsoleSession};
pub use customers::{
    CompanyRecord, ContactRecord, CustomFieldRecord, CustomerGroupRecord, CustomerListFilter, CustomerOrder,
};
pub use engine::{
    Backend, CopiedTable, CopyProgress, CopyReport, SchemaColumn, Store, StoreOptions, StoreStats, backup_sqlite,
    redact, restore_sqlite, sqlite_file,
};
pub use error::{StoreError, UniqueConstraint};
pub use fields::{FieldChanges, FieldRecord};
pub use groups::GroupRecord;
pub use presence::{PresenceChange, ReplaceStates, SetPresence};
pub use request_ids::{RequestAnswer, RequestIdRecord, RequestKey, Reservation};
pub use roster::{BoardEntry, RosterEntry, RosterFilter};
pub use schedules::{BatchOutcome, Deletion, ScheduleRecord};
pub use signins::{AttachmentRecord, SignInFilter, SignInRecord};
pub use tenants::{HelpdeskChange, NewTenant, TenantAdmin, TenantSettings};
pub use tickets::{
    DeskCounts, NewTicketRow, RECENT_REPLIES, ReplyRecord, TemplateRecord, TemplateRow, TicketEventRecord,
    TicketFields, TicketListFilter, TicketOrder, TicketRecord, TicketSearchRequest, TicketUpdate,
};

/// A page of rows and the number of rows matching in all.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub rows: Vec<T>,
    pub total: u64,
}

/// `LIMIT` / `OFFSET` of a page.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    pub limit: u64,
    pub offset: u64,
}

impl From<kefu_domain::paging::PageRequest> for Window {
    fn from(page: kefu_domain::paging::PageRequest) -> Self {
        Window { limit: page.per_page, offset: page.offset() }
    }
}

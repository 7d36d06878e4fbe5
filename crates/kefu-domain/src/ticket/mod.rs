//! Tickets (工单): the codes of the spec, the status machine and its timestamps, automatic
//! closing, who sees and changes what, replies and internal notes, templates, the
//! commands that create and change a ticket, its history, and the search syntax.

pub mod access;
pub mod codes;
pub mod command;
pub mod content;
pub mod desk;
pub mod history;
pub mod reply;
pub mod search;
pub mod status;
pub mod system_fields;
pub mod template;

pub use access::{Caller, Denied, Parties, Scope, TicketAction};
pub use codes::{CreatorType, Priority, TicketSource, TicketStatus, TicketType};
pub use command::{NewTicket, TicketPatch};
pub use content::{Description, Subject};
pub use desk::DeskView;
pub use reply::{NewReply, ReplyType};
pub use status::{AutoCloseDays, StatusActor, StatusTimes};

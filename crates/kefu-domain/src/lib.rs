//! kefu's rules, free of I/O: values that parse on construction (so the rest of the
//! server never handles an unchecked string), the limits they enforce, and the pure
//! decisions (paging, time filters, search syntax, who may change what) — for agents,
//! customers (`customer`) and tickets (`ticket`).

pub mod agent;
pub mod api_key;
pub mod custom_field;
pub mod customer;
pub mod field;
pub mod group;
pub mod ids;
/// Every limit, in one place: a crate of its own, so that the request shapes (kefu-api)
/// read the same constants without depending on the rules.
pub use kefu_limits as limits;
pub mod paging;
pub mod password;
pub mod presence;
pub mod request_id;
pub mod schedule;
pub mod search;
pub mod signin;
pub mod tags;
pub mod text;
pub mod ticket;
pub mod time;
pub mod weburl;

pub use field::{FieldError, Problems};
pub use ids::{AgentId, CompanyId, ContactId, CustomerGroupId, GroupId, ReplyId, TemplateId, TenantId, TicketId};

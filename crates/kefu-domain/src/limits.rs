//! Every limit kefu enforces, in one place: the checks and their error messages both read
//! these constants, so a message can never state a different limit than the one checked.

/// Login (`sPassportName`), in characters.
pub const MAX_PASSPORT_NAME_CHARS: usize = 64;
/// Agent name, in characters.
pub const MAX_NAME_CHARS: usize = 64;
/// Job number (`sNum`), in characters.
pub const MAX_SNUM_CHARS: usize = 32;
/// E-mail address, in characters (RFC 5321's path limit).
pub const MAX_EMAIL_CHARS: usize = 254;
/// Landline (`fixnumber`), in characters.
pub const MAX_FIXNUMBER_CHARS: usize = 32;
/// Passwords, in characters. The upper bound keeps hashing cost bounded.
pub const MIN_PASSWORD_CHARS: usize = 6;
pub const MAX_PASSWORD_CHARS: usize = 128;
/// Support group name, in characters.
pub const MAX_GROUP_NAME_CHARS: usize = 64;
/// Groups one agent may belong to.
pub const MAX_GROUPS_PER_AGENT: usize = 100;

/// Page size: the developer guide's default and advised maximum.
pub const DEFAULT_PER_PAGE: u64 = 100;
pub const MAX_PER_PAGE: u64 = 100;
/// The seed: a search by mobile number pages by 10.
pub const MOBILE_SEARCH_PER_PAGE: u64 = 10;
/// Highest page number accepted; keeps offsets far from integer overflow.
pub const MAX_PAGE: u64 = 1_000_000_000;

/// Ids in one `show_many` call.
pub const MAX_SHOW_MANY_IDS: usize = 100;
/// Characters in a search `query`.
pub const MAX_SEARCH_QUERY_CHARS: usize = 100;

/// Request bodies, in bytes (1 MiB).
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// A service state's name (`plate_service_state.state`), in characters.
pub const MAX_STATE_NAME_CHARS: usize = 20;
/// Service states one plate (功能模块) may have.
pub const MAX_STATES_PER_PLATE: usize = 20;

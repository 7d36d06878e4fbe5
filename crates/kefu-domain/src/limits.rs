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

/// Custom field definitions per tenant.
pub const MAX_FIELD_DEFINITIONS: usize = 100;
/// A custom field's title, in characters.
pub const MAX_FIELD_TITLE_CHARS: usize = 64;
/// Choices of a dropdown or multiselect field, and the length of each.
pub const MAX_FIELD_OPTIONS: usize = 200;
pub const MAX_OPTION_CHARS: usize = 64;
/// A regexp field's pattern, in characters.
pub const MAX_PATTERN_CHARS: usize = 500;
/// A cascade field's option tree.
pub const MAX_CASCADE_DEPTH: usize = 5;
pub const MAX_CASCADE_NODES: usize = 1000;
/// Single-line text (and regexp) values; multi-line text values.
pub const MAX_TEXT_FIELD_CHARS: usize = 255;
pub const MAX_TEXTAREA_CHARS: usize = 5000;
/// Digits of a positive-integer value; of a decimal value's whole part.
pub const MAX_INTEGER_DIGITS: usize = 18;
pub const MAX_DECIMAL_INTEGER_DIGITS: usize = 15;
/// Files in one attachment field, and their names and URLs.
pub const MAX_ATTACHMENTS_PER_FIELD: usize = 10;
pub const MAX_FILE_NAME_CHARS: usize = 255;
pub const MAX_URL_CHARS: usize = 2048;

/// An API key's name, in characters.
pub const MAX_KEY_NAME_CHARS: usize = 64;
/// Seconds an OAuth2 access token lives (the developer guide's `expires_in`).
pub const DEFAULT_TOKEN_TTL_SECONDS: u64 = 3600;
/// Bytes of a token request's body (a form with three short fields).
pub const MAX_TOKEN_REQUEST_BYTES: usize = 16 * 1024;

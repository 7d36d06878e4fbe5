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

/// Sign-in remark (签到备注), in characters: the seed's 140, every character counting one.
pub const MAX_SIGNIN_REMARK_CHARS: usize = 140;
/// Attachments of one sign-in: the seed's 9.
pub const MAX_SIGNIN_ATTACHMENTS: usize = 9;
/// Tags of one sign-in, and the characters of one tag.
pub const MAX_SIGNIN_TAGS: usize = 20;
pub const MAX_SIGNIN_TAG_CHARS: usize = 32;
/// An attachment's `fileName`, in characters.
pub const MAX_FILE_NAME_CHARS: usize = 255;
/// A URL (`fileUrl`, a schedule's `url`), in characters.
pub const MAX_URL_CHARS: usize = 2048;
/// A sign-in's `address` and `landmark`, in characters.
pub const MAX_ADDRESS_CHARS: usize = 255;
/// A `latitude` or `longitude` as text, in characters.
pub const MAX_COORDINATE_CHARS: usize = 32;
/// How far ahead of the server's clock a `checkinTime` may be (devices' clocks drift).
pub const MAX_CHECKIN_AHEAD_SECS: i64 = 24 * 60 * 60;

/// A schedule's (排班) `name`, in characters: the seed's 30.
pub const MAX_SCHEDULE_NAME_CHARS: usize = 30;
/// A schedule's `remark`, in characters.
pub const MAX_SCHEDULE_REMARK_CHARS: usize = 255;
/// Schedules created by one `POST /schedules.json`, all entries together.
pub const MAX_SCHEDULES_PER_BATCH: usize = 500;
/// Contacts created by one `POST /users/batch.json` (the import's batch; the body limit
/// below bounds it too).
pub const MAX_CONTACTS_PER_BATCH: usize = 500;

/// Companies one `POST /companies/batch.json` creates at most (all or none), as contacts.
pub const MAX_COMPANIES_PER_BATCH: usize = 500;
/// Days one `GET /schedules.json` may span (`startDT` to `endDT`, both included).
pub const MAX_SCHEDULE_RANGE_DAYS: i64 = 31;
/// Schedules one `GET /schedules.json` may answer; more is a 400 asking to narrow it.
pub const MAX_SCHEDULES_PER_LIST: usize = 50_000;

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
/// Files in one attachment field (names and URLs are bounded as a sign-in's).
pub const MAX_ATTACHMENTS_PER_FIELD: usize = 10;

/// An API key's name, in characters.
pub const MAX_KEY_NAME_CHARS: usize = 64;
/// Seconds an OAuth2 access token lives (the developer guide's `expires_in`).
pub const DEFAULT_TOKEN_TTL_SECONDS: u64 = 3600;
/// Bytes of a token request's body (a form with three short fields).
pub const MAX_TOKEN_REQUEST_BYTES: usize = 16 * 1024;

/// A service state's name (`plate_service_state.state`), in characters.
pub const MAX_STATE_NAME_CHARS: usize = 20;
/// Service states one plate (功能模块) may have.
pub const MAX_STATES_PER_PLATE: usize = 20;

/// A console (/console/) session unused this long ends (idle timeout).
pub const CONSOLE_IDLE_TIMEOUT_SECONDS: i64 = 30 * 60;
/// A console session ends this long after sign-in, however active.
pub const CONSOLE_SESSION_MAX_SECONDS: i64 = 12 * 60 * 60;
/// Agents one page of the console's presence board shows (it counts all of them).
pub const CONSOLE_BOARD_PER_PAGE: usize = 100;
/// Agents one page of the console's week of shifts shows.
pub const CONSOLE_WEEK_PER_PAGE: usize = 50;
/// Suggestions one keystroke in a console agent picker brings at most.
pub const CONSOLE_PICKER_SUGGESTIONS: u64 = 20;

// ── Customers (客户) ───────────────────────────────────────────────────────────────────
// Contacts use the stored lengths the hosted service's schema shows (name 30, mobile 30,
// position 45, QQ 20, email 45, note 245); the spec gives none for companies, so theirs
// are kefu's choice (docs/compat.md).

/// A company's name (`companyName`), in characters.
pub const MAX_COMPANY_NAME_CHARS: usize = 100;
/// A company's remark (`serveNote`), in characters; line breaks allowed.
pub const MAX_COMPANY_NOTE_CHARS: usize = 1000;
/// A company's website (`userURL`), in characters.
pub const MAX_WEBSITE_CHARS: usize = 255;
/// `serviceaccount` and `servicepassword`, in characters.
pub const MAX_SERVICE_ACCOUNT_CHARS: usize = 64;
/// `province` and `city`, in characters (`address` uses MAX_ADDRESS_CHARS).
pub const MAX_REGION_CHARS: usize = 64;
/// Whole-part digits of `serviceCharge` (a balance with at most 2 decimals).
pub const MAX_SERVICE_CHARGE_DIGITS: usize = 13;
/// Support groups serving one company (`service_groupid`).
pub const MAX_SERVICE_GROUPS_PER_COMPANY: usize = 100;

/// A contact's `name`, in characters.
pub const MAX_CONTACT_NAME_CHARS: usize = 30;
/// A contact's `mobile`, in characters.
pub const MAX_CONTACT_MOBILE_CHARS: usize = 30;
/// A contact's `email`, in characters.
pub const MAX_CONTACT_EMAIL_CHARS: usize = 45;
/// A contact's `position` (职位), in characters.
pub const MAX_CONTACT_POSITION_CHARS: usize = 45;
/// A contact's `QQ`, in characters.
pub const MAX_CONTACT_QQ_CHARS: usize = 20;
/// A contact's `note`, in characters; line breaks allowed.
pub const MAX_CONTACT_NOTE_CHARS: usize = 245;
/// Remote ids (`uniqueIds`) of one contact, the characters of one, and of its note.
pub const MAX_UNIQUE_IDS_PER_CONTACT: usize = 10;
pub const MAX_UNIQUE_ID_CHARS: usize = 64;
pub const MAX_UNIQUE_ID_NOTE_CHARS: usize = 64;
/// A customer group's name (`groupName`), in characters.
pub const MAX_CUSTOMER_GROUP_NAME_CHARS: usize = 64;
/// Customer groups one contact may belong to (`userGroup`, comma-separated).
pub const MAX_GROUPS_PER_CONTACT: usize = 50;

/// Tags of one company, contact or ticket (`tableName`, `tagList`), and the characters of
/// one tag.
pub const MAX_TAGS: usize = 20;
pub const MAX_TAG_CHARS: usize = 32;

// ── Tickets (工单) ────────────────────────────────────────────────────────────────────

/// A ticket's `subject`, in characters: the spec's 100.
pub const MAX_SUBJECT_CHARS: usize = 100;
/// A description (`descript`) or reply (`replyMsg`), in characters. Well under the 1 MiB
/// body limit even for three-byte characters.
pub const MAX_REPLY_CHARS: usize = 100_000;
/// Agents and groups copied on one ticket (`ccUserIdList`, `ccGroupIdList`).
pub const MAX_CC_AGENTS: usize = 50;
pub const MAX_CC_GROUPS: usize = 20;
/// Days after which a solved ticket closes itself (status 5): the default, and the most a
/// company may set. 0 turns automatic closing off.
pub const DEFAULT_AUTO_CLOSE_DAYS: u32 = 3;
pub const MAX_AUTO_CLOSE_DAYS: u32 = 365;

/// `per_page` of `tickets/search.json`: real clients ask for 1,000 and 5,000 a page (the
/// hosted service failed at 10,000).
pub const MAX_TICKET_SEARCH_PER_PAGE: u64 = 5_000;
/// A ticket search `query`, in characters, and the terms it may hold.
pub const MAX_TICKET_QUERY_CHARS: usize = 500;
pub const MAX_TICKET_QUERY_TERMS: usize = 20;
/// Values of one `field:a,b,c` term.
pub const MAX_VALUES_PER_TERM: usize = 100;
/// Substring terms (free text, `subject:`, `descript:`, `field_N:`) shorter than this
/// cannot use the trigram indexes, so they need an exact term beside them to narrow the
/// search (otherwise every ticket and reply of the company would be read).
pub const MIN_UNNARROWED_SUBSTRING_CHARS: usize = 3;
/// Replies `show` answers with (the most recent ones).
pub const LATEST_REPLIES_SHOWN: usize = 50;

/// A template's name and description (`ticketTemplateName`, `ticketTemplateDescription`).
pub const MAX_TEMPLATE_NAME_CHARS: usize = 64;
pub const MAX_TEMPLATE_DESCRIPTION_CHARS: usize = 500;
/// Groups or agents a template is visible to (`servicerGroupId`, `servicerId`).
pub const MAX_TEMPLATE_AUDIENCE: usize = 100;
/// Custom fields attached to one template.
pub const MAX_TEMPLATE_FIELDS: usize = 100;

// ── Custom fields of companies, contacts and tickets ──────────────────────────────────

/// Columns of a table field (type 11), and rows of one value.
pub const MAX_TABLE_COLUMNS: usize = 20;
pub const MAX_TABLE_ROWS: usize = 100;
/// A star-rating field (type 13) takes 1 to this many stars.
pub const MAX_STARS: u32 = 5;
/// Groups or agents named in a field's read-only range (`readonly_support`).
pub const MAX_READONLY_AUDIENCE: usize = 100;

// ── Idempotency (`Requestid`) ─────────────────────────────────────────────────────────

/// A `Requestid` header, in characters.
pub const MAX_REQUEST_ID_CHARS: usize = 128;
/// How long a request id is remembered: a retry later than this is a new request.
pub const REQUEST_ID_RETENTION_SECONDS: i64 = 24 * 60 * 60;
/// A first request still "running" after this long was lost (its instance stopped between
/// reserving the id and recording the answer): a repeat is then run as a new request.
/// Well above any request's time limit, so a live request is never overtaken.
pub const REQUEST_ID_ABANDONED_SECONDS: i64 = 10 * 60;

//! The agent (客服): its field values, parsed on construction, and the rules about who
//! may change what.

use crate::custom_field::FieldValue;
use crate::ids::{AgentId, GroupId};
use crate::limits::*;
use crate::password::Password;
use unicode_normalization::UnicodeNormalization;

use crate::text::{
    check_length, check_no_control, check_no_whitespace, check_trimmed, check_visible, checked_string,
    empty_by_default, is_storable,
};

/// The login (`sPassportName`). Any script is allowed (the seed shows `张三`), in its NFKC
/// form — so that look-alikes such as fullwidth `ＡＤＭＩＮ` are the login `ADMIN` and cannot
/// pose as another — with no whitespace, no invisible or bidirectional control characters
/// (`agent\u{200b}_a`, `\u{202e}admin` would look like other logins), and no `:`, which
/// would make Basic Auth's `account:password` ambiguous.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PassportName(String);

impl PassportName {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let normalized: String = raw.nfkc().collect();
        check_length(&normalized, 1, MAX_PASSPORT_NAME_CHARS)?;
        check_no_whitespace(&normalized)?;
        check_visible(&normalized)?;
        if normalized.contains(':') {
            return Err("must not contain ':' (Basic Auth separates account and password with it)".to_owned());
        }
        Ok(PassportName(normalized))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }

    /// The key logins are unique and looked up by: case-insensitive, as the hosted
    /// service's MySQL collation makes them.
    pub fn login_key(&self) -> String {
        login_key(&self.0)
    }
}

/// The lookup key of a login as typed by a client: its NFKC form, lower-cased.
pub fn login_key(raw: &str) -> String {
    raw.nfkc().collect::<String>().to_lowercase()
}

/// Whether a lookup key could belong to a stored login at all: keys with a NUL byte (which
/// PostgreSQL cannot store or compare) or far longer than any login never do, and are not
/// worth a database query.
pub fn could_be_login(key: &str) -> bool {
    !key.is_empty() && is_storable(key) && key.chars().count() <= 4 * MAX_PASSPORT_NAME_CHARS
}

checked_string!(
    /// The job number (`sNum`), unique within a tenant.
    JobNumber,
    |raw| {
        check_length(raw, 1, MAX_SNUM_CHARS)?;
        check_no_whitespace(raw)?;
    }
);

checked_string!(
    /// The agent's display name; may be empty.
    AgentName,
    |raw| {
        check_length(raw, 0, MAX_NAME_CHARS)?;
        check_no_control(raw)?;
        check_trimmed(raw)?;
    }
);

checked_string!(
    /// An e-mail address, or empty for none.
    Email,
    |raw| {
        if !raw.is_empty() {
            check_length(raw, 0, MAX_EMAIL_CHARS)?;
            check_email(raw)?;
        }
    }
);

checked_string!(
    /// A mobile number, or empty for none: 11 digits starting with 1 (mainland China),
    /// or `+` and 6 to 15 digits (E.164).
    Mobile,
    |raw| {
        if !raw.is_empty() && !is_mainland_mobile(raw) && !is_e164(raw) {
            return Err(format!(
                "must be an 11-digit mobile number starting with 1 (e.g. 13039209552) or + and 6 to 15 digits, got {raw:?}"
            ));
        }
    }
);

checked_string!(
    /// A landline (`fixnumber`), or empty: digits with `-`, `+`, spaces, `(`, `)`, `,`.
    FixNumber,
    |raw| {
        if !raw.is_empty() {
            check_length(raw, 0, MAX_FIXNUMBER_CHARS)?;
            let allowed = |c: char| c.is_ascii_digit() || "-+ (),".contains(c);
            let digits = raw.chars().filter(char::is_ascii_digit).count();
            if !raw.chars().all(allowed) || digits < 3 {
                return Err(format!(
                    "must be a phone number such as 010-63701717-8280 (digits, -, +, spaces, parentheses), got {raw:?}"
                ));
            }
        }
    }
);

checked_string!(
    /// A QQ number, or empty: 5 to 11 digits, not starting with 0.
    QqNumber,
    |raw| {
        let ok = raw.is_empty()
            || ((5..=11).contains(&raw.len())
                && raw.bytes().all(|b| b.is_ascii_digit())
                && !raw.starts_with('0'));
        if !ok {
            return Err(format!("must be 5 to 11 digits not starting with 0, got {raw:?}"));
        }
    }
);

empty_by_default!(AgentName, Email, Mobile, FixNumber, QqNumber);

pub(crate) fn check_email(raw: &str) -> Result<(), String> {
    let bad = || Err(format!("must be an e-mail address such as name@example.com, got {raw:?}"));
    if raw.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return bad();
    }
    let Some((local, domain)) = raw.split_once('@') else {
        return bad();
    };
    let labels_ok = domain
        .split('.')
        .all(|label| !label.is_empty() && !label.starts_with('-') && !label.ends_with('-') && !label.contains('@'));
    if local.is_empty() || local.chars().count() > 64 || !domain.contains('.') || !labels_ok {
        return bad();
    }
    Ok(())
}

pub(crate) fn is_mainland_mobile(raw: &str) -> bool {
    raw.len() == 11 && raw.starts_with('1') && raw.bytes().all(|b| b.is_ascii_digit())
}

pub(crate) fn is_e164(raw: &str) -> bool {
    raw.strip_prefix('+')
        .is_some_and(|digits| (6..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()))
}

/// `gnder`: 1 is female (the default), 2 is male.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Gender {
    #[default]
    Female = 1,
    Male = 2,
}

impl Gender {
    pub fn parse(raw: &str) -> Result<Self, String> {
        match raw {
            "1" => Ok(Gender::Female),
            "2" => Ok(Gender::Male),
            _ => Err(format!("must be \"1\" (female) or \"2\" (male), got {raw:?}")),
        }
    }

    pub fn from_code(code: i64) -> Self {
        if code == 2 { Gender::Male } else { Gender::Female }
    }

    pub fn code(self) -> i64 {
        self as i64
    }
}

/// `isAdmin`: "0" or "1".
pub fn parse_admin_flag(raw: &str) -> Result<bool, String> {
    match raw {
        "0" => Ok(false),
        "1" => Ok(true),
        _ => Err(format!("must be \"0\" (agent) or \"1\" (administrator), got {raw:?}")),
    }
}

/// `isStat`: where the agent stands in the back office.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgentStatus {
    /// 0 — hidden, in the recycle bin; cannot sign in, can be restored.
    RecycleBin = 0,
    /// 1 — active (在职).
    Active = 1,
    /// 2 — deleted from the recycle bin; invisible to the API from then on.
    Deleted = 2,
}

impl AgentStatus {
    pub fn from_code(code: i64) -> Self {
        match code {
            0 => AgentStatus::RecycleBin,
            1 => AgentStatus::Active,
            _ => AgentStatus::Deleted,
        }
    }

    pub fn code(self) -> i64 {
        self as i64
    }

    /// What `PUT /servicers/{sId}.json` accepts: hide (0) or restore (1).
    pub fn parse_visibility(raw: &str) -> Result<Self, String> {
        match raw {
            "0" => Ok(AgentStatus::RecycleBin),
            "1" => Ok(AgentStatus::Active),
            _ => Err(format!("must be \"0\" (hide in the recycle bin) or \"1\" (restore), got {raw:?}")),
        }
    }
}

/// `groupId`: a comma-separated list of support-group ids, possibly empty.
pub fn parse_group_ids(raw: &str) -> Result<Vec<GroupId>, String> {
    if raw.trim().is_empty() {
        return Ok(Vec::new());
    }
    let mut ids: Vec<GroupId> = Vec::new();
    for token in raw.split(',') {
        let id = GroupId::parse(token.trim())
            .map_err(|_| format!("must be comma-separated group ids such as \"123,234\"; {token:?} is not an id"))?;
        if ids.contains(&id) {
            return Err(format!("lists group {id} twice"));
        }
        ids.push(id);
    }
    if ids.len() > MAX_GROUPS_PER_AGENT {
        return Err(format!("an agent may belong to at most {MAX_GROUPS_PER_AGENT} groups, got {}", ids.len()));
    }
    ids.sort();
    Ok(ids)
}

/// A new agent, every field checked.
#[derive(Debug, Clone)]
pub struct NewAgent {
    pub passport_name: PassportName,
    /// None: the tenant's default agent password applies.
    pub password: Option<Password>,
    pub job_number: JobNumber,
    pub name: AgentName,
    pub gender: Gender,
    pub email: Email,
    pub fixnumber: FixNumber,
    pub mobile: Mobile,
    pub qq: QqNumber,
    pub is_admin: bool,
    pub groups: Vec<GroupId>,
    /// Checked custom field values, by field number.
    pub custom_fields: Vec<(i64, FieldValue)>,
}

impl NewAgent {
    /// An agent with only the required fields, every other one at its default.
    pub fn new(passport_name: PassportName, job_number: JobNumber) -> Self {
        NewAgent {
            passport_name,
            password: None,
            job_number,
            name: AgentName::default(),
            gender: Gender::default(),
            email: Email::default(),
            fixnumber: FixNumber::default(),
            mobile: Mobile::default(),
            qq: QqNumber::default(),
            is_admin: false,
            groups: Vec::new(),
            custom_fields: Vec::new(),
        }
    }
}

/// A partial update: `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct AgentPatch {
    pub password: Option<Password>,
    pub job_number: Option<JobNumber>,
    pub name: Option<AgentName>,
    pub gender: Option<Gender>,
    pub email: Option<Email>,
    pub fixnumber: Option<FixNumber>,
    pub mobile: Option<Mobile>,
    pub qq: Option<QqNumber>,
    pub is_admin: Option<bool>,
    pub groups: Option<Vec<GroupId>>,
    /// Custom field values to set (Some) or clear (None), merged by field number.
    pub custom_fields: Vec<(i64, Option<FieldValue>)>,
}

/// Who is asking, as far as the rules care.
#[derive(Debug, Clone, Copy)]
pub struct Actor {
    pub agent: AgentId,
    pub is_admin: bool,
}

/// The seed lets every agent call `PUT /supports/{id}.json`; kefu narrows it so that a
/// non-administrator changes only their own record and never the fields that grant
/// power or identity (`isAdmin`, `groupId`, `sNum`). `current` is the target's stored
/// state, so resending an unchanged value is not an attempt to change it.
pub fn authorize_patch(
    actor: Actor,
    target: AgentId,
    patch: &AgentPatch,
    current: &CurrentPrivileges,
) -> Result<(), String> {
    if actor.is_admin {
        return Ok(());
    }
    if actor.agent != target {
        return Err("only an administrator may change another agent's record".to_owned());
    }
    let mut refused = Vec::new();
    if patch.is_admin.is_some_and(|v| v != current.is_admin) {
        refused.push("isAdmin");
    }
    if patch.groups.as_ref().is_some_and(|g| *g != current.groups) {
        refused.push("groupId");
    }
    if patch.job_number.as_ref().is_some_and(|n| n.as_str() != current.job_number) {
        refused.push("sNum");
    }
    if refused.is_empty() { Ok(()) } else { Err(format!("only an administrator may change {}", refused.join(", "))) }
}

/// The stored values `authorize_patch` compares against.
#[derive(Debug, Clone)]
pub struct CurrentPrivileges {
    pub is_admin: bool,
    pub groups: Vec<GroupId>,
    pub job_number: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passport_names_allow_chinese_but_not_colons_or_spaces() {
        assert!(PassportName::parse("张三").is_ok());
        assert!(PassportName::parse("13039209552").is_ok());
        assert!(PassportName::parse("a:b").is_err());
        assert!(PassportName::parse("a b").is_err());
        assert!(PassportName::parse("").is_err());
        assert!(PassportName::parse(&"x".repeat(MAX_PASSPORT_NAME_CHARS + 1)).is_err());
        assert_eq!(PassportName::parse("AdMin").map(|p| p.login_key()), Ok("admin".to_owned()));
    }

    #[test]
    fn look_alike_logins_are_normalised_or_refused() {
        assert_eq!(PassportName::parse("ＡＤＭＩＮ").map(PassportName::into_string), Ok("ADMIN".to_owned()));
        assert_eq!(login_key("ＡＤＭＩＮ"), "admin");
        for bad in ["agent\u{200b}_a", "\u{202e}admin", "ad\u{2066}min", "a\u{feff}", "a\u{00ad}b", "a：b"] {
            assert!(PassportName::parse(bad).is_err(), "{bad:?} should be refused");
        }
        assert!(could_be_login("admin"));
        assert!(!could_be_login("ad\u{0}min"));
        assert!(!could_be_login(""));
    }

    #[test]
    fn names_refuse_bidirectional_controls() {
        assert!(AgentName::parse("张三").is_ok());
        assert!(AgentName::parse("\u{202e}nimda").is_err());
        assert!(AgentName::parse("a\u{2067}b").is_err());
    }

    #[test]
    fn emails() {
        for ok in ["", "601100987@gnway.com", "a.b+c@mail.example.cn"] {
            assert!(Email::parse(ok).is_ok(), "{ok}");
        }
        for bad in ["a", "a@b", "@b.com", "a@b..com", "a b@c.com", "a@-b.com", "a@b@c.com"] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn mobiles() {
        for ok in ["", "13039209552", "+8613039209552", "+441234567"] {
            assert!(Mobile::parse(ok).is_ok(), "{ok}");
        }
        for bad in ["1303920955", "23039209552", "130392095521", "+12345", "phone", "130-3920-9552"] {
            assert!(Mobile::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn landlines_and_qq() {
        assert!(FixNumber::parse("010-63701717-8280").is_ok());
        assert!(FixNumber::parse("(010) 6370 1717").is_ok());
        assert!(FixNumber::parse("call me").is_err());
        assert!(QqNumber::parse("601100987").is_ok());
        assert!(QqNumber::parse("0123456").is_err());
        assert!(QqNumber::parse("1234").is_err());
    }

    #[test]
    fn gender_and_flags() {
        assert_eq!(Gender::parse("2"), Ok(Gender::Male));
        assert!(Gender::parse("3").is_err());
        assert!(Gender::parse("0").is_err());
        assert_eq!(parse_admin_flag("1"), Ok(true));
        assert!(parse_admin_flag("2").is_err());
        assert!(AgentStatus::parse_visibility("2").is_err());
    }

    #[test]
    fn group_lists() {
        assert_eq!(parse_group_ids(""), Ok(vec![]));
        assert_eq!(parse_group_ids("234,123"), Ok(vec![GroupId(123), GroupId(234)]));
        assert!(parse_group_ids("1,,2").is_err());
        assert!(parse_group_ids("1,1").is_err());
        assert!(parse_group_ids("a").is_err());
    }

    fn privileges() -> CurrentPrivileges {
        CurrentPrivileges { is_admin: false, groups: vec![GroupId(1)], job_number: "007".into() }
    }

    #[test]
    fn non_admins_change_only_their_own_harmless_fields() {
        let me = Actor { agent: AgentId(5), is_admin: false };
        let name_only = AgentPatch { name: AgentName::parse("新名字").ok(), ..Default::default() };
        assert!(authorize_patch(me, AgentId(5), &name_only, &privileges()).is_ok());
        assert!(authorize_patch(me, AgentId(6), &name_only, &privileges()).is_err());

        let promote = AgentPatch { is_admin: Some(true), ..Default::default() };
        let err = authorize_patch(me, AgentId(5), &promote, &privileges()).unwrap_err();
        assert!(err.contains("isAdmin"), "{err}");

        let same_values = AgentPatch {
            is_admin: Some(false),
            groups: Some(vec![GroupId(1)]),
            job_number: JobNumber::parse("007").ok(),
            ..Default::default()
        };
        assert!(authorize_patch(me, AgentId(5), &same_values, &privileges()).is_ok());

        let admin = Actor { agent: AgentId(1), is_admin: true };
        assert!(authorize_patch(admin, AgentId(5), &promote, &privileges()).is_ok());
    }
}

//! Contacts (联系人, the hosted API's `user`): field values with the stored lengths of the
//! hosted service's schema, the rules that tie a contact to a company, and the keys exact
//! lookups (an incoming call, an e-mail) use.

use super::CustomerMode;
use crate::agent::{FixNumber, check_email, is_e164, is_mainland_mobile};
use crate::custom_field::FieldValue;
use crate::ids::{AgentId, CompanyId, CustomerGroupId, parse_id_list};
use crate::limits::*;
use crate::signin::check_multiline_text;
use crate::tags::Tags;
use crate::text::{
    check_length, check_no_control, check_no_whitespace, check_trimmed, checked_string, empty_by_default,
};
use crate::{FieldError, Problems};

checked_string!(
    /// `name`: up to `MAX_CONTACT_NAME_CHARS` characters on one line, no surrounding
    /// spaces; may be empty (a contact first known by a phone number).
    ContactName,
    |raw| {
        check_length(raw, 0, MAX_CONTACT_NAME_CHARS)?;
        check_no_control(raw)?;
        check_trimmed(raw)?;
    }
);

checked_string!(
    /// `mobile`: empty, 11 digits starting with 1 (mainland China), or `+` and 6 to 15
    /// digits — the agents' rule, within the contacts' stored length.
    ContactMobile,
    |raw| {
        check_length(raw, 0, MAX_CONTACT_MOBILE_CHARS)?;
        if !raw.is_empty() && !is_mainland_mobile(raw) && !is_e164(raw) {
            return Err(format!(
                "must be an 11-digit mobile number starting with 1 (e.g. 13039209552) or + and 6 to 15 digits, got {raw:?}"
            ));
        }
    }
);

checked_string!(
    /// `email`: empty or an address, at most `MAX_CONTACT_EMAIL_CHARS` characters.
    ContactEmail,
    |raw| {
        if !raw.is_empty() {
            check_length(raw, 0, MAX_CONTACT_EMAIL_CHARS)?;
            check_email(raw)?;
        }
    }
);

checked_string!(
    /// `position` (职位): one line, no surrounding spaces.
    Position,
    |raw| {
        check_length(raw, 0, MAX_CONTACT_POSITION_CHARS)?;
        check_no_control(raw)?;
        check_trimmed(raw)?;
    }
);

checked_string!(
    /// `QQ`: empty, or 5 to 11 digits not starting with 0 (the agents' rule).
    ContactQq,
    |raw| {
        check_length(raw, 0, MAX_CONTACT_QQ_CHARS)?;
        let ok = raw.is_empty()
            || ((5..=11).contains(&raw.len()) && raw.bytes().all(|b| b.is_ascii_digit()) && !raw.starts_with('0'));
        if !ok {
            return Err(format!("must be 5 to 11 digits not starting with 0, got {raw:?}"));
        }
    }
);

checked_string!(
    /// `note`: line breaks allowed.
    ContactNote,
    |raw| {
        check_length(raw, 0, MAX_CONTACT_NOTE_CHARS)?;
        check_multiline_text(raw)?;
    }
);

empty_by_default!(ContactName, ContactMobile, ContactEmail, Position, ContactQq, ContactNote);

/// The key a landline is looked up by: its digits only, so `010-63701717` and the
/// `01063701717` a telephone system reports find the same contact.
pub fn fixnumber_key(raw: &str) -> String {
    raw.chars().filter(char::is_ascii_digit).collect()
}

/// The key an e-mail address is looked up by: lower-cased.
pub fn email_key(raw: &str) -> String {
    raw.to_lowercase()
}

/// `state`: 1 employed (在职), 2 left (离职); the wire's 3 (deleted) is not a state one
/// sets but what DELETE does, so the state before deletion comes back on restore.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ContactState {
    #[default]
    Employed = 1,
    Left = 2,
}

impl ContactState {
    pub fn parse(raw: &str) -> Result<Self, String> {
        match raw {
            "1" => Ok(ContactState::Employed),
            "2" => Ok(ContactState::Left),
            "3" => Err("3 (deleted) is set by DELETE /users/{cId}.json, not by a write".to_owned()),
            _ => Err(format!("must be \"1\" (employed) or \"2\" (left), got {raw:?}")),
        }
    }

    pub fn from_code(code: i64) -> Self {
        if code == 2 { ContactState::Left } else { ContactState::Employed }
    }

    pub fn code(self) -> i64 {
        self as i64
    }

    /// The wire's `state`: 3 for a deleted contact, whatever it was before.
    pub fn wire_code(self, deleted: bool) -> i64 {
        if deleted { 3 } else { self.code() }
    }
}

/// One of a contact's ids in another system (`uniqueIds` on `_v2`), with a note saying
/// which (`微信`, `CRM`…). Unique within the company account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteId {
    pub id: String,
    pub note: String,
}

impl RemoteId {
    pub fn parse(id: &str, note: &str) -> Result<Self, String> {
        check_length(id, 1, MAX_UNIQUE_ID_CHARS).map_err(|e| format!("uniqueId {e}"))?;
        check_no_whitespace(id).map_err(|e| format!("uniqueId {e}"))?;
        check_length(note, 0, MAX_UNIQUE_ID_NOTE_CHARS).map_err(|e| format!("note {e}"))?;
        check_no_control(note).map_err(|e| format!("note {e}"))?;
        Ok(RemoteId { id: id.to_owned(), note: note.to_owned() })
    }
}

/// A contact's remote ids, in the order given; the first is the one the old endpoints
/// show as `uniqueId`.
pub fn check_remote_ids(ids: Vec<RemoteId>) -> Result<Vec<RemoteId>, String> {
    if ids.len() > MAX_UNIQUE_IDS_PER_CONTACT {
        return Err(format!("may hold at most {MAX_UNIQUE_IDS_PER_CONTACT} ids, got {}", ids.len()));
    }
    for (i, remote) in ids.iter().enumerate() {
        if ids[..i].iter().any(|earlier| earlier.id == remote.id) {
            return Err(format!("lists {:?} twice", remote.id));
        }
    }
    Ok(ids)
}

/// `default`: "1" makes the contact its company's default contact, "0" not.
pub fn parse_default_flag(raw: &str) -> Result<bool, String> {
    match raw {
        "0" => Ok(false),
        "1" => Ok(true),
        _ => Err(format!("must be \"1\" (the company's default contact) or \"0\", got {raw:?}")),
    }
}

/// A contact's `userGroup`: contact groups (type 2), comma-separated.
pub fn parse_contact_groups(raw: &str) -> Result<Vec<CustomerGroupId>, String> {
    parse_id_list(raw, MAX_GROUPS_PER_CONTACT, CustomerGroupId::parse)
}

/// A contact must be reachable: a mobile number or a landline (the spec: "on create one of
/// mobile or fixnumber is required"), and an update may not take away the last one.
pub fn check_reachable(mobile: &str, fixnumber: &str) -> Result<(), FieldError> {
    if mobile.is_empty() && fixnumber.is_empty() {
        return Err(FieldError::new("mobile", "a contact needs a mobile number or a landline (fixnumber)"));
    }
    Ok(())
}

/// The company rules of the account's mode, for a contact's company and `default` flag as
/// they will be stored: in 2B a new contact names its company (one of the account's live
/// companies — the use case checks that); in 2C contacts have no company and no default;
/// in either, only a contact with a company can be its default contact.
pub fn check_company_rules(
    mode: CustomerMode,
    company: Option<CompanyId>,
    is_default: bool,
    creating: bool,
) -> Result<(), Vec<FieldError>> {
    let mut problems = Problems::new();
    match (mode, company) {
        (CustomerMode::Business, None) if creating => {
            problems
                .push(FieldError::new("companyId", "is required: in a 2B account every contact belongs to a company"));
        }
        (CustomerMode::Consumer, Some(_)) => {
            problems.push(FieldError::new("companyId", "is not used: a 2C account has no companies"));
        }
        _ => {}
    }
    if is_default && company.is_none() && !(mode == CustomerMode::Business && creating) {
        problems.push(FieldError::new("default", "only a contact of a company can be its default contact"));
    }
    problems.into_result()
}

/// Whether a contact is its company's default after an update: a contact that moves to
/// another company stops being the old one's default unless the update says otherwise.
pub fn default_after(current_default: bool, company_changed: bool, requested: Option<bool>) -> bool {
    match requested {
        Some(requested) => requested,
        None => current_default && !company_changed,
    }
}

/// A new contact, every field checked.
#[derive(Debug, Clone, Default)]
pub struct NewContact {
    pub name: ContactName,
    pub mobile: ContactMobile,
    pub fixnumber: FixNumber,
    pub email: ContactEmail,
    pub position: Position,
    pub state: ContactState,
    pub qq: ContactQq,
    pub note: ContactNote,
    pub company: Option<CompanyId>,
    pub remote_ids: Vec<RemoteId>,
    /// `supportId`; None: the creating agent.
    pub support: Option<AgentId>,
    pub is_default: bool,
    pub groups: Vec<CustomerGroupId>,
    pub tags: Tags,
    pub custom_fields: Vec<(i64, FieldValue)>,
}

impl NewContact {
    /// The checks that span fields: reachable, and the company rules of `mode`.
    pub fn check(&self, mode: CustomerMode) -> Result<(), Vec<FieldError>> {
        let mut problems = Problems::new();
        if let Err(e) = check_reachable(self.mobile.as_str(), self.fixnumber.as_str()) {
            problems.push(e);
        }
        if let Err(errors) = check_company_rules(mode, self.company, self.is_default, true) {
            errors.into_iter().for_each(|e| problems.push(e));
        }
        problems.into_result()
    }
}

/// A partial update: `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct ContactPatch {
    pub name: Option<ContactName>,
    pub mobile: Option<ContactMobile>,
    pub fixnumber: Option<FixNumber>,
    pub email: Option<ContactEmail>,
    pub position: Option<Position>,
    pub state: Option<ContactState>,
    pub qq: Option<ContactQq>,
    pub note: Option<ContactNote>,
    /// A contact moves to another company; it cannot be taken out of one (in 2B every
    /// contact has one; in 2C none has).
    pub company: Option<CompanyId>,
    pub remote_ids: Option<Vec<RemoteId>>,
    pub support: Option<AgentId>,
    pub is_default: Option<bool>,
    pub groups: Option<Vec<CustomerGroupId>>,
    pub tags: Option<Tags>,
    pub custom_fields: Vec<(i64, Option<FieldValue>)>,
}

/// What an update is checked against: the stored contact's values the rules read.
#[derive(Debug, Clone, Default)]
pub struct StoredContact {
    pub mobile: String,
    pub fixnumber: String,
    pub company: Option<CompanyId>,
    pub is_default: bool,
}

impl ContactPatch {
    /// The checks that span fields, on the contact as it will be after this update.
    pub fn check(&self, mode: CustomerMode, stored: &StoredContact) -> Result<(), Vec<FieldError>> {
        let mut problems = Problems::new();
        let mobile = self.mobile.as_ref().map_or(stored.mobile.as_str(), ContactMobile::as_str);
        let fixnumber = self.fixnumber.as_ref().map_or(stored.fixnumber.as_str(), FixNumber::as_str);
        if let Err(e) = check_reachable(mobile, fixnumber) {
            problems.push(e);
        }
        let company = self.company.or(stored.company);
        let changed = self.company.is_some_and(|c| Some(c) != stored.company);
        let is_default = default_after(stored.is_default, changed, self.is_default);
        if (self.company.is_some() || self.is_default == Some(true))
            && let Err(errors) = check_company_rules(mode, company, is_default, false)
        {
            errors.into_iter().for_each(|e| problems.push(e));
        }
        problems.into_result()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_lengths_of_the_spec() {
        type Parses = fn(&str) -> bool;
        let cases: [(&str, Parses, usize); 5] = [
            ("name", |raw| ContactName::parse(raw).is_ok(), MAX_CONTACT_NAME_CHARS),
            ("position", |raw| Position::parse(raw).is_ok(), MAX_CONTACT_POSITION_CHARS),
            ("note", |raw| ContactNote::parse(raw).is_ok(), MAX_CONTACT_NOTE_CHARS),
            ("name 30", |raw| ContactName::parse(raw).is_ok(), 30),
            ("note 245", |raw| ContactNote::parse(raw).is_ok(), 245),
        ];
        for (what, parses, max) in cases {
            assert!(parses(&"张".repeat(max)), "{what} of {max}");
            assert!(!parses(&"张".repeat(max + 1)), "{what} of {}", max + 1);
        }
        let local = "a".repeat(MAX_CONTACT_EMAIL_CHARS - "@example.com".len());
        assert!(ContactEmail::parse(&format!("{local}@example.com")).is_ok());
        assert!(ContactEmail::parse(&format!("{local}x@example.com")).unwrap_err().contains("45"));
    }

    #[test]
    fn contact_values() {
        for ok in ["", "13039209552", "+8613039209552"] {
            assert!(ContactMobile::parse(ok).is_ok(), "{ok}");
        }
        for bad in ["1303920955", "130 3920 9552", "phone"] {
            assert!(ContactMobile::parse(bad).is_err(), "{bad}");
        }
        assert!(ContactQq::parse("601100987").is_ok());
        assert!(ContactQq::parse("012345").is_err());
        assert!(ContactEmail::parse("A@Example.com").is_ok());
        assert!(ContactEmail::parse("not-an-address").is_err());
        assert!(ContactNote::parse("两行\n备注").is_ok());
        assert!(ContactName::parse("张三 ").is_err());
        assert!(ContactName::parse("").is_ok());
    }

    #[test]
    fn lookup_keys() {
        assert_eq!(fixnumber_key("010-63701717-8280"), "010637017178280");
        assert_eq!(fixnumber_key("(010) 6370 1717"), "01063701717");
        assert_eq!(email_key("Zhang.San@Example.COM"), "zhang.san@example.com");
    }

    #[test]
    fn states() {
        assert_eq!(ContactState::parse("2"), Ok(ContactState::Left));
        assert!(ContactState::parse("3").unwrap_err().contains("DELETE"));
        assert!(ContactState::parse("0").is_err());
        assert_eq!(ContactState::Left.wire_code(true), 3);
        assert_eq!(ContactState::Left.wire_code(false), 2);
    }

    #[test]
    fn remote_ids() {
        let id = |raw: &str| RemoteId::parse(raw, "微信").unwrap();
        assert!(check_remote_ids(vec![id("wx_1"), id("crm-7")]).is_ok());
        assert!(check_remote_ids(vec![id("wx_1"), id("wx_1")]).unwrap_err().contains("twice"));
        assert!(RemoteId::parse("", "").unwrap_err().starts_with("uniqueId"));
        assert!(RemoteId::parse("a b", "").is_err());
        assert!(RemoteId::parse("a", "x\ny").unwrap_err().starts_with("note"));
        let many: Vec<RemoteId> = (0..=MAX_UNIQUE_IDS_PER_CONTACT).map(|i| id(&i.to_string())).collect();
        assert!(check_remote_ids(many).is_err());
    }

    #[test]
    fn a_contact_needs_a_phone() {
        let with = |mobile: &str, fixnumber: &str| NewContact {
            mobile: ContactMobile::parse(mobile).unwrap(),
            fixnumber: FixNumber::parse(fixnumber).unwrap(),
            ..Default::default()
        };
        assert!(with("13039209552", "").check(CustomerMode::Consumer).is_ok());
        assert!(with("", "010-63701717").check(CustomerMode::Consumer).is_ok());
        assert_eq!(with("", "").check(CustomerMode::Consumer).unwrap_err()[0].field, "mobile");

        let stored = StoredContact { mobile: "13039209552".into(), ..Default::default() };
        let clear_mobile = ContactPatch { mobile: Some(ContactMobile::default()), ..Default::default() };
        assert_eq!(clear_mobile.check(CustomerMode::Consumer, &stored).unwrap_err()[0].field, "mobile");
        let swap = ContactPatch { fixnumber: FixNumber::parse("010-63701717").ok(), ..clear_mobile };
        assert!(swap.check(CustomerMode::Consumer, &stored).is_ok());
    }

    #[test]
    fn company_rules_per_mode() {
        use CustomerMode::{Business, Consumer};
        let some = Some(CompanyId(1));
        let cases = [
            (Business, some, false, true, None),
            (Business, None, false, true, Some("companyId")),
            (Consumer, None, false, true, None),
            (Consumer, some, false, true, Some("companyId")),
            (Consumer, None, true, true, Some("default")),
            (Business, some, true, true, None),
            (Business, None, false, false, None),
            (Business, None, true, false, Some("default")),
        ];
        for (mode, company, is_default, creating, problem) in cases {
            let result = check_company_rules(mode, company, is_default, creating);
            assert_eq!(
                result.err().map(|e| e[0].field.clone()).as_deref(),
                problem,
                "{mode:?} {company:?} {is_default} {creating}"
            );
        }
    }

    #[test]
    fn default_contacts_follow_their_company() {
        assert!(default_after(true, false, None));
        assert!(!default_after(true, true, None), "moving to another company drops the old default");
        assert!(default_after(true, true, Some(true)));
        assert!(!default_after(true, false, Some(false)));
        let stored =
            StoredContact { mobile: "13039209552".into(), company: None, is_default: false, ..Default::default() };
        let make_default = ContactPatch { is_default: Some(true), ..Default::default() };
        assert_eq!(make_default.check(CustomerMode::Business, &stored).unwrap_err()[0].field, "default");
    }
}

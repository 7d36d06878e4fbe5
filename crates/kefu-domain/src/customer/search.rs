//! The customer searches' `query=FIELD:VALUE`, as the agents' search takes it: one field
//! and a value, or a bare value. Phone numbers, e-mail addresses and ids are found by
//! exact value (what an incoming call or message looks up, served by an index); names and
//! other text by substring (served by trigram indexes), case-insensitively.

use super::contact::{email_key, fixnumber_key};
use crate::custom_field::parse_field_key;
use crate::ids::CompanyId;
use crate::search::{split_query, unknown_field};

/// A parsed contact search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContactTerm {
    /// `name:` — substring of the name, lower-cased.
    Name(String),
    /// `mobile:` — the exact mobile number.
    Mobile(String),
    /// `fixnumber:` — the exact landline, compared by its digits (`fixnumber_key`).
    Fixnumber(String),
    /// `email:` — the exact address, case-insensitively (`email_key`).
    Email(String),
    /// `QQ:` — the exact QQ number.
    Qq(String),
    /// `uniqueId:` — one of the contact's remote ids, exactly.
    UniqueId(String),
    /// `companyId:` — the contacts of one company.
    Company(CompanyId),
    /// `tableName:` — one tag, exactly.
    Tag(String),
    /// `position:` — substring of the position, lower-cased.
    Position(String),
    /// `field_N:` — substring of a custom field's value, lower-cased.
    Custom(i64, String),
    /// No prefix: the name contains it, or it is exactly a mobile number, a landline (by
    /// digits) or an e-mail address. See [`Anything`].
    Anything(Anything),
}

/// A bare value, with the form each of its alternatives compares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anything {
    /// For the name: lower-cased.
    pub needle: String,
    /// For the mobile number: as typed.
    pub mobile: String,
    /// For the landline: its digits, when it has at least three (fewer would match too
    /// much to mean a phone number).
    pub fixnumber_key: Option<String>,
    /// For the e-mail address: lower-cased, when it contains `@`.
    pub email_key: Option<String>,
}

const CONTACT_FIELDS: [&str; 9] =
    ["name", "mobile", "fixnumber", "email", "QQ", "uniqueId", "companyId", "tableName", "position"];

/// `query=…` of the contact search; `max_chars` is the operator's limit on queries.
pub fn parse_contact_query(raw: &str, max_chars: usize) -> Result<ContactTerm, String> {
    let (field, value) = split_query(raw, max_chars)?;
    let value = value.trim();
    if value.is_empty() {
        return Err("needs something to search for, e.g. query=mobile:13039209552".to_owned());
    }
    let lower = || value.to_lowercase();
    Ok(match field {
        None => ContactTerm::Anything(Anything {
            needle: lower(),
            mobile: value.to_owned(),
            fixnumber_key: Some(fixnumber_key(value)).filter(|digits| digits.len() >= 3),
            email_key: value.contains('@').then(|| email_key(value)),
        }),
        Some("name") => ContactTerm::Name(lower()),
        Some("mobile") => ContactTerm::Mobile(value.to_owned()),
        Some("fixnumber") => {
            let digits = fixnumber_key(value);
            if digits.is_empty() {
                return Err(format!("fixnumber: {value:?} has no digits to look a landline up by"));
            }
            ContactTerm::Fixnumber(digits)
        }
        Some("email") => ContactTerm::Email(email_key(value)),
        Some("QQ") => ContactTerm::Qq(value.to_owned()),
        Some("uniqueId") => ContactTerm::UniqueId(value.to_owned()),
        Some("companyId") => ContactTerm::Company(CompanyId::parse(value).map_err(|e| format!("companyId {e}"))?),
        Some("tableName") => ContactTerm::Tag(value.to_owned()),
        Some("position") => ContactTerm::Position(lower()),
        Some(prefix) if prefix.starts_with("field_") => {
            ContactTerm::Custom(i64::from(parse_field_key(prefix)?), lower())
        }
        Some(prefix) => return Err(unknown_field(prefix, &CONTACT_FIELDS)),
    })
}

/// A parsed company search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CompanyTerm {
    /// `companyName:`, or no prefix — substring of the name, lower-cased.
    Name(String),
    /// `tableName:` — one tag, exactly.
    Tag(String),
    /// `province:` / `city:` — exactly.
    Province(String),
    City(String),
    /// `address:` — substring, lower-cased.
    Address(String),
    /// `field_N:` — substring of a custom field's value, lower-cased.
    Custom(i64, String),
}

const COMPANY_FIELDS: [&str; 5] = ["companyName", "tableName", "province", "city", "address"];

/// `query=…` of the company search.
pub fn parse_company_query(raw: &str, max_chars: usize) -> Result<CompanyTerm, String> {
    let (field, value) = split_query(raw, max_chars)?;
    let value = value.trim();
    if value.is_empty() {
        return Err("needs something to search for, e.g. query=companyName:网康".to_owned());
    }
    let lower = || value.to_lowercase();
    Ok(match field {
        None | Some("companyName") => CompanyTerm::Name(lower()),
        Some("tableName") => CompanyTerm::Tag(value.to_owned()),
        Some("province") => CompanyTerm::Province(value.to_owned()),
        Some("city") => CompanyTerm::City(value.to_owned()),
        Some("address") => CompanyTerm::Address(lower()),
        Some(prefix) if prefix.starts_with("field_") => {
            CompanyTerm::Custom(i64::from(parse_field_key(prefix)?), lower())
        }
        Some(prefix) => return Err(unknown_field(prefix, &COMPANY_FIELDS)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits::MAX_SEARCH_QUERY_CHARS;

    fn contact(raw: &str) -> Result<ContactTerm, String> {
        parse_contact_query(raw, MAX_SEARCH_QUERY_CHARS)
    }

    #[test]
    fn contact_fields() {
        let cases = [
            ("name:张三", ContactTerm::Name("张三".into())),
            ("name:ZHANG", ContactTerm::Name("zhang".into())),
            ("mobile:13039209552", ContactTerm::Mobile("13039209552".into())),
            ("fixnumber:010-63701717", ContactTerm::Fixnumber("01063701717".into())),
            ("email:Zhang@Example.com", ContactTerm::Email("zhang@example.com".into())),
            ("QQ:601100987", ContactTerm::Qq("601100987".into())),
            ("uniqueId:wx_1", ContactTerm::UniqueId("wx_1".into())),
            ("companyId:7", ContactTerm::Company(CompanyId(7))),
            ("tableName:VIP", ContactTerm::Tag("VIP".into())),
            ("position:经理", ContactTerm::Position("经理".into())),
            ("field_2:北京", ContactTerm::Custom(2, "北京".into())),
        ];
        for (raw, expected) in cases {
            assert_eq!(contact(raw), Ok(expected), "{raw}");
        }
    }

    #[test]
    fn bare_contact_values_try_every_lookup() {
        let Ok(ContactTerm::Anything(phone)) = contact("010-63701717") else { panic!("bare value") };
        assert_eq!(phone.fixnumber_key.as_deref(), Some("01063701717"));
        assert_eq!(phone.email_key, None);
        let Ok(ContactTerm::Anything(mail)) = contact("Li@Example.com") else { panic!("bare value") };
        assert_eq!(mail.email_key.as_deref(), Some("li@example.com"));
        assert_eq!(mail.needle, "li@example.com");
        let Ok(ContactTerm::Anything(name)) = contact("张三") else { panic!("bare value") };
        assert_eq!((name.fixnumber_key, name.email_key), (None, None));
    }

    #[test]
    fn bad_contact_queries() {
        let cases = [
            ("mobil:138", "\"mobil\" is not a searchable field"),
            ("name:", "needs something"),
            ("fixnumber:abc", "no digits"),
            ("companyId:07", "companyId \"07\" is not in canonical form"),
            ("field_0:x", "custom field key"),
            ("a\u{0}", "control characters"),
        ];
        for (raw, expected) in cases {
            let err = contact(raw).unwrap_err();
            assert!(err.contains(expected), "{raw}: {err}");
        }
        assert!(contact(&"x".repeat(MAX_SEARCH_QUERY_CHARS + 1)).is_err());
    }

    #[test]
    fn company_queries() {
        let company = |raw: &str| parse_company_query(raw, MAX_SEARCH_QUERY_CHARS);
        assert_eq!(company("网康"), Ok(CompanyTerm::Name("网康".into())));
        assert_eq!(company("companyName:GNWay"), Ok(CompanyTerm::Name("gnway".into())));
        assert_eq!(company("city:北京"), Ok(CompanyTerm::City("北京".into())));
        assert_eq!(company("field_1:x"), Ok(CompanyTerm::Custom(1, "x".into())));
        assert!(company("name:x").unwrap_err().contains("companyName"));
        assert!(company(" ").is_err());
    }
}

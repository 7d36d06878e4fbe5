//! Which records a custom field belongs to, and every type the engine knows — the eleven of
//! the agents' fields and the three more that ticket fields have — with the hosted
//! service's numeric type codes (`"type":"1"` in `ticket_fields.json`).

use super::FieldType;

/// The records a definition belongs to. Each kind has definitions and `field_N` keys of
/// its own: a company's `field_1` is not a contact's `field_1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldEntity {
    Agent,
    Company,
    Contact,
    Ticket,
}

impl FieldEntity {
    pub const ALL: [FieldEntity; 4] =
        [FieldEntity::Agent, FieldEntity::Company, FieldEntity::Contact, FieldEntity::Ticket];

    /// The name used in messages and in storage.
    pub fn name(self) -> &'static str {
        match self {
            FieldEntity::Agent => "agent",
            FieldEntity::Company => "company",
            FieldEntity::Contact => "contact",
            FieldEntity::Ticket => "ticket",
        }
    }

    /// Agents, companies and contacts have the agents' eleven types (issue 20: "the same
    /// engine and types as agents' custom fields"); tickets also have tables, star ratings
    /// and phone numbers, which the spec lists for ticket fields only.
    pub fn allows(self, kind: FieldKind) -> bool {
        match self {
            FieldEntity::Agent | FieldEntity::Company | FieldEntity::Contact => matches!(kind, FieldKind::Basic(_)),
            FieldEntity::Ticket => true,
        }
    }

    /// The kinds this entity's fields may have, in code order.
    pub fn kinds(self) -> Vec<FieldKind> {
        FieldKind::ALL.into_iter().filter(|kind| self.allows(*kind)).collect()
    }
}

/// Every type of the engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldKind {
    /// One of the agents' eleven types.
    Basic(FieldType),
    /// 11 表格: rows of string cells under defined columns.
    Table,
    /// 13 星级评分: 1 to `MAX_STARS` stars.
    Stars,
    /// 17 电话: a mobile number or a landline.
    Phone,
}

/// Type codes the hosted service has that kefu does not: they belong to modules kefu does
/// not have (products, satisfaction surveys, assets).
const UNSUPPORTED: [(u32, &str); 3] = [(15, "product table"), (16, "satisfaction table"), (20, "asset table")];

impl FieldKind {
    /// Every kind, in code order.
    pub const ALL: [FieldKind; 14] = [
        FieldKind::Basic(FieldType::Dropdown),
        FieldKind::Basic(FieldType::Text),
        FieldKind::Basic(FieldType::Textarea),
        FieldKind::Basic(FieldType::Integer),
        FieldKind::Basic(FieldType::Decimal),
        FieldKind::Basic(FieldType::Checkbox),
        FieldKind::Basic(FieldType::Regexp),
        FieldKind::Basic(FieldType::Date),
        FieldKind::Table,
        FieldKind::Basic(FieldType::Attachment),
        FieldKind::Stars,
        FieldKind::Basic(FieldType::Multiselect),
        FieldKind::Phone,
        FieldKind::Basic(FieldType::Cascade),
    ];

    /// The hosted service's code: 1 dropdown, 2 text, 3 multi-line text, 4 positive
    /// integer, 5 decimal, 6 checkbox, 7 regexp, 8 date, 11 table, 12 attachment, 13 stars,
    /// 14 advanced checkbox (multiselect), 17 phone, 18 cascade.
    pub fn code(self) -> u32 {
        match self {
            FieldKind::Basic(FieldType::Dropdown) => 1,
            FieldKind::Basic(FieldType::Text) => 2,
            FieldKind::Basic(FieldType::Textarea) => 3,
            FieldKind::Basic(FieldType::Integer) => 4,
            FieldKind::Basic(FieldType::Decimal) => 5,
            FieldKind::Basic(FieldType::Checkbox) => 6,
            FieldKind::Basic(FieldType::Regexp) => 7,
            FieldKind::Basic(FieldType::Date) => 8,
            FieldKind::Table => 11,
            FieldKind::Basic(FieldType::Attachment) => 12,
            FieldKind::Stars => 13,
            FieldKind::Basic(FieldType::Multiselect) => 14,
            FieldKind::Phone => 17,
            FieldKind::Basic(FieldType::Cascade) => 18,
        }
    }

    /// Parses a type code as the hosted service writes it (`"1"`, `"18"`).
    pub fn from_code(raw: &str) -> Result<Self, String> {
        let code = raw.parse::<u32>().ok().filter(|_| !raw.starts_with('0') && !raw.starts_with('+'));
        if let Some(kind) = code.and_then(|code| FieldKind::ALL.into_iter().find(|k| k.code() == code)) {
            return Ok(kind);
        }
        if let Some((code, what)) = code.and_then(|code| UNSUPPORTED.into_iter().find(|(c, _)| *c == code)) {
            return Err(format!("type {code} ({what}) belongs to a module kefu does not have"));
        }
        let known: Vec<String> = FieldKind::ALL.iter().map(|k| format!("{} {}", k.code(), k.wire_name())).collect();
        Err(format!("must be a field type code ({}), got {raw:?}", known.join(", ")))
    }

    /// kefu's name for the type, as the agents' field definitions spell it.
    pub fn wire_name(self) -> &'static str {
        match self {
            FieldKind::Basic(field_type) => field_type.wire_name(),
            FieldKind::Table => "table",
            FieldKind::Stars => "stars",
            FieldKind::Phone => "phone",
        }
    }

    /// Parses kefu's name for the type (`dropdown`, `table`…).
    pub fn parse(raw: &str) -> Result<Self, String> {
        FieldKind::ALL.into_iter().find(|k| k.wire_name() == raw).ok_or_else(|| {
            let names: Vec<_> = FieldKind::ALL.iter().map(|k| k.wire_name()).collect();
            format!("must be one of {}, got {raw:?}", names.join(", "))
        })
    }

    /// Whether values are chosen from options that have ids (dropdown, multiselect,
    /// cascade): the ones `_v2` answers as option ids.
    pub fn has_option_ids(self) -> bool {
        matches!(self, FieldKind::Basic(FieldType::Dropdown | FieldType::Multiselect | FieldType::Cascade))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_match_the_spec() {
        for kind in FieldKind::ALL {
            assert_eq!(FieldKind::from_code(&kind.code().to_string()), Ok(kind));
            assert_eq!(FieldKind::parse(kind.wire_name()), Ok(kind));
        }
        let spec = [
            ("1", "dropdown"),
            ("2", "text"),
            ("3", "textarea"),
            ("4", "integer"),
            ("5", "decimal"),
            ("6", "checkbox"),
            ("7", "regexp"),
            ("8", "date"),
            ("11", "table"),
            ("12", "attachment"),
            ("13", "stars"),
            ("14", "multiselect"),
            ("17", "phone"),
            ("18", "cascade"),
        ];
        for (code, name) in spec {
            assert_eq!(FieldKind::from_code(code).map(FieldKind::wire_name), Ok(name), "{code}");
        }
    }

    #[test]
    fn unknown_and_unsupported_codes() {
        assert!(FieldKind::from_code("15").unwrap_err().contains("product table"));
        assert!(FieldKind::from_code("16").unwrap_err().contains("satisfaction"));
        assert!(FieldKind::from_code("20").unwrap_err().contains("asset"));
        for bad in ["0", "9", "10", "19", "21", "01", "+1", "", "x", "1.0"] {
            assert!(FieldKind::from_code(bad).unwrap_err().contains("must be a field type code"), "{bad}");
        }
    }

    #[test]
    fn tickets_have_more_types_than_the_others() {
        assert_eq!(FieldEntity::Agent.kinds().len(), 11);
        assert_eq!(FieldEntity::Company.kinds().len(), 11);
        assert_eq!(FieldEntity::Contact.kinds().len(), 11);
        assert_eq!(FieldEntity::Ticket.kinds().len(), 14);
        for kind in [FieldKind::Table, FieldKind::Stars, FieldKind::Phone] {
            assert!(FieldEntity::Ticket.allows(kind));
            assert!(!FieldEntity::Contact.allows(kind));
        }
    }
}

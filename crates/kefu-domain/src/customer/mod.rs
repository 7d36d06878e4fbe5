//! Customers (客户): companies (公司), their contacts (联系人) and customer groups (客户分组),
//! and the company account's 2B / 2C setting that decides whether contacts belong to
//! companies.

pub mod company;
pub mod contact;
pub mod group;
pub mod search;

/// Whether the company account serves businesses (2B: contacts belong to companies) or
/// consumers (2C: contacts only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CustomerMode {
    /// 1 — 2B, the default: companies, each with contacts; a new contact names its company.
    #[default]
    Business = 1,
    /// 2 — 2C: no companies; contacts stand alone (and may be in contact groups).
    Consumer = 2,
}

impl CustomerMode {
    pub fn code(self) -> i64 {
        self as i64
    }

    pub fn from_code(code: i64) -> Self {
        if code == 2 { CustomerMode::Consumer } else { CustomerMode::Business }
    }

    /// `2B`/`2C` (as the hosted back office names them) or the codes `1`/`2`.
    pub fn parse(raw: &str) -> Result<Self, String> {
        match raw.trim() {
            "1" | "2B" | "2b" => Ok(CustomerMode::Business),
            "2" | "2C" | "2c" => Ok(CustomerMode::Consumer),
            other => {
                Err(format!("must be \"2B\" (companies and their contacts) or \"2C\" (contacts only), got {other:?}"))
            }
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CustomerMode::Business => "2B",
            CustomerMode::Consumer => "2C",
        }
    }
}

/// A 2B account may become 2C only when it has no company left (deleted ones included:
/// they could be restored), since a 2C account shows none; 2C → 2B is always possible
/// (contacts made in 2C simply have no company).
pub fn check_mode_change(from: CustomerMode, to: CustomerMode, companies: u64) -> Result<(), String> {
    if from == CustomerMode::Business && to == CustomerMode::Consumer && companies > 0 {
        return Err(format!(
            "cannot switch to 2C while the account has {companies} compan{} (deleted ones included); remove them first",
            if companies == 1 { "y" } else { "ies" }
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes() {
        assert_eq!(CustomerMode::parse("2C"), Ok(CustomerMode::Consumer));
        assert_eq!(CustomerMode::parse("1"), Ok(CustomerMode::Business));
        assert!(CustomerMode::parse("3").is_err());
        assert_eq!(CustomerMode::default(), CustomerMode::Business);
        assert_eq!(CustomerMode::from_code(CustomerMode::Consumer.code()), CustomerMode::Consumer);
    }

    #[test]
    fn switching_modes() {
        use CustomerMode::{Business, Consumer};
        let cases = [
            (Business, Consumer, 0, true),
            (Business, Consumer, 1, false),
            (Consumer, Business, 5, true),
            (Business, Business, 9, true),
        ];
        for (from, to, companies, ok) in cases {
            assert_eq!(check_mode_change(from, to, companies).is_ok(), ok, "{from:?} → {to:?} with {companies}");
        }
        assert!(check_mode_change(Business, Consumer, 1).unwrap_err().contains("1 company "));
    }
}

//! Small checks shared by the text-valued fields.

/// A value type that is only ever built from a string that passed its checks:
/// `checked_string!(/// doc
/// Name, |raw| { check_length(raw, 1, 30)?; })`.
macro_rules! checked_string {
    ($(#[$doc:meta])* $name:ident, |$raw:ident| $check:block) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $name(String);

        impl $name {
            pub fn parse($raw: &str) -> Result<Self, String> {
                $check
                Ok($name($raw.to_owned()))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_string(self) -> String {
                self.0
            }
        }
    };
}
pub(crate) use checked_string;

/// Optional text fields are empty when a client leaves them out:
/// `empty_by_default!(AgentName, Email)`.
macro_rules! empty_by_default {
    ($($name:ident),*) => {$(
        impl Default for $name {
            fn default() -> Self {
                $name(String::new())
            }
        }
    )*};
}
pub(crate) use empty_by_default;

/// Checks a length in characters (every character counts one, Chinese or not).
pub fn check_length(raw: &str, min: usize, max: usize) -> Result<(), String> {
    let count = raw.chars().count();
    if count < min {
        if min == 1 {
            return Err("must not be empty".to_owned());
        }
        return Err(format!("must be at least {min} characters, got {count}"));
    }
    if count > max {
        return Err(format!("must be at most {max} characters, got {count}"));
    }
    Ok(())
}

/// Refuses control characters (line breaks, NUL…), which no single-line field may hold.
pub fn check_no_control(raw: &str) -> Result<(), String> {
    match raw.chars().find(|c| c.is_control()) {
        Some(c) => Err(format!("must not contain control characters (found {c:?})")),
        None => Ok(()),
    }
}

/// Refuses any whitespace, for identifiers such as logins and job numbers.
pub fn check_no_whitespace(raw: &str) -> Result<(), String> {
    match raw.chars().find(|c| c.is_whitespace() || c.is_control()) {
        Some(c) => Err(format!("must not contain whitespace or control characters (found {c:?})")),
        None => Ok(()),
    }
}

/// Refuses leading or trailing spaces, which are invisible and almost always a mistake.
pub fn check_trimmed(raw: &str) -> Result<(), String> {
    if raw.trim() != raw {
        return Err("must not start or end with whitespace".to_owned());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_characters_count_one_each() {
        assert!(check_length("张三丰", 1, 3).is_ok());
        assert!(check_length("张三丰a", 1, 3).is_err());
        assert_eq!(check_length("", 1, 3), Err("must not be empty".to_owned()));
    }

    #[test]
    fn control_and_whitespace_are_refused_where_asked() {
        assert!(check_no_control("a b").is_ok());
        assert!(check_no_control("a\nb").is_err());
        assert!(check_no_whitespace("a b").is_err());
        assert!(check_no_whitespace("a\u{3000}b").is_err(), "ideographic space");
        assert!(check_trimmed(" a").is_err());
    }
}

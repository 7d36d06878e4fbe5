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

/// Refuses control characters (line breaks, NUL…), which no single-line field may hold,
/// and bidirectional controls, which make text display as something else (`\u{202e}`
/// turns `nimda` into `admin` on screen).
pub fn check_no_control(raw: &str) -> Result<(), String> {
    match raw.chars().find(|c| c.is_control() || is_bidi_control(*c)) {
        Some(c) if c.is_control() => Err(format!("must not contain control characters (found {c:?})")),
        Some(c) => Err(format!("must not contain bidirectional control characters (found U+{:04X})", u32::from(c))),
        None => Ok(()),
    }
}

/// Refuses invisible characters (zero-width spaces and joiners, soft hyphens, fillers,
/// variation selectors…) and bidirectional controls, for identifiers that must look like
/// what they are.
pub fn check_visible(raw: &str) -> Result<(), String> {
    match raw.chars().find(|c| is_invisible(*c) || is_bidi_control(*c)) {
        Some(c) => Err(format!(
            "must not contain invisible or bidirectional control characters (found U+{:04X})",
            u32::from(c)
        )),
        None => Ok(()),
    }
}

/// The explicit bidirectional formatting characters (Unicode's Bidi_Control).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Characters that display as nothing: Unicode's Default_Ignorable_Code_Point, and the
/// blank fillers that are letters.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{2800}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF0}'..='\u{FFF8}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E0FFF}'
    )
}

/// Whether the database can store the text: PostgreSQL's `text` cannot hold a NUL
/// character (SQLite can), so that both backends answer alike it is refused everywhere.
pub fn is_storable(raw: &str) -> bool {
    !raw.contains('\0')
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
        assert!(check_no_control("\u{202e}abc").unwrap_err().contains("U+202E"));
        assert!(check_no_control("a\u{200d}b").is_ok(), "joiners are part of emoji and scripts");
    }

    #[test]
    fn invisible_characters() {
        for bad in ["a\u{200b}", "\u{2060}", "\u{3164}", "\u{feff}", "\u{200f}", "\u{e0041}"] {
            assert!(check_visible(bad).is_err(), "{bad:?}");
        }
        assert!(check_visible("张三_a-1.b@c").is_ok());
        assert!(!is_storable("a\0b"));
        assert!(is_storable("a\nb"));
    }
}

//! The 公文 frame's fields: `[masthead]` (版头, GB/T 9704-2012 §7.2) and
//! `[imprint]` (版记, §7.4), as the input model reads them, and their checks.
//!
//! In: the TOML tables (through serde, from [`crate::input`]). Out: typed values
//! and located warnings — a 发文字号 written against §7.2.5 (year not in 〔〕, a 第,
//! a leading zero, no 号) is printed as written, with a warning saying the fix.
//! What the frame looks like on the page is the backends' business; this module
//! knows none of them.

use crate::diagnostics::{Diagnostic, Report};
use schemars::JsonSchema;
use serde::Deserialize;
use std::path::Path;
use toml::Spanned;

/// One name or several: `"甲"` or `["甲", "乙"]`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Names(pub Vec<String>);

impl<'de> Deserialize<'de> for Names {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Names, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum OneOrMany {
            One(String),
            Many(Vec<String>),
        }
        Ok(match OneOrMany::deserialize(d)? {
            OneOrMany::One(s) => Names(vec![s]),
            OneOrMany::Many(v) => Names(v),
        })
    }
}

impl JsonSchema for Names {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Names".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": ["string", "array"],
            "items": { "type": "string" },
            "description": "One name, or a list of names"
        })
    }
}

impl Names {
    /// The names that are not blank, trimmed.
    pub fn list(&self) -> Vec<String> {
        self.0.iter().map(|n| n.trim().to_string()).filter(|n| !n.is_empty()).collect()
    }
}

/// 版头: what stands above the red rule.
#[derive(Debug, Default, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Masthead {
    /// 份号: the copy's number, six digits (`"000001"`).
    #[schemars(with = "Option<String>")]
    pub copy_number: Option<Spanned<String>>,
    /// 密级和保密期限: `"秘密★1年"`.
    pub secrecy: Option<String>,
    /// 紧急程度: `"特急"` or `"加急"`.
    pub urgency: Option<String>,
    /// 发文机关标志: `"××区教育工会文件"`, or the organs of a joint issue.
    pub issuer: Option<Names>,
    /// Printed right of a joint issue's stacked names, centred on them: usually `"文件"`.
    pub issuer_suffix: Option<String>,
    /// 发文字号: `"×教工〔2025〕3号"`.
    #[schemars(with = "Option<String>")]
    pub number: Option<Spanned<String>>,
    /// 签发人: one or more names; the 版头 is then that of a 上行文.
    pub signers: Option<Names>,
}

/// 版记: what stands between the rules at the foot of the last page.
#[derive(Debug, Default, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Imprint {
    /// 抄送机关.
    pub cc: Option<Names>,
    /// 印发机关.
    pub printed_by: Option<String>,
    /// 印发日期.
    #[schemars(with = "Option<TomlDate>")]
    pub printed_on: Option<Spanned<toml::value::Datetime>>,
}

/// A TOML local date (`2023-12-28`, no quotes) in the JSON Schema.
pub struct TomlDate;

impl JsonSchema for TomlDate {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "TomlDate".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "format": "date",
            "description": "A TOML local date without quotes, e.g. 2023-12-28"
        })
    }
}

/// Checks the masthead: a malformed 发文字号 or 份号 is a warning with the fix.
pub fn check_masthead(m: &Masthead, path: &Path, source: &str, report: &mut Report) {
    if let Some(number) = &m.number {
        if let Some((problem, fixed)) = number_problem(number.get_ref()) {
            let help = match fixed {
                Some(f) => format!("write `number = \"{f}\"` (GB/T 9704-2012 §7.2.5)"),
                None => "write it as 机关代字 + year in 〔〕 + number + 号, e.g. \"×教工〔2025〕3号\" (GB/T 9704-2012 §7.2.5)".to_string(),
            };
            report.push(
                Diagnostic::warning(format!("the 发文字号 \"{}\" {problem}", number.get_ref()))
                    .at(path, source, number.span())
                    .with_help(help),
            );
        }
    }
    if let Some(copy) = &m.copy_number {
        let c = copy.get_ref().trim();
        if !(c.len() == 6 && c.bytes().all(|b| b.is_ascii_digit())) {
            report.push(
                Diagnostic::warning(format!("the 份号 \"{c}\" is not six digits"))
                    .at(path, source, copy.span())
                    .with_help("write the copy's number as six Arabic digits, e.g. `copy_number = \"000001\"` (GB/T 9704-2012 §7.2.1)"),
            );
        }
    }
}

/// What is wrong with a 发文字号 and, where it can be told, the fixed form.
fn number_problem(n: &str) -> Option<(String, Option<String>)> {
    let n = n.trim();
    // The year in brackets: 〔2025〕 is right; [2025], ［2025］, (2025), （2025）, 【2025】 are not.
    let mut fixed = n.to_string();
    let mut problems = Vec::new();
    for (open, close) in [("[", "]"), ("［", "］"), ("(", ")"), ("（", "）"), ("【", "】"), ("〖", "〗")]
    {
        if let Some(at) = fixed.find(open) {
            let after = &fixed[at + open.len()..];
            if let Some(end) = after.find(close) {
                let inner = &after[..end];
                if inner.len() == 4 && inner.bytes().all(|b| b.is_ascii_digit()) {
                    let year = inner.to_string();
                    fixed.replace_range(at..at + open.len() + end + close.len(), &format!("〔{year}〕"));
                    problems.push(format!("puts the year in {open}{close}, not in 六角括号 〔〕"));
                }
            }
        }
    }
    let Some(open) = fixed.find('〔') else {
        return Some(("has no year in 〔〕".to_string(), None));
    };
    let Some(close_rel) = fixed[open..].find('〕') else {
        return Some(("has no closing 〕 after the year".to_string(), None));
    };
    let year = &fixed[open + '〔'.len_utf8()..open + close_rel];
    if !(year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit())) {
        problems.push("has no four-digit year in 〔〕".to_string());
    }
    let rest_at = open + close_rel + '〕'.len_utf8();
    let mut rest = fixed[rest_at..].to_string();
    if let Some(r) = rest.strip_prefix('第') {
        rest = r.to_string();
        problems.push("has a 第 before the number".to_string());
    }
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() {
        problems.push("has no number after the year".to_string());
    } else if digits.len() > 1 && digits.starts_with('0') {
        let trimmed = digits.trim_start_matches('0');
        let trimmed = if trimmed.is_empty() { "0" } else { trimmed };
        rest = format!("{trimmed}{}", &rest[digits.len()..]);
        problems.push("has a leading zero in the number (1 不编为 01)".to_string());
    }
    if !digits.is_empty() && !rest.ends_with('号') {
        rest.push('号');
        problems.push("does not end in 号".to_string());
    }
    if problems.is_empty() {
        return None;
    }
    let candidate = format!("{}{rest}", &fixed[..rest_at]);
    let fixable = !digits.is_empty() && year.len() == 4;
    Some((problems.join(", "), fixable.then_some(candidate)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_right_number_passes() {
        assert_eq!(number_problem("×教工〔2025〕3号"), None);
        assert_eq!(number_problem("国办发〔2012〕14号"), None);
    }

    #[test]
    fn wrong_numbers_get_their_fix() {
        let fix = |n: &str| number_problem(n).and_then(|(_, f)| f);
        assert_eq!(fix("×教工[2025]3号").as_deref(), Some("×教工〔2025〕3号"));
        assert_eq!(fix("×教工（2025）第3号").as_deref(), Some("×教工〔2025〕3号"));
        assert_eq!(fix("×教工〔2025〕03号").as_deref(), Some("×教工〔2025〕3号"));
        assert_eq!(fix("×教工〔2025〕3").as_deref(), Some("×教工〔2025〕3号"));
        assert!(number_problem("×教工2025年3号").unwrap().0.contains("no year"));
    }
}

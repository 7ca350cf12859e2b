//! The parts of a 公文 the input format has no fields for yet, and labelled 落款.
//!
//! In: a line's text (and whether it sat in a text box). Out: what it is — a
//! 版头 line (发文机关标志, 份号, 密级, 紧急程度, 发文字号, 签发人, a ★), the
//! 主送 (`各…：` after the title), a 版记 line (抄送, 印发), a labelled signer
//! (`总结者：张三`) or date (`时间：2019/1/2`). The importer keeps their text in
//! the TOML (the 版头 and 主送 as the first lines of the preface, the 版记 at the
//! end of the body) and says in a comment what each is, until the input format
//! has fields for them.

use super::schedule::cells;
use super::Line;

/// What a line before the title is in a 公文's 版头, if it is one.
pub fn head_kind(l: &Line) -> Option<&'static str> {
    let t = l.text.trim();
    if t.is_empty() || l.table.is_some() {
        return None;
    }
    let symbols = t.chars().all(|c| !c.is_alphanumeric());
    Some(if t.contains('〔') && t.contains('〕') && t.contains("签发人") {
        "发文字号、签发人"
    } else if t.contains('〔') && t.contains('〕') && t.contains('号') {
        "发文字号"
    } else if t.starts_with("签发人") {
        "签发人"
    } else if symbols && t.chars().count() <= 3 {
        "版头标记"
    } else if t.chars().all(|c| c.is_ascii_digit()) && t.len() <= 8 {
        "份号"
    } else if ["绝密", "机密", "秘密"].iter().any(|k| t.starts_with(k)) && cells(t) <= 20 {
        "密级"
    } else if ["特急", "加急", "特提", "平急"].contains(&t) {
        "紧急程度"
    } else if l.textbox && (t.ends_with("文件") || cells(t) <= 40) {
        "发文机关标志"
    } else {
        return None;
    })
}

/// The 主送 after a title: a short line ending in a colon (`各街道工会：`).
pub fn addressee(text: &str) -> bool {
    let t = text.trim();
    let Some(head) = t.strip_suffix('：').or_else(|| t.strip_suffix(':')) else { return false };
    cells(t) <= 80
        && !head.contains(['。', '；', '！', '？', '：', '，'])
        && crate::markers::find(t).is_none()
        && !t.starts_with("附")
}

/// What a line of a 公文's 版记 is (`抄送：…`, `……印发`).
pub fn record_kind(text: &str) -> Option<&'static str> {
    let t = text.trim();
    if t.starts_with("抄送") {
        Some("抄送")
    } else if t.ends_with("印发") && cells(t) <= 80 {
        Some("印发机关和印发日期")
    } else {
        None
    }
}

const SIGNER_LABELS: [&str; 9] =
    ["总结者", "总结人", "汇报人", "报告人", "述职人", "签名", "署名", "落款", "撰写人"];
const DATE_LABELS: [&str; 4] = ["时间", "日期", "成文日期", "落款时间"];

/// The text after `label：` when `text` begins with one of `labels`.
fn after_label<'a>(text: &'a str, labels: &[&str]) -> Option<&'a str> {
    let t = text.trim();
    labels.iter().find_map(|l| {
        let rest = t.strip_prefix(l)?.trim_start();
        let rest = rest.strip_prefix(['：', ':'])?;
        Some(rest.trim())
    })
}

/// `总结者：张三` → `张三`.
pub fn signer(text: &str) -> Option<&str> {
    after_label(text, &SIGNER_LABELS).filter(|s| !s.is_empty() && cells(s) <= 60)
}

/// `时间：2019/1/2` → `2019/1/2`; other text as it is.
pub fn unlabel_date(text: &str) -> &str {
    after_label(text, &DATE_LABELS).unwrap_or(text.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, textbox: bool) -> Line {
        Line { text: text.into(), textbox, ..Line::default() }
    }

    #[test]
    fn head_lines_addressee_record_and_labels() {
        assert_eq!(head_kind(&line("XXXX人民政府文件", true)), Some("发文机关标志"));
        assert_eq!(head_kind(&line("★", true)), Some("版头标记"));
        assert_eq!(head_kind(&line("X府〔2020〕1号    签发人：张三", false)), Some("发文字号、签发人"));
        assert_eq!(head_kind(&line("关于做好工会工作的通知", false)), None);
        assert!(addressee("各街道工会、各基层工会："));
        assert!(!addressee("为做好工作，现通知如下："));
        assert_eq!(record_kind("抄送：市总工会。"), Some("抄送"));
        assert_eq!(signer("总结者：张三"), Some("张三"));
        assert_eq!(unlabel_date("时间：2019/1/2"), "2019/1/2");
        assert_eq!(unlabel_date("2019/1/2"), "2019/1/2");
    }

    #[test]
    fn an_addressee_ends_in_either_colon_and_odd_text_does_not_panic() {
        assert!(addressee("各街道工会："));
        assert!(addressee("各街道工会:"));
        assert!(!addressee("一、总体要求："));
        // Found by cargo-fuzz: a half-width colon after a multi-byte character
        // panicked (a 3-byte colon was assumed); it is an addressee line like any.
        assert!(addressee("Q\n\u{feff}1:"));
        assert!(!addressee("附件："));
    }
}

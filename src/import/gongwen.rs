//! What a line of a 公文 is: a 版头 line, the 主送, a 附注, a 版记 line, a
//! labelled 落款.
//!
//! In: a line's text (and whether it sat in a text box, was centred). Out: what it
//! is — a 版头 line ([`HeadKind`]: 发文机关标志, 份号, 密级, 紧急程度, 发文字号, 签发人,
//! a ★), the 主送 (`各…：` after the title), a 附注 (`（此件公开发布）` after the
//! date), a 版记 line (抄送, 印发), a labelled signer (`总结者：张三`) or date
//! (`时间：2019/1/2`) — and the values in them (the names after `抄送：`, the
//! 发文字号 and 签发人 of one line). [`super::frame`] puts them into the input's
//! `[masthead]`, `addressee`, `remark` and `[imprint]`.

use super::schedule::cells;
use super::Line;

/// What a line before the title is in a 公文's 版头.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeadKind {
    /// 份号 (`000001`).
    CopyNumber,
    /// 密级和保密期限 (`秘密★1年`).
    Secrecy,
    /// 紧急程度 (`特急`).
    Urgency,
    /// 发文机关标志 (`××市人民政府文件`), in a text box or followed by a 发文字号.
    Issuer,
    /// 发文字号 (`×府〔2024〕3号`).
    Number,
    /// 发文字号 and 签发人 on one line (a 上行文).
    NumberAndSigners,
    /// 签发人 alone.
    Signers,
    /// A mark of a few symbols (the ★ on a 党的机关's red rule).
    Mark,
}

impl HeadKind {
    /// Its name in a 公文.
    pub fn name(self) -> &'static str {
        match self {
            HeadKind::CopyNumber => "份号",
            HeadKind::Secrecy => "密级",
            HeadKind::Urgency => "紧急程度",
            HeadKind::Issuer => "发文机关标志",
            HeadKind::Number => "发文字号",
            HeadKind::NumberAndSigners => "发文字号、签发人",
            HeadKind::Signers => "签发人",
            HeadKind::Mark => "版头标记",
        }
    }
}

/// Whether `text` holds a 发文字号: a year in 〔〕 (or [] 【】) and a 号.
pub fn has_number(text: &str) -> bool {
    let t = text.trim();
    let bracketed = [('〔', '〕'), ('[', ']'), ('【', '】'), ('［', '］')]
        .iter()
        .any(|&(o, c)| t.find(o).is_some_and(|a| t[a..].contains(c)));
    bracketed && t.contains('号') && cells(t) <= 80
}

/// What a line before the title is in a 公文's 版头, if it is one;
/// `number_follows`: a 发文字号 comes in the lines after it (a 发文机关标志 set
/// as a paragraph, not in a text box, is told by that).
pub fn head_kind(l: &Line, number_follows: bool) -> Option<HeadKind> {
    let t = l.text.trim();
    if t.is_empty() || l.table.is_some() || l.note {
        return None;
    }
    let symbols = t.chars().all(|c| !c.is_alphanumeric());
    Some(if has_number(t) && t.contains("签发人") {
        HeadKind::NumberAndSigners
    } else if has_number(t) {
        HeadKind::Number
    } else if t.starts_with("签发人") {
        HeadKind::Signers
    } else if symbols && t.chars().count() <= 3 {
        HeadKind::Mark
    } else if t.chars().all(|c| c.is_ascii_digit()) && t.len() <= 8 {
        HeadKind::CopyNumber
    } else if ["绝密", "机密", "秘密"].iter().any(|k| t.starts_with(k)) && cells(t) <= 20 {
        HeadKind::Secrecy
    } else if ["特急", "加急", "特提", "平急"].contains(&t) {
        HeadKind::Urgency
    } else if (l.textbox && (t.ends_with("文件") || cells(t) <= 40))
        || (number_follows && t.ends_with("文件") && !t.starts_with("关于") && cells(t) <= 40)
    {
        HeadKind::Issuer
    } else {
        return None;
    })
}

/// `×府〔2020〕3号    签发人：张三　李四` → (`×府〔2020〕3号`, [`张三`, `李四`]).
pub fn number_and_signers(text: &str) -> (String, Vec<String>) {
    let t = text.trim();
    match t.find("签发人") {
        Some(at) => (t[..at].trim().to_string(), signer_names(&t[at..])),
        None => (t.to_string(), Vec::new()),
    }
}

/// `签发人：张三　李四` → [`张三`, `李四`].
pub fn signer_names(text: &str) -> Vec<String> {
    let t = text.trim();
    let t = t.strip_prefix("签发人").unwrap_or(t).trim_start_matches(['：', ':', ' ', '\u{3000}']);
    t.split(|c: char| c.is_whitespace() || matches!(c, '、' | '，' | ','))
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// The last characters of an organ's or a group's name (`××局`, `各街道工会`, `同志们`).
const ORGAN_ENDS: &str =
    "局委办厅部院校会司处室所心府位团道镇乡村区志导党组支队站馆科股园署厂店行社关门员工师生长们";

/// The 主送 after a title: a short line ending in a colon whose text names organs
/// or people (`各街道工会：`, `市教育局、市财政局：`); the names, colon left off.
pub fn addressee(text: &str) -> Option<String> {
    let t = text.trim();
    let head = t.strip_suffix('：').or_else(|| t.strip_suffix(':'))?.trim_end();
    let plain = cells(t) <= 80
        && !head.is_empty()
        && !head.contains(['。', '；', '！', '？', '：', '，', ':'])
        && crate::markers::find(t).is_none()
        && !t.starts_with("附");
    let named = |n: &str| n.trim().chars().last().is_some_and(|c| ORGAN_ENDS.contains(c));
    let organs = head.starts_with('各') || head.contains("主送") || head.split('、').all(named);
    (plain && organs).then(|| head.to_string())
}

/// A 附注 after the date: a line in round brackets (`（此件公开发布）`); its text.
pub fn remark(text: &str) -> Option<&str> {
    let t = text.trim();
    let inner = t.strip_prefix(['（', '('])?.strip_suffix(['）', ')'])?.trim();
    (!inner.is_empty() && cells(t) <= 200 && !inner.contains(['（', '('])).then_some(inner)
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

/// `抄送：市委办公室，市政府办公室。` → the names; one name with `、` between organs
/// when the line has no comma (the text stays as it was written).
pub fn copy_to(text: &str) -> Option<Vec<String>> {
    let t = text.trim().strip_prefix("抄送")?.trim_start();
    let t = t.strip_prefix(['：', ':'])?.replace('\n', "");
    let t = t.trim().trim_end_matches(['。', '.']);
    let names: Vec<String> =
        t.split(['，', ',']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect();
    (!names.is_empty()).then_some(names)
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
        assert_eq!(head_kind(&line("XXXX人民政府文件", true), false), Some(HeadKind::Issuer));
        assert_eq!(head_kind(&line("XXXX人民政府文件", false), true), Some(HeadKind::Issuer));
        assert_eq!(head_kind(&line("XXXX人民政府文件", false), false), None);
        assert_eq!(head_kind(&line("关于转发市教育局文件", false), true), None);
        assert_eq!(head_kind(&line("★", true), false), Some(HeadKind::Mark));
        let both = "X府〔2020〕1号    签发人：张三";
        assert_eq!(head_kind(&line(both, false), false), Some(HeadKind::NumberAndSigners));
        assert_eq!(number_and_signers(both), ("X府〔2020〕1号".into(), vec!["张三".into()]));
        assert_eq!(signer_names("签发人：张三　李四"), ["张三", "李四"]);
        assert_eq!(head_kind(&line("关于做好工会工作的通知", false), true), None);
        assert_eq!(addressee("各街道工会、各基层工会：").as_deref(), Some("各街道工会、各基层工会"));
        assert_eq!(addressee("市教育局、市财政局：").as_deref(), Some("市教育局、市财政局"));
        assert_eq!(addressee("为做好工作，现通知如下："), None);
        assert_eq!(addressee("具体安排如下："), None);
        assert_eq!(record_kind("抄送：市总工会。"), Some("抄送"));
        assert_eq!(copy_to("抄送：市委办公室，市政府办公室。").unwrap(), ["市委办公室", "市政府办公室"]);
        assert_eq!(copy_to("抄送：甲、乙。").unwrap(), ["甲、乙"]);
        assert_eq!(remark("（此件公开发布）"), Some("此件公开发布"));
        assert_eq!(remark("（一）工作要求"), None);
        assert_eq!(signer("总结者：张三"), Some("张三"));
        assert_eq!(unlabel_date("时间：2019/1/2"), "2019/1/2");
        assert_eq!(unlabel_date("2019/1/2"), "2019/1/2");
    }

    #[test]
    fn an_addressee_ends_in_either_colon_and_odd_text_does_not_panic() {
        assert!(addressee("各街道工会：").is_some());
        assert!(addressee("各街道工会:").is_some());
        assert!(addressee("一、总体要求：").is_none());
        // Found by cargo-fuzz: a half-width colon after a multi-byte character
        // panicked (a 3-byte colon was assumed).
        assert!(addressee("Q\n\u{feff}1:").is_none());
        assert!(addressee("附件：").is_none());
    }
}

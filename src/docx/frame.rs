//! The DOCX's 公文 frame: 版头, 附件 label and 版记 as plain paragraphs.
//!
//! In: the frame's blocks ([`Block::is_masthead`], [`Block::is_imprint`], the
//! 附件 label). Out: the XML of their paragraphs inside `<w:body>` — never text
//! boxes or drawings, so that the next office edits them like any line
//! (GB/T 9704-2012 §7.2, §7.3.5, §7.4):
//!
//! - 份号 / 密级 / 紧急程度: one 3号黑体 line each, top-left on the grid;
//! - 发文机关标志: red ([`RED`]) 小标宋, centred, its top edge 35 mm below the type
//!   area's top (space before, in twips); a joint issue stacks the organs in a
//!   borderless table with `文件` in a cell beside them, vertically centred — a
//!   paragraph cannot centre one line beside several, and a table stays editable;
//! - 发文字号: centred two lines below; with 签发人 (a 上行文) left 1 字 in, with
//!   `签发人：` and the names (楷体) from a left tab stop so that they end 1 字
//!   from the right edge; the red rule is this paragraph's bottom border, 4 mm
//!   under the text, as wide as the type area (the paragraph has no indents);
//! - 附件 label: a page break before, `附件1` flush left in 3号黑体;
//! - 版记: its own last section, starting on an even page without page numbers
//!   ([`super::section::imprint`]), with the space above it that puts its last
//!   rule on the type area's bottom edge; 4号仿宋 between rules as wide as the
//!   type area (thick 0.35 mm first and last, thin 0.25 mm between), each the
//!   border of an empty paragraph of its own without indents (§7.4.1: a border
//!   spans its paragraph's indents); 抄送 1 字 in on both sides, wrapped lines
//!   under the first name; 印发机关 1 字 in on the left and 印发日期 1 字 from
//!   the right on the same line (a right tab stop).

use super::section::{LINE_PITCH, TEXT_WIDTH};
use super::xml::{cells, run};
use crate::markdown::{Block, Role, SIGNER_LABEL};

/// The one spot colour: 发文机关标志 and the rule under the 发文字号 (as the PDF).
pub const RED: &str = "FF0000";
/// One twip in millimetres' terms: twips per millimetre.
const TWIPS_PER_MM: f32 = 1440.0 / 25.4;
/// The 发文机关标志's top edge below the type area's top (§7.2.4).
const ISSUER_TOP_MM: f32 = 35.0;
/// The 发文机关标志's size, in points (about 15 mm characters, as the PDF's
/// 42.9 pt); a long name is condensed to [`MIN_SCALE`] %, then set smaller.
const ISSUER_MAX_PT: f32 = 42.0;
const MIN_SCALE: f32 = 60.0;
/// A joint issue's names: 小一.
const JOINT_PT: f32 = 24.0;
/// How much more than a grid line LibreOffice's print gives the 发文字号's line
/// with the rule under it, in twips (measured).
const RULED_EXTRA: u32 = 71;
/// How much lower than their grid lines LibreOffice's print sets the lines
/// after the title under the ruled 发文字号, in twips (measured on the 主送:
/// 0.7 mm; RULED_EXTRA places the title's characters, not its line): the empty
/// line under the title is that much shorter.
const TITLE_DRIFT: u32 = 41;
/// The rule under the 发文字号: 4 mm under the text (§7.2.7), 0.5 mm thick.
const RULE_BELOW_MM: f32 = 4.0;
const RULE_EIGHTHS: u32 = 11;
/// 版记 rules in eighths of a point: 0.35 mm and 0.25 mm (§7.4.1).
const THICK: u32 = 8;
const THIN: u32 = 6;
/// The height of a 版记 rule's empty paragraph above its border, in twips.
const RULE_LINE: u32 = 20;
/// The 版记's size (4号) and its line pitch, in twips.
const IMPRINT_CHAR: u32 = 280;
const IMPRINT_LINE: u32 = 560;
/// 3号 (16 pt) character width on the grid, in twips.
const CELL: f32 = TEXT_WIDTH as f32 / 28.0;

fn mm(twips_mm: f32) -> u32 {
    (twips_mm * TWIPS_PER_MM).round() as u32
}

/// The 版头: the blocks before the title (份号 … 签发人), as paragraphs.
pub fn masthead(blocks: &[Block]) -> String {
    let mut out = String::new();
    let of = |role: Role| blocks.iter().filter(move |b| b.role == role);
    let marks: Vec<&Block> = blocks
        .iter()
        .filter(|b| matches!(b.role, Role::CopyNumber | Role::Secrecy | Role::Urgency))
        .collect();
    for b in &marks {
        paragraph(&mut out, "MastheadMark", "", &b.plain_text(), "");
    }
    // The 标志's top edge 35 mm below the type area's: what the lines above leave.
    let top = mm(ISSUER_TOP_MM);
    let before = top.saturating_sub(LINE_PITCH * marks.len() as u32);
    let issuers: Vec<String> = of(Role::Issuer).map(Block::plain_text).collect();
    let suffix = of(Role::IssuerSuffix).map(Block::plain_text).next();
    // From the type area's top, in twips: the 标志's foot and the paragraphs' end.
    let (foot, end) = match (issuers.len(), suffix) {
        (0, None) => (0, LINE_PITCH * marks.len() as u32),
        (0 | 1, suffix) => {
            let text = issuers.into_iter().chain(suffix).collect::<String>();
            let (size, scale) = issuer_size(cells(&text));
            let lift = issuer_lift(size);
            let ppr = format!(
                "<w:spacing w:before=\"{}\" w:line=\"{}\" w:lineRule=\"exact\"/>",
                before + lift,
                size * 20
            );
            paragraph(&mut out, "Issuer", &ppr, &text, &issuer_rpr(size, scale));
            (top + size * 20, top + lift + size * 20)
        }
        (_, suffix) => joint(&mut out, &issuers, suffix.as_deref(), before, top),
    };
    let number = of(Role::DocNumber).map(Block::plain_text).next();
    // The Markdown carries the label before the first name; it is set apart.
    let signers: Vec<String> = of(Role::Signer)
        .map(|b| b.inlines_after(SIGNER_LABEL).iter().map(|i| i.text.as_str()).collect())
        .collect();
    if number.is_some() || !signers.is_empty() {
        // 空二行 (§7.2.5): the first grid line whose characters (their em box
        // centred in the line) are two lines or more below the 标志's foot, as
        // the PDF counts; the space up to it is one exact-height paragraph.
        if foot > 0 {
            let em_top = (LINE_PITCH - 320) / 2;
            let line = (foot + 2 * LINE_PITCH - em_top).div_ceil(LINE_PITCH);
            spacer(&mut out, (line * LINE_PITCH).saturating_sub(end));
        }
        doc_number(&mut out, number.as_deref().unwrap_or(""), &signers);
        // The title three lines under the 发文字号 (空二行 under the rule): what
        // LibreOffice's print takes for the ruled line, measured, is more than
        // one line.
        spacer(&mut out, 2 * LINE_PITCH - RULED_EXTRA);
    } else if foot > 0 {
        spacer(&mut out, 2 * LINE_PITCH);
    }
    out
}

/// The empty line under the title (and subtitle) of a 版头 with a 发文字号,
/// [`TITLE_DRIFT`] short: the lines after it (主送, the body) are on the grid
/// lines the PDF puts them on, and the first page holds as many of them.
pub fn under_title() -> String {
    let mut out = String::new();
    spacer(&mut out, LINE_PITCH - TITLE_DRIFT);
    out
}

/// An empty paragraph exactly `twips` high, off the grid.
fn spacer(out: &mut String, twips: u32) {
    if twips > 0 {
        out.push_str(&format!(
            "<w:p><w:pPr><w:snapToGrid w:val=\"0\"/><w:spacing w:line=\"{twips}\" w:lineRule=\"exact\"/></w:pPr></w:p>"
        ));
    }
}

/// The size of a 发文机关标志 `cells` characters wide, in points, and its
/// horizontal scale in percent: as the PDF sets it, 42 pt condensed when wider
/// than the type area, to 60 % at most, then smaller.
fn issuer_size(cells: f32) -> (u32, u32) {
    let width = TEXT_WIDTH as f32 / 20.0;
    let natural = cells.max(1.0) * ISSUER_MAX_PT;
    if natural <= width {
        return (ISSUER_MAX_PT as u32, 100);
    }
    let scale = (width / natural * 100.0).floor();
    if scale >= MIN_SCALE {
        (ISSUER_MAX_PT as u32, scale as u32)
    } else {
        ((width / (cells * MIN_SCALE / 100.0)).floor() as u32, MIN_SCALE as u32)
    }
}

/// How far above its line LibreOffice sets a 小标宋 line of exactly its size
/// (0.19 em, measured in its print), in twips: added to the space before, so
/// that the characters' top edge is where the standard puts it.
fn issuer_lift(size: u32) -> u32 {
    size * 20 * 19 / 100
}

/// Red, at `size` points and `scale` % wide, not condensed to the body grid.
fn issuer_rpr(size: u32, scale: u32) -> String {
    let w = if scale < 100 { format!("<w:w w:val=\"{scale}\"/>") } else { String::new() };
    format!(
        "<w:color w:val=\"{RED}\"/><w:spacing w:val=\"0\"/>{w}<w:sz w:val=\"{0}\"/><w:szCs w:val=\"{0}\"/>",
        size * 2
    )
}

/// A joint issue: the organs stacked in 小一 (smaller for more than three, the
/// stack at most four lines high), each spread over one width, and the suffix
/// (`文件`) beside them at the single 标志's size, vertically centred — a
/// borderless table. Returns the stack's foot and the table's end, from the
/// type area's top.
fn joint(out: &mut String, issuers: &[String], suffix: Option<&str>, before: u32, top: u32) -> (u32, u32) {
    let n = issuers.len() as f32;
    let pitch = LINE_PITCH as f32 / 20.0;
    let size = (JOINT_PT.min(4.0 * pitch / (1.1 * (n - 1.0) + 1.0))).floor() as u32;
    let widest = issuers.iter().map(|s| cells(s)).fold(0.0, f32::max);
    let suffix_cells = suffix.map_or(0.0, cells);
    let suffix_size = ISSUER_MAX_PT as u32;
    // Half a character of slack: a name spread over exactly its width may wrap.
    let names_w = ((widest + 0.5) * size as f32 * 20.0).round() as u32;
    let suffix_w = ((suffix_cells + 0.5) * suffix_size as f32 * 20.0).round() as u32;
    let widths: Vec<u32> = if suffix.is_some() { vec![names_w, suffix_w] } else { vec![names_w] };
    // The 35 mm above the table, so that `文件` centres on the names alone.
    let lift = issuer_lift(size);
    spacer(out, before + lift);
    let nil = ["top", "left", "bottom", "right", "insideH", "insideV"]
        .map(|s| format!("<w:{s} w:val=\"nil\"/>"))
        .concat();
    out.push_str(&format!(
        "<w:tbl><w:tblPr><w:tblW w:w=\"{}\" w:type=\"dxa\"/><w:jc w:val=\"center\"/><w:tblBorders>{nil}</w:tblBorders>\
         <w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:left w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"0\" w:type=\"dxa\"/></w:tblCellMar>\
         <w:tblLook w:val=\"0000\"/></w:tblPr><w:tblGrid>",
        widths.iter().sum::<u32>()
    ));
    for w in &widths {
        out.push_str(&format!("<w:gridCol w:w=\"{w}\"/>"));
    }
    out.push_str("</w:tblGrid><w:tr>");
    // The names a tenth of their size apart.
    out.push_str(&format!("<w:tc><w:tcPr><w:tcW w:w=\"{names_w}\" w:type=\"dxa\"/></w:tcPr>"));
    for (k, name) in issuers.iter().enumerate() {
        let above = if k == 0 { 0 } else { size * 2 };
        let ppr = format!(
            "<w:spacing w:before=\"{above}\" w:line=\"{}\" w:lineRule=\"exact\"/><w:jc w:val=\"distribute\"/>",
            size * 20
        );
        paragraph(out, "Issuer", &ppr, name, &issuer_rpr(size, 100));
    }
    out.push_str("</w:tc>");
    let stack = issuers.len() as u32 * size * 22 - size * 2;
    if let Some(s) = suffix {
        out.push_str(&format!(
            "<w:tc><w:tcPr><w:tcW w:w=\"{suffix_w}\" w:type=\"dxa\"/><w:vAlign w:val=\"center\"/></w:tcPr>"
        ));
        // LibreOffice sets the larger 文件 higher above its line than the names:
        // space before it, twice the difference, since the cell centres it.
        let down = 2 * issuer_lift(suffix_size).saturating_sub(lift);
        let ppr =
            format!("<w:spacing w:before=\"{down}\" w:line=\"{}\" w:lineRule=\"exact\"/>", suffix_size * 20);
        paragraph(out, "Issuer", &ppr, s, &issuer_rpr(suffix_size, 100));
        out.push_str("</w:tc>");
    }
    out.push_str("</w:tr></w:tbl>");
    let height = if suffix.is_some() { stack.max(suffix_size * 20) } else { stack };
    (top + stack, top + lift + height)
}

/// 发文字号, centred; or (a 上行文) left 1 字 in with the 签发人 right, two names
/// a line, the number on the last line. The last line carries the red rule.
fn doc_number(out: &mut String, number: &str, signers: &[String]) {
    let rule = format!(
        "<w:pBdr><w:bottom w:val=\"single\" w:sz=\"{RULE_EIGHTHS}\" w:space=\"{}\" w:color=\"{RED}\"/></w:pBdr>",
        rule_space()
    );
    if signers.is_empty() {
        paragraph(out, "DocNumber", &rule, number, "");
        return;
    }
    let rows: Vec<String> = signers.chunks(2).map(|pair| pair.join("\u{3000}")).collect();
    let widest = rows.iter().map(|r| cells(r)).fold(0.0, f32::max);
    let right = 28.0 - 1.0;
    let names_at = ((right - widest) * CELL).round() as u32;
    let label_at = ((right - widest - 4.0) * CELL).round() as u32;
    let one = CELL.round() as u32;
    for (k, row) in rows.iter().enumerate() {
        let last = k + 1 == rows.len();
        let tabs = format!(
            "<w:tabs><w:tab w:val=\"left\" w:pos=\"{one}\"/><w:tab w:val=\"left\" w:pos=\"{label_at}\"/>\
             <w:tab w:val=\"left\" w:pos=\"{names_at}\"/></w:tabs><w:jc w:val=\"left\"/>"
        );
        let ppr = if last { format!("{rule}{tabs}") } else { tabs };
        out.push_str(&format!("<w:p><w:pPr><w:pStyle w:val=\"DocNumber\"/>{ppr}</w:pPr>"));
        // Tab stops: 1 字 in (the number), the label, the names.
        let lead = if last { format!("\t{number}") } else { "\t".to_string() };
        let label = if k == 0 { format!("\t{SIGNER_LABEL}") } else { "\t\t".to_string() };
        run(out, &(lead + &label), "");
        run(out, row, "<w:rStyle w:val=\"SignerName\"/>");
        out.push_str("</w:p>");
    }
}

/// The rule's distance under the 发文字号's line, in points: 4 mm under the
/// characters' foot, which LibreOffice's print puts 6.2 pt above the line's foot
/// on the grid; the rule's middle is half its width further down.
fn rule_space() -> u32 {
    let text_foot_pt = 6.2 + RULE_EIGHTHS as f32 / 16.0;
    (RULE_BELOW_MM / 25.4 * 72.0 - text_foot_pt).round().max(0.0) as u32
}

/// `附件1` on a new page, flush left in 3号黑体; the blank line after it puts
/// the issued document's title on line 3.
pub fn annex_label(b: &Block) -> String {
    let mut out = String::new();
    paragraph(&mut out, "AnnexLabel", "", &b.plain_text(), "");
    out.push_str("<w:p><w:pPr><w:keepNext/></w:pPr></w:p>");
    out
}

/// The 版记's paragraphs (the section before it is closed by the caller): the
/// space above them puts the last rule on the type area's bottom edge.
pub fn imprint(blocks: &[Block]) -> String {
    let cc = blocks.iter().find(|b| b.role == Role::CopyTo).map(Block::plain_text);
    let by = blocks.iter().find(|b| b.role == Role::PrintedBy).map(Block::plain_text);
    let on = blocks.iter().find(|b| b.role == Role::PrintedOn).map(Block::plain_text);
    let printed = by.is_some() || on.is_some();
    let cc_lines = cc.as_deref().map_or(0, cc_line_count);
    let rules = if cc.is_some() && printed { [THICK, THIN, THICK].as_slice() } else { &[THICK, THICK] };
    let ruled = rules.iter().map(|&sz| RULE_LINE + sz * 20 / 8).sum::<u32>();
    let height = IMPRINT_LINE * (cc_lines + u32::from(printed)) + ruled;
    let type_height = LINE_PITCH * crate::page::LINES as u32;
    let mut out = String::new();
    rule(&mut out, THICK, type_height.saturating_sub(height));
    let one = IMPRINT_CHAR;
    if let Some(cc) = &cc {
        let hang = ((cells(cc.split('：').next().unwrap_or("")) + 1.0) * one as f32).round() as u32;
        let ppr = format!("<w:ind w:left=\"{}\" w:right=\"{one}\" w:hanging=\"{hang}\"/>", one + hang);
        paragraph(&mut out, "Imprint", &ppr, cc, "");
        if printed {
            rule(&mut out, THIN, 0);
        }
    }
    if printed {
        let ppr = format!(
            "<w:tabs><w:tab w:val=\"right\" w:pos=\"{}\"/></w:tabs><w:ind w:left=\"{one}\" w:right=\"{one}\"/>",
            TEXT_WIDTH - one
        );
        let text = format!("{}\t{}", by.unwrap_or_default(), on.unwrap_or_default());
        paragraph(&mut out, "Imprint", &ppr, &text, "");
    }
    rule(&mut out, THICK, 0);
    out
}

/// A 版记 rule `sz` eighths of a point thick: the bottom border of an empty
/// paragraph [`RULE_LINE`] high without indents — a border spans its
/// paragraph's indents, and the text is 1 字 in — `before` twips under what
/// precedes it.
fn rule(out: &mut String, sz: u32, before: u32) {
    let before = if before > 0 { format!(" w:before=\"{before}\"") } else { String::new() };
    out.push_str(&format!(
        "<w:p><w:pPr><w:pStyle w:val=\"Imprint\"/><w:pBdr><w:bottom w:val=\"single\" w:sz=\"{sz}\" w:space=\"0\" \
         w:color=\"000000\"/></w:pBdr><w:spacing{before} w:line=\"{RULE_LINE}\" w:lineRule=\"exact\"/></w:pPr></w:p>"
    ));
}

/// Lines the 抄送 takes: 1 字 in on both sides, wrapped lines after the colon.
fn cc_line_count(cc: &str) -> u32 {
    let per_line = |indent: f32| ((TEXT_WIDTH as f32 / IMPRINT_CHAR as f32) - 2.0 - indent).floor().max(1.0);
    let label = cells(cc.split('：').next().unwrap_or("")) + 1.0;
    let total = cells(cc);
    let first = per_line(0.0);
    if total <= first {
        1
    } else {
        1 + ((total - first) / per_line(label)).ceil() as u32
    }
}

/// One paragraph of `style` with extra properties `ppr` holding `text` in one
/// run with the run properties `rpr`.
fn paragraph(out: &mut String, style: &str, ppr: &str, text: &str, rpr: &str) {
    out.push_str(&format!("<w:p><w:pPr><w:pStyle w:val=\"{style}\"/>{ppr}</w:pPr>"));
    run(out, text, rpr);
    out.push_str("</w:p>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_cc_wraps_after_its_colon() {
        assert_eq!(cc_line_count("抄送：甲，乙。"), 1);
        let long = format!("抄送：{}。", "区教育局，".repeat(8));
        assert_eq!(cc_line_count(&long), 2);
    }

    #[test]
    fn the_issuer_is_condensed_then_set_smaller_to_fit_the_type_area() {
        assert_eq!(issuer_size(9.0), (42, 100));
        assert_eq!(issuer_size(14.0), (42, 75));
        assert_eq!(issuer_size(20.0), (36, 60));
    }
}

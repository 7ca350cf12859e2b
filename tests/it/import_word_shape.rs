//! `wengao import` on Word files (issue 19, second round): levels told by
//! indentation alone, Word's `(1)` labels, 附件说明 after a month table, decimal
//! headings without a separator, guess comments above what they are about, a
//! labelled date. Each builds its own DOCX and runs importcheck on the import.

use super::{centred, check, docx, filler, p, p_with, table};

/// A paragraph indented `chars` characters from the left (`w:leftChars`).
fn indented(chars: u32, text: &str) -> String {
    p_with(&format!(r#"<w:ind w:left="{}" w:leftChars="{}"/>"#, chars * 210, chars * 100), text)
}

#[test]
fn a_deeper_indent_of_the_same_number_is_the_level_below() {
    let body = [
        centred("2024年工会工作计划"),
        p("1、加强学习"),
        indented(2, "1、组织学习工会法"),
        filler(1),
        indented(2, "2、开展专题培训"),
        filler(1),
        p("2、服务职工"),
        // Leading full-width spaces indent as much as w:ind.
        p("\u{3000}\u{3000}1、帮扶困难职工"),
        filler(1),
        p("3、加强自身建设"),
        filler(1),
    ]
    .concat();
    let (toml, _, report) = check("indent-levels", &docx(&body, None, &[]));
    assert!(report.contains("sections L1/L2/L3/L4 3/3/0/0"), "{report}\n{toml}");
    // The guess sits right above the section it is about.
    let guess = "# 猜测：“1、帮扶困难职工”比同样编号的标题缩进更深，读作第 2 级标题";
    assert!(
        toml.contains(&format!(
            "title = \"服务职工\"\n\n{guess}\n[[section.section]]\ntitle = \"帮扶困难职工\""
        )),
        "{toml}"
    );
}

/// Word numbering `(%1)` (and `（%1）`) at level 0 of list 7.
fn paren_numbering(text: &str) -> String {
    format!(
        r#"<w:abstractNum w:abstractNumId="3"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="{text}"/></w:lvl></w:abstractNum><w:num w:numId="7"><w:abstractNumId w:val="3"/></w:num>"#
    )
}

#[test]
fn word_paren_labels_keep_the_form_the_reader_saw() {
    let listed = |t: &str| p_with(r#"<w:numPr><w:ilvl w:val="0"/><w:numId w:val="7"/></w:numPr>"#, t);
    for label in ["(%1)", "（%1）"] {
        let body = [
            centred("会议安排"),
            p("一、会前准备"),
            p("做好以下准备工作："),
            listed("印发会议通知；"),
            listed("准备会议材料；"),
            listed("布置会场。"),
            p("二、会议议程"),
            filler(2),
        ]
        .concat();
        let (toml, md, report) = check("paren-labels", &docx(&body, Some(&paren_numbering(label)), &[]));
        for (n, item) in ["印发会议通知；", "准备会议材料；", "布置会场。"].iter().enumerate()
        {
            let seen = [format!("（{}）{item}", n + 1), format!("({}){item}", n + 1)];
            assert!(
                md.lines().any(|l| seen.contains(&l.to_string())),
                "{label}: `{}` is not as the reader saw it:\n{md}\n{toml}\n{report}",
                seen[0]
            );
        }
    }
}

#[test]
fn attachments_after_a_month_table_are_attachments() {
    let body = [
        centred("2024年工会工作计划"),
        p("一、指导思想"),
        filler(2),
        p("二、工作安排"),
        table(&[&["月份", "工作内容"], &["三月", "三八节活动"], &["五月", "职工运动会"]]),
        p("附件：1.2024年工会经费预算表"),
        p("2.2024年职工活动安排表"),
        p("××中学工会"),
        p("2024年1月8日"),
    ]
    .concat();
    let (toml, _, _) = check("attachments-after-table", &docx(&body, None, &[]));
    assert!(
        toml.contains("[[attachment]]\ntitle = \"2024年工会经费预算表\"")
            && toml.contains("[[attachment]]\ntitle = \"2024年职工活动安排表\""),
        "{toml}"
    );
    assert!(toml.contains("[[schedule.entry]]\nwhen = \"五月\""), "{toml}");
    assert!(!toml.contains("附件："), "{toml}");
}

#[test]
fn explain_calls_a_bullet_a_bullet() {
    let numbering = r#"<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl></w:abstractNum><w:num w:numId="5"><w:abstractNumId w:val="1"/></w:num>"#;
    let bullet = p_with(r#"<w:numPr><w:ilvl w:val="0"/><w:numId w:val="5"/></w:numPr>"#, "提交自评报告");
    let body = [centred("工作安排"), p("本周要做的事"), bullet, filler(1)].concat();
    let i =
        wengao::import::import(std::path::Path::new("b.docx"), &docx(&body, Some(numbering), &[])).unwrap();
    let line = i.explain.iter().find(|(at, _)| *at == 3).map(|e| e.1.as_str()).unwrap_or_default();
    assert!(line.starts_with("paragraph (a bullet): 提交自评报告"), "{:?}", i.explain);
}

#[test]
fn decimal_headings_without_a_space_are_headings_and_numbers_in_text_are_not() {
    let bold = |t: &str| format!(r#"<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>{t}</w:t></w:r></w:p>"#);
    let outline = |lvl: u8, t: &str| p_with(&format!(r#"<w:outlineLvl w:val="{lvl}"/>"#), t);
    let body = [
        centred("项目工作计划"),
        bold("1.项目概述"),
        filler(1),
        bold("1.1项目背景"),
        filler(1),
        bold("1.2项目目标"),
        filler(1),
        bold("2.实施安排"),
        bold("2.1需求分析"),
        filler(1),
        // Numbers of the text: a paragraph's shape says they are no headings.
        p("2.5倍于去年的投入"),
        p("2024.1起实行新的考核办法，按月通报进度。"),
        p("1.5万元用于培训"),
    ]
    .concat();
    let (toml, md, report) = check("tight-decimal", &docx(&body, None, &[]));
    assert!(report.contains("sections L1/L2/L3/L4 2/3/0/0"), "{report}\n{toml}");
    let guess = "读作第 2 级标题（编号后无空格，但段落短、无句号，且加粗或用标题样式）";
    assert!(toml.contains(&format!("{guess}\n[[section.section]]\ntitle = \"需求分析\"")), "{toml}");
    for text in ["2.5倍于去年的投入", "2024.1起实行新的考核办法，按月通报进度。", "1.5万元用于培训"]
    {
        assert!(md.lines().any(|l| l == text), "`{text}` is no paragraph:\n{md}\n{toml}");
    }
    // In heading styles (outline levels) the numbers go too.
    let body = [
        centred("项目工作计划"),
        outline(1, "1.项目概述"),
        outline(2, "1.1项目背景"),
        filler(1),
        outline(1, "2.实施安排"),
        outline(2, "2.1需求分析"),
        filler(1),
        // Not bold, no heading style: a paragraph.
        p("3.1平方米的展板"),
    ]
    .concat();
    let (toml, md, report) = check("tight-decimal-styled", &docx(&body, None, &[]));
    assert!(report.contains("sections L1/L2/L3/L4 2/2/0/0"), "{report}\n{toml}");
    assert!(toml.contains("title = \"项目背景\"") && toml.contains("title = \"需求分析\""), "{toml}");
    assert!(md.lines().any(|l| l == "3.1平方米的展板"), "{md}");
}

/// A multi-level Word list of headings whose levels 0 and 1 are both labelled
/// `%N.`: level 1 (`w:ilvl="1"`) is the heading level below, whether the
/// abstractNum indents it (`w:ind` of the level) or not.
#[test]
fn word_list_levels_are_heading_levels() {
    let level = |ilvl: u8, ind: &str| {
        format!(
            r#"<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%{}."/><w:pPr>{ind}</w:pPr></w:lvl>"#,
            ilvl + 1
        )
    };
    let listed = |ilvl: u8, t: &str| {
        p_with(&format!(r#"<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="4"/></w:numPr>"#), t)
    };
    let body = [
        centred("2024年项目工作计划"),
        listed(0, "项目概述"),
        listed(1, "项目背景"),
        filler(1),
        listed(1, "项目目标"),
        filler(1),
        listed(0, "实施安排"),
        listed(1, "需求分析"),
        filler(1),
        listed(1, "开发测试"),
        filler(1),
        listed(0, "保障措施"),
        filler(1),
    ]
    .concat();
    let indents =
        [(r#"<w:ind w:left="420" w:hanging="420"/>"#, r#"<w:ind w:left="840" w:hanging="420"/>"#), ("", "")];
    for (ind0, ind1) in indents {
        let numbering = format!(
            r#"<w:abstractNum w:abstractNumId="2">{}{}</w:abstractNum><w:num w:numId="4"><w:abstractNumId w:val="2"/></w:num>"#,
            level(0, ind0),
            level(1, ind1)
        );
        let (toml, _, report) = check("list-levels", &docx(&body, Some(&numbering), &[]));
        assert!(report.contains("sections L1/L2/L3/L4 3/4/0/0"), "{ind1:?}: {report}\n{toml}");
        let guess = "# 猜测：“1.需求分析”在 Word 编号列表的第 2 层（比同样编号的标题深），读作第 2 级标题";
        assert!(toml.contains(&format!("title = \"实施安排\"\n\n{guess}\n[[section.section]]\n")), "{toml}");
        assert!(toml.contains("[[section.section]]\ntitle = \"开发测试\""), "{toml}");
    }
}

/// A bulleted list defined through a numbering style (`w:numStyleLink` →
/// `w:styleLink`, as Word writes a list style) keeps its bullets, and its
/// deeper levels nest: one step at most below the item before, a run starting
/// deep at the outside.
#[test]
fn nested_bullets_of_a_list_style_stay_nested() {
    let level = |ilvl: u8, text: &str| {
        format!(
            r#"<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="{text}"/></w:lvl>"#
        )
    };
    let numbering = format!(
        r#"<w:abstractNum w:abstractNumId="0"><w:numStyleLink w:val="ListStyle"/></w:abstractNum><w:abstractNum w:abstractNumId="1"><w:styleLink w:val="ListStyle"/>{}{}{}</w:abstractNum><w:num w:numId="6"><w:abstractNumId w:val="0"/></w:num>"#,
        level(0, "-"),
        level(1, "•"),
        level(2, "-")
    );
    let item = |ilvl: u8, t: &str| {
        p_with(&format!(r#"<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="6"/></w:numPr>"#), t)
    };
    let body = [
        centred("项目总结"),
        p("一、完成情况"),
        item(0, "首先是完成情况"),
        item(1, "页面完成九成以上"),
        item(2, "发布页面没有做"),
        item(1, "后台部分未完成"),
        item(0, "然后是问题"),
        p("另有一段说明文字。"),
        item(2, "一个从深层开始的条目"),
    ]
    .concat();
    let (toml, md, _) = check("list-style", &docx(&body, Some(&numbering), &[]));
    let nested = "- 首先是完成情况\n\n  - 页面完成九成以上\n\n    - 发布页面没有做\n\n  - 后台部分未完成\n\n- 然后是问题\n";
    assert!(md.contains(nested), "{md}\n{toml}");
    assert!(md.lines().any(|l| l == "- 一个从深层开始的条目"), "{md}");
}

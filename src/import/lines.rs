//! Text and Markdown files → [`Line`]s, the same shape a DOCX is read into.
//!
//! In: decoded text and whether it is Markdown. Out: one [`Line`] a paragraph,
//! heading, list item or table, with its line number. Markdown: `#` headings give a
//! level hint (their typed numbers still decide), `**` around a whole heading is
//! taken off, list items keep their text (`- 1、召开会议` → `1、召开会议`), lines of a
//! paragraph are joined, tables become rows of cells. Plain text: a line is a
//! paragraph, unless blank lines separate the paragraphs, then the lines between
//! them are joined (text wrapped by a mail program or a PDF reader).

use super::Line;

/// Joins two pieces of a wrapped paragraph: nothing between Chinese, a space
/// between Latin words.
fn join(a: &mut String, b: &str) {
    let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == ',');
    if latin(a.chars().last()) && latin(b.chars().next()) {
        a.push(' ');
    }
    a.push_str(b);
}

/// The lines of a plain-text file.
pub fn from_text(text: &str) -> Vec<Line> {
    let raw: Vec<&str> = text.lines().collect();
    let blank = raw.iter().filter(|l| l.trim().is_empty()).count();
    let nonblank = raw.len() - blank;
    // Paragraphs separated by blank lines, and some of them spread over lines.
    let wrapped = blank * 3 >= nonblank.max(1)
        && raw.windows(2).any(|w| !w[0].trim().is_empty() && !w[1].trim().is_empty());
    let mut out: Vec<Line> = Vec::new();
    let mut open = false;
    for (i, l) in raw.iter().enumerate() {
        let t = l.trim();
        if t.is_empty() {
            open = false;
            continue;
        }
        let starts_item = crate::markers::find(t).is_some();
        match out.last_mut() {
            Some(last) if wrapped && open && !starts_item => join(&mut last.text, t),
            _ => out.push(Line {
                text: t.to_string(),
                at: i + 1,
                indent: super::levels::leading_indent(l),
                ..Line::default()
            }),
        }
        open = true;
    }
    out
}

/// The lines of a Markdown file.
pub fn from_markdown(text: &str) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::new();
    let mut open = false;
    let mut fence = false;
    let mut table: Option<(usize, Vec<Vec<String>>)> = None;
    let flush_table = |out: &mut Vec<Line>, table: &mut Option<(usize, Vec<Vec<String>>)>| {
        if let Some((at, rows)) = table.take() {
            out.push(Line { at, table: Some(rows), ..Line::default() });
        }
    };
    for (i, l) in text.lines().enumerate() {
        let t = l.trim();
        if t.starts_with("```") || t.starts_with("~~~") {
            fence = !fence;
            open = false;
            continue;
        }
        if fence {
            out.push(Line { text: t.to_string(), at: i + 1, ..Line::default() });
            continue;
        }
        if t.starts_with('|') {
            let cells: Vec<String> = t.trim_matches('|').split('|').map(|c| c.trim().to_string()).collect();
            let delimiter =
                cells.iter().all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')));
            let rows = &mut table.get_or_insert((i + 1, Vec::new())).1;
            if !delimiter {
                rows.push(cells);
            }
            open = false;
            continue;
        }
        flush_table(&mut out, &mut table);
        if t.is_empty() || t == "---" || t == "***" {
            open = false;
            continue;
        }
        let hashes = t.chars().take_while(|c| *c == '#').count();
        if (1..=6).contains(&hashes) && t[hashes..].starts_with(' ') {
            let mut h = t[hashes..].trim();
            // `## 标题 {#id .class}`: the attributes are not text.
            if let Some(at) = h.rfind(" {").filter(|_| h.ends_with('}')) {
                h = h[..at].trim_end();
            }
            let h = h.strip_prefix("**").and_then(|x| x.strip_suffix("**")).unwrap_or(h);
            out.push(Line { text: h.to_string(), at: i + 1, heading: Some(hashes as u8), ..Line::default() });
            open = false;
            continue;
        }
        let list_item = ["- ", "* ", "+ "].iter().find_map(|m| t.strip_prefix(m)).or_else(|| {
            let digits = t.chars().take_while(char::is_ascii_digit).count();
            (digits > 0 && t[digits..].starts_with(". ")).then(|| &t[digits + 2..])
        });
        if let Some(item) = list_item {
            out.push(Line { text: item.trim().to_string(), at: i + 1, list: true, ..Line::default() });
            open = true;
            continue;
        }
        let quote = t.strip_prefix('>').map(str::trim).unwrap_or(t);
        match out.last_mut() {
            Some(last) if open && last.heading.is_none() && crate::markers::find(quote).is_none() => {
                join(&mut last.text, quote)
            }
            _ => out.push(Line { text: quote.to_string(), at: i + 1, ..Line::default() }),
        }
        open = true;
    }
    flush_table(&mut out, &mut table);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_headings_lists_paragraphs_and_tables() {
        let md = "# **标题**\n\n第一段的\n续行。\n\n## 二、主要工作 {#s-2}\n\n- 1、召开会议\n- 2、学习\n\n| 月份 | 要点 |\n| --- | --- |\n| 二月 | 开会 |\n";
        let lines = from_markdown(md);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["标题", "第一段的续行。", "二、主要工作", "1、召开会议", "2、学习", ""]);
        assert_eq!(lines[0].heading, Some(1));
        assert_eq!(lines[2].heading, Some(2));
        assert!(lines[3].list);
        assert_eq!(
            lines[5].table.as_ref().unwrap(),
            &vec![vec!["月份".to_string(), "要点".into()], vec!["二月".into(), "开会".into()]]
        );
        assert_eq!(lines[2].at, 6);
    }

    #[test]
    fn text_lines_are_paragraphs_unless_blank_lines_separate_wrapped_ones() {
        let one = from_text("标题\n一、学习\n内容。\n");
        assert_eq!(one.len(), 3);
        let wrapped = from_text("标题\n\n第一段\n续行。\n\n一、学习\n\n内容\n");
        let texts: Vec<&str> = wrapped.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["标题", "第一段续行。", "一、学习", "内容"]);
    }
}

//! Unit tests of the Markdown stage: roles, bold repair, soft breaks, pictures,
//! captions, footnotes and the rewriting of image paths.

use super::*;

fn runs(md: &str) -> Vec<(String, bool)> {
    parse(md)[0].inlines.iter().map(|i| (i.text.clone(), i.bold)).collect()
}

#[test]
fn bold_next_to_chinese_punctuation() {
    assert_eq!(
        runs("**重点工作：**一是抓学习。"),
        vec![("重点工作：".to_string(), true), ("一是抓学习。".to_string(), false)]
    );
    // Ordinary bold still works, and a lone ** stays literal.
    assert_eq!(
        runs("这是**重点**。"),
        vec![("这是".into(), false), ("重点".into(), true), ("。".into(), false)]
    );
    assert_eq!(runs("5**2"), vec![("5**2".into(), false)]);
}

#[test]
fn roles_come_from_heading_classes() {
    let md = "# 计划 {.title}\n\n## 一、学习 {#s-1}\n\n正文\n第二行\n\n###### 某工会 {.signature}\n";
    let blocks = parse(md);
    let roles: Vec<Role> = blocks.iter().map(|b| b.role).collect();
    assert_eq!(roles, vec![Role::Title, Role::Heading(1), Role::Paragraph, Role::Signature]);
    assert_eq!(blocks[1].id.as_deref(), Some("s-1"));
    assert_eq!(blocks[2].plain_text(), "正文第二行");
}

#[test]
fn soft_breaks_between_latin_words_are_spaces() {
    assert_eq!(parse("word\nnext")[0].plain_text(), "word next");
}

#[test]
fn images_are_picture_blocks() {
    let blocks =
        parse("前文\n![运动会 现场](photos/a.jpg \"图1 运动会\")后文\n\n| a |\n|---|\n| ![格](b.png) |\n");
    let roles: Vec<Role> = blocks.iter().map(|b| b.role).collect();
    assert_eq!(roles, vec![Role::Paragraph, Role::Picture, Role::Paragraph, Role::Table]);
    let image = &blocks[1].images[0];
    assert_eq!((image.src.as_str(), image.alt.as_str()), ("photos/a.jpg", "运动会 现场"));
    assert_eq!(image.title, "图1 运动会");
    assert_eq!(blocks[2].plain_text(), "后文");
    assert_eq!(blocks[3].table.as_ref().unwrap().rows[0][0][0].text, "格");
}

#[test]
fn footnotes_are_references_and_note_blocks() {
    let blocks =
        parse("数据[^1]见表[^src]。\n\n[^1]: 数据来自\n    工会统计。\n\n    第二段。\n[^src]: 来源。\n");
    let roles: Vec<Role> = blocks.iter().map(|b| b.role).collect();
    assert_eq!(roles, vec![Role::Paragraph, Role::Note, Role::Note]);
    let notes: Vec<Option<&str>> = blocks[0].inlines.iter().map(|i| i.note.as_deref()).collect();
    assert_eq!(notes, vec![None, Some("1"), None, Some("src"), None]);
    assert_eq!(blocks[1].id.as_deref(), Some("1"));
    assert_eq!(blocks[1].plain_text().trim(), "数据来自工会统计。 第二段。");
}

#[test]
fn captions_and_widths_belong_to_the_picture() {
    let blocks =
        parse("![a](a.jpg){width=60%}\n\n图1 运动会现场\n\n![b](b.png \"图2 徽标\")\n\n图表说明如下。\n");
    let roles: Vec<Role> = blocks.iter().map(|b| b.role).collect();
    assert_eq!(roles, vec![Role::Picture, Role::Picture, Role::Paragraph]);
    let (a, b) = (&blocks[0].images[0], &blocks[1].images[0]);
    assert_eq!((a.width, a.caption[0].text.as_str()), (Some(60), "图1 运动会现场"));
    assert_eq!((b.width, b.caption[0].text.as_str()), (None, "图2 徽标"));
    // A paragraph that only starts with 图 is body text; a size hint alone stays text.
    assert_eq!(blocks[2].plain_text(), "图表说明如下。");
    assert_eq!(parse("文字{width=60%}")[0].plain_text(), "文字{width=60%}");
}

#[test]
fn image_paths_are_rewritten_in_place() {
    let md = "前文 ![a](x/a.jpg \"t\") 与 ![b](<b c.png>)\n\n[link](x/a.jpg)\n";
    let out = rewrite_image_paths(md, |p| Some(format!("../{p}")));
    assert_eq!(out, "前文 ![a](../x/a.jpg \"t\") 与 ![b](<../b c.png>)\n\n[link](x/a.jpg)\n");
}

#[test]
fn raw_html_is_text() {
    assert_eq!(parse("<script>x</script>")[0].plain_text(), "<script>x</script>");
}

#[test]
fn list_items_carry_numbers() {
    let blocks = parse("1. 甲\n2. 乙\n");
    assert_eq!(blocks[1].marker.as_deref(), Some("2."));
    assert_eq!(blocks[1].role, Role::ListItem { depth: 0 });
}

#[test]
fn schedule_tables_are_marked() {
    let md = "###### 附：要点 {.schedule}\n\n| 月份 | 工作要点 |\n| --- | --- |\n| 二月 | 1. 开会 |\n|  | 2. 公开 |\n";
    let blocks = parse(md);
    let table = blocks[1].table.as_ref().unwrap();
    assert!(table.schedule);
    assert_eq!(table.rows.len(), 2);
    assert!(table.rows[1][0].is_empty());
}

#[test]
fn pictures_next_to_each_other_form_a_row() {
    let blocks = parse(
        "![a](a.jpg \"图1 甲\") ![b](b.jpg)\n![c](c.jpg){width=80%}\n\n图4 照片选编\n\n\
         ![d](d.jpg)\n\n![e](e.jpg)\n\n文字 ![f](f.jpg) 又 ![g](g.jpg)\n",
    );
    let shape: Vec<(Role, usize)> = blocks.iter().map(|b| (b.role, b.images.len())).collect();
    assert_eq!(
        shape,
        vec![
            (Role::Picture, 3),
            (Role::Picture, 1),
            (Role::Picture, 1),
            (Role::Paragraph, 0),
            (Role::Picture, 1),
            (Role::Paragraph, 0),
            (Role::Picture, 1),
        ]
    );
    let row = &blocks[0];
    let srcs: Vec<&str> = row.images.iter().map(|m| m.src.as_str()).collect();
    assert_eq!(srcs, vec!["a.jpg", "b.jpg", "c.jpg"]);
    assert_eq!(row.images[0].caption[0].text, "图1 甲");
    assert_eq!(row.images[2].width, Some(80));
    // The 图N paragraph after a row is the row's own caption.
    assert_eq!(row.plain_text(), "图4 照片选编");
    assert!(row.images.iter().skip(1).all(|m| m.caption.is_empty()));
    // Separate paragraphs stay separate pictures; text between breaks a row.
    assert_eq!((blocks[3].plain_text().trim(), blocks[5].plain_text().trim()), ("文字", "又"));
}

#[test]
fn more_than_three_pictures_side_by_side_make_even_rows() {
    let rows = |n: usize| -> Vec<usize> {
        let md: Vec<String> = (0..n).map(|k| format!("![{k}]({k}.jpg)")).collect();
        parse(&(md.join(" ") + "\n\n图9 选编\n")).iter().map(|b| b.images.len()).collect()
    };
    assert_eq!(rows(4), vec![2, 2]);
    assert_eq!(rows(5), vec![3, 2]);
    assert_eq!(rows(7), vec![3, 2, 2]);
    let blocks = parse("![a](a.jpg) ![b](b.jpg) ![c](c.jpg) ![d](d.jpg)\n\n图9 选编\n");
    assert_eq!((blocks[0].plain_text(), blocks[1].plain_text()), (String::new(), "图9 选编".to_string()));
}

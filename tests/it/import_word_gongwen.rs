//! `wengao import` of a 公文 template (issue 19 point 5, issue 20 point 7): the
//! 版头 in text boxes and paragraphs, the 主送, the 附注 and the 版记 in a table
//! fill `[masthead]`, `addressee`, `remark` and `[imprint]`, each with a comment
//! saying where it came from; nothing is lost, since the frame prints them.

use super::{boxed, boxed_xml, centred, check, docx, filler, p, table};
use std::path::Path;

/// The template: 份号, 密级, 紧急程度 as paragraphs, the 发文机关标志 in a text
/// box, the 发文字号 line `number_line`, title, 主送, body, 附件, 落款, date, 附注,
/// and the 版记 as a table in a text box.
fn template(number_line: &str) -> Vec<u8> {
    let record = table(&[&["抄送：区教育局，区总工会。"], &["××区教育工会办公室", "2025年1月6日印发"]]);
    let body = [
        p("000001"),
        p("秘密★1年"),
        p("特急"),
        boxed("", "××区教育工会文件"),
        centred(number_line),
        centred("关于印发《××区教育工会2025年工作计划》的通知"),
        p("各中小学工会："),
        p("现将《××区教育工会2025年工作计划》印发给你们，请结合实际认真贯彻落实。"),
        filler(2),
        p("附件：××区教育工会2025年工作计划"),
        p("××区教育工会"),
        p("2025年1月6日"),
        p("（联系人：张三，电话：12345678）"),
        boxed_xml("", &record),
    ]
    .concat();
    docx(&body, None, &[])
}

#[test]
fn a_gongwen_template_fills_the_frame_fields() {
    let bytes = template("×教工〔2025〕3号");
    let (toml, md, report) = check("gongwen", &bytes);
    for key in [
        // A 通知 that issues a plan is no plan: no `kind` guessed.
        "title = \"关于印发《××区教育工会2025年工作计划》的通知\"\n# 猜测：主送机关",
        "addressee = \"各中小学工会\"",
        "organization = \"××区教育工会\"\ndate = 2025-01-06",
        "remark = \"联系人：张三，电话：12345678\"",
        "\n[masthead]\n",
        "copy_number = \"000001\"",
        "secrecy = \"秘密★1年\"",
        "urgency = \"特急\"",
        "issuer = \"××区教育工会文件\"",
        "number = \"×教工〔2025〕3号\"",
        "\n[imprint]\n",
        "cc = [\"区教育局\", \"区总工会\"]",
        "printed_by = \"××区教育工会办公室\"\nprinted_on = 2025-01-06",
    ] {
        assert!(toml.contains(key), "`{key}` missing:\n{toml}");
    }
    // Each guessed key has its comment right above it.
    for (comment, key) in [
        ("# 猜测：主送机关取自第 8 段（标题后以冒号结尾的一行）", "addressee"),
        ("# 猜测：附注取自日期后的第 15 段（圆括号里的一行）", "remark"),
        ("# 猜测：发文机关标志取自第 4 段（“××区教育工会文件”，文本框）", "issuer"),
        ("# 猜测：发文字号取自第 6 段（“×教工〔2025〕3号”）", "number"),
        ("# 猜测：抄送取自第 16 段的表格（“抄送：区教育局，区总工会。”，文本框）", "cc"),
    ] {
        assert!(toml.contains(&format!("{comment}\n{key} = ")), "`{comment}` not above {key}:\n{toml}");
    }
    // The text that filled a field left the body: printed once, by the frame.
    let values: String = toml.lines().filter(|l| !l.starts_with('#')).collect::<Vec<_>>().join("\n");
    for text in ["各中小学工会：", "抄送", "日印发", "（联系人", "秘密★1年\n", "××区教育工会文件\n"]
    {
        assert!(!values.contains(text), "{text}: {toml}");
    }
    for line in [
        "###### 000001 {.copy-number}",
        "###### ××区教育工会文件 {.issuer}",
        "###### ×教工〔2025〕3号 {.doc-number}",
        "###### 各中小学工会： {.addressee}",
        "###### （联系人：张三，电话：12345678） {.remark}",
        "###### 抄送：区教育局，区总工会。 {.copy-to}",
        "###### 2025年1月6日印发 {.printed-on}",
    ] {
        assert!(md.lines().any(|l| l == line), "`{line}` not printed:\n{md}");
    }
    assert!(report.contains("PASS  no duplicated text"), "{report}");
    // The TOML loads with no warning, its fields typed.
    let loaded = wengao::input::parse(Path::new("gongwen.toml"), toml.as_bytes()).unwrap();
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    let doc = &loaded.document;
    let imprint = doc.imprint.as_ref().unwrap();
    assert_eq!(imprint.printed_on.as_ref().unwrap().get_ref().to_string(), "2025-01-06");
    assert_eq!(doc.masthead.as_ref().unwrap().issuer.as_ref().unwrap().list(), ["××区教育工会文件"]);
    // The command's summary lists the guesses.
    let i = wengao::import::import(Path::new("gongwen.docx"), &bytes).unwrap();
    for what in [
        "发文机关标志",
        "发文字号",
        "份号",
        "密级",
        "紧急程度",
        "主送机关",
        "附注",
        "抄送",
        "印发机关和印发日期",
    ] {
        let guess = format!("猜测：{what}取自");
        assert!(i.summary.notes.iter().any(|(_, n)| n.starts_with(&guess)), "{what}: {:?}", i.summary.notes);
    }
}

/// A 上行文's 发文字号 line carries the 签发人: the names are `signers`. (The
/// Markdown prints the names without the label `签发人：`, which the PDF and DOCX
/// frame set beside them, so importcheck is not run on this one.)
#[test]
fn the_signers_of_an_upward_document_are_read() {
    let bytes = template("×教工〔2025〕3号　　　　签发人：张三　李四");
    let i = wengao::import::import(Path::new("up.docx"), &bytes).unwrap();
    assert!(
        i.toml.contains(
            "# 猜测：发文字号和签发人取自第 6 段（“×教工〔2025〕3号 签发人：张三 李四”）\nnumber = \"×教工〔2025〕3号\"\nsigners = [\"张三\", \"李四\"]\n"
        ),
        "{}",
        i.toml
    );
    let loaded = wengao::input::parse(Path::new("up.toml"), i.toml.as_bytes()).unwrap();
    let m = loaded.document.masthead.unwrap();
    assert_eq!(m.signers.unwrap().list(), ["张三", "李四"]);
    assert_eq!(m.number.unwrap().get_ref(), "×教工〔2025〕3号");
}

/// The same frame typed into a text file: the fields come in as from Word, and the
/// summary lists the guesses in the order of the file.
#[test]
fn a_gongwen_in_a_text_file_fills_the_fields_too() {
    let text = "000001\n特急\n××区教育工会文件\n×教工〔2025〕3号\n关于做好寒假安全工作的通知\n各中小学工会：\n请做好寒假安全工作。\n××区教育工会\n2025年1月6日\n（此件公开发布）\n抄送：区教育局。\n××区教育工会办公室\n2025年1月6日印发\n";
    let i = wengao::import::import(Path::new("gw.txt"), text.as_bytes()).unwrap();
    for key in [
        "addressee = \"各中小学工会\"",
        "remark = \"此件公开发布\"",
        "issuer = \"××区教育工会文件\"",
        "number = \"×教工〔2025〕3号\"",
        "cc = [\"区教育局\"]",
        "printed_by = \"××区教育工会办公室\"\nprinted_on = 2025-01-06",
    ] {
        assert!(i.toml.contains(key), "`{key}` missing:\n{}", i.toml);
    }
    assert!(i.toml.contains("title = \"关于做好寒假安全工作的通知\""), "{}", i.toml);
    let lines: Vec<usize> = i.summary.notes.iter().map(|n| n.0).collect();
    assert!(lines.windows(2).all(|w| w[0] <= w[1]) && lines.len() >= 8, "{:?}", i.summary.notes);
    wengao::input::parse(Path::new("gw.toml"), i.toml.as_bytes()).unwrap();
}

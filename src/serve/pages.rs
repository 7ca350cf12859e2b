//! Pages: the HTML of the preview server's own pages.
//!
//! In: the [`Site`] (documents, their last good render, their errors) and whether
//! editing is on. Out: the index (every document by folder with its status, its
//! 编辑 link and its downloads, and 新建 / 导入 when editing is on) and a
//! document's preview page (the render with a toolbar, the error overlay and a
//! script that reloads on `/__events`, keeping the scroll position). No page has
//! inline script or event handlers: scripts and the server's own styles are
//! files under `/assets/` (`src/serve/assets/`), what a script needs from the page
//! is in `data-` attributes and `<meta>`.

use super::site::{Shown, Site};

pub(crate) fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A document key as a URL path: each `/`-separated part percent-encoded (a
/// file may be named `计划#2`).
pub(crate) fn url_key(key: &str) -> String {
    key.split('/')
        .map(|part| {
            part.bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                        (b as char).to_string()
                    }
                    _ => format!("%{b:02X}"),
                })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// The download links of a document (`base` is `/file/KEY`).
pub(crate) fn downloads(base: &str) -> String {
    [("pdf", "PDF"), ("docx", "Word"), ("html", "HTML"), ("md", "Markdown")]
        .iter()
        .map(|(ext, label)| format!("<a href=\"{base}.{ext}\" download>{label}</a>"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A page with the preview furniture: toolbar, error overlay, the script
/// (`assets/preview.js`: scroll position, reload on `/__events`, 打印) and its
/// style (`assets/preview.css`). `embedded`: shown in the editor beside the form
/// (no toolbar there; the script scales the sheet and opens no event stream).
pub(crate) fn page(page: &Shown, key: &str, site: &Site, editable: bool, embedded: bool) -> String {
    let base = if key == "collection" { "/collection".to_string() } else { format!("/doc/{}", url_key(key)) };
    let edit = if editable && key != "collection" {
        format!("<a href=\"/edit/{}\">编辑</a>", url_key(key))
    } else {
        String::new()
    };
    let mut extra = if embedded {
        String::new()
    } else {
        format!(
            "<div id=\"wengao-bar\">wengao 预览 <a href=\"/\">目录</a>{edit}\
             <a href=\"{base}.pdf\">PDF</a><a href=\"{base}.docx\" download>Word</a>\
             <button id=\"wengao-print\" type=\"button\">打印</button></div>"
        )
    };
    if let Some(error) = &page.error {
        extra.push_str(&format!(
            "<div id=\"wengao-error\"><h2>{}</h2><pre>{}</pre></div>",
            if page.html.is_some() {
                "输入有错误，下面显示的是上一次正确的版本"
            } else {
                "输入有错误，改正后这里会自动显示文稿"
            },
            escape(error)
        ));
    }
    // The script comes first in <head>: it opens the event stream before the page
    // asks for its fonts (see assets/preview.js).
    let mode = if embedded {
        " data-embedded".to_string()
    } else {
        format!(" data-generation=\"{}\"", site.generation)
    };
    let head = format!(
        "<script src=\"/assets/preview.js\"{mode}></script><link rel=\"stylesheet\" href=\"/assets/preview.css\">"
    );
    match &page.html {
        Some(h) => h.replacen("<head>", &format!("<head>{head}"), 1).replacen("</body>", &format!("{extra}</body>"), 1),
        None => format!(
            "<!DOCTYPE html><html lang=\"zh-CN\"><head>{head}<meta charset=\"utf-8\"><title>{}</title></head><body>{extra}</body></html>",
            escape(key)
        ),
    }
}

/// The index: every document by folder, with its status and links; 新建 and
/// 导入 when editing is on.
pub(crate) fn index(site: &Site, editable: bool, token: &str) -> String {
    let mut out = String::from(
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>wengao 预览</title>\
         <link rel=\"stylesheet\" href=\"/assets/index.css\"></head><body>\
         <h1>wengao 预览</h1>",
    );
    if editable && site.single.is_none() {
        out.push_str(&format!(
            "<meta name=\"wengao-token\" content=\"{token}\"><div id=\"start\">\
             <p><label>新建 <select id=\"new-kind\"><option value=\"plan\">工作计划</option>\
             <option value=\"summary\">工作总结</option><option value=\"collection\">汇总（多篇）</option>\
             <option value=\"notice\">印发通知（红头文件）</option></select></label>\
             <label>文件名 <input id=\"new-name\" placeholder=\"例如 2025年工作计划\" size=\"24\"></label>\
             <button id=\"new-go\">新建</button></p>\
             <p><label>导入 Word/文本 <input id=\"import-file\" type=\"file\" accept=\".docx,.md,.txt\"></label></p>\
             <p id=\"start-message\"></p></div>"
        ));
    }
    if site.single.is_none() {
        out.push_str("<p><a href=\"/collection.html\">全部文档汇总（汇总 N 篇）</a></p>");
    }
    let mut folder: Option<String> = None;
    for (key, page) in &site.pages {
        let dir = key.rsplit_once('/').map_or("", |(d, _)| d).to_string();
        if folder.as_deref() != Some(dir.as_str()) {
            if folder.is_some() {
                out.push_str("</ul>");
            }
            out.push_str(&format!("<h2>{}</h2><ul>", escape(if dir.is_empty() { "." } else { &dir })));
            folder = Some(dir);
        }
        let status = if page.shown.error.is_some() {
            "<span class=\"err\">有错误</span>"
        } else {
            "<span class=\"ok\">正常</span>"
        };
        let name = key.rsplit('/').next().unwrap_or(key);
        let key = url_key(key);
        // An imported .docx is shown, not edited: its TOML comes from 导入.
        let edit = if editable && page.editable() {
            format!("<a href=\"/edit/{key}\">编辑</a>")
        } else {
            String::new()
        };
        out.push_str(&format!(
            "<li><a href=\"/doc/{key}.html\">{}</a> {status} {edit} {}</li>",
            escape(name),
            downloads(&format!("/file/{key}"))
        ));
    }
    if folder.is_some() {
        out.push_str("</ul>");
    }
    out.push_str(&format!(
        "<script src=\"/assets/index.js\" data-generation=\"{}\"></script></body></html>",
        site.generation
    ));
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn keys_in_urls_are_percent_encoded_by_part() {
        assert_eq!(super::url_key("primary/计划#2"), "primary/%E8%AE%A1%E5%88%92%232");
        assert_eq!(super::url_key("a b/c%d?e"), "a%20b/c%25d%3Fe");
    }
}

//! Pages: the HTML of the preview server's own pages.
//!
//! In: the [`Site`] (documents, their last good render, their errors) and whether
//! editing is on. Out: the index (every document by folder with its status, its
//! 编辑 link and its downloads, and 新建 / 导入 when editing is on) and a
//! document's preview page (the render with a toolbar, the error overlay and a
//! script that reloads on `/__events`, keeping the scroll position).

use super::site::{Page, Site};

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

const TOOLBAR_CSS: &str = "@font-face{font-family:wengao-ui;src:url(/fonts/FandolHei-Regular.otf)}\
@font-face{font-family:wengao-ui-fallback;src:url(/fonts/NotoSerifCJKsc-Regular-subset.otf)}#wengao-bar{position:fixed;top:0;right:0;z-index:10;background:#333;color:#fff;\
font:14px wengao-ui,wengao-ui-fallback,sans-serif;padding:6px 10px;border-bottom-left-radius:6px}#wengao-bar a,#wengao-bar button{color:#fff;\
margin-left:10px;background:none;border:1px solid #888;border-radius:4px;padding:2px 8px;cursor:pointer;\
text-decoration:none;font:inherit}#wengao-error{position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;\
z-index:20;background:#fff5f5;border-top:4px solid #c00;box-shadow:0 -2px 10px rgba(0,0,0,.3);padding:12px 20px}\
#wengao-error pre{font:14px/1.5 monospace,wengao-ui,wengao-ui-fallback;white-space:pre-wrap;margin:0}#wengao-error h2{color:#c00;font:bold 16px wengao-ui,sans-serif;\
margin:0 0 8px}@media print{#wengao-bar,#wengao-error{display:none}}";

/// A page with the preview furniture: toolbar, error overlay, reload script.
/// `embedded`: shown in the editor beside the form (no toolbar there).
pub(crate) fn page(page: &Page, key: &str, site: &Site, editable: bool, embedded: bool) -> String {
    let base = if key == "collection" { "/collection".to_string() } else { format!("/doc/{}", url_key(key)) };
    let edit = if editable && key != "collection" {
        format!("<a href=\"/edit/{}\">编辑</a>", url_key(key))
    } else {
        String::new()
    };
    let mut extra = if embedded {
        // Beside the form the A4 sheet is scaled to the frame's width.
        format!(
            "<style>{TOOLBAR_CSS}#wengao-bar{{display:none}}</style><script>(function(){{function fit(){{\
             var s=document.querySelector(\".sheet\");if(!s)return;var d=document.documentElement;d.style.zoom=\"\";\
             d.style.zoom=Math.min(1,(innerWidth-24)/s.offsetWidth);}}\
             addEventListener(\"DOMContentLoaded\",fit);addEventListener(\"resize\",fit);}})();</script>"
        )
    } else {
        format!(
            "<style>{TOOLBAR_CSS}</style><div id=\"wengao-bar\">wengao 预览 <a href=\"/\">目录</a>{edit}\
             <a href=\"{base}.pdf\">PDF</a><a href=\"{base}.docx\" download>Word</a>\
             <button onclick=\"print()\">打印</button></div>"
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
    // The event stream is opened from <head>, before the page asks for its fonts:
    // a browser's few connections to the server are then not all taken when it does.
    // The scroll position survives a reload. Inside the editor the page opens no
    // stream of its own: the editor reloads it (one stream a tab).
    let stream = if embedded {
        String::new()
    } else {
        format!(
            "var s=new EventSource(\"/__events\");d.wengaoEvents=\"\";s.onopen=function(){{d.wengaoEvents+=\"open \";}};\
             s.addEventListener(\"reload\",function(e){{d.wengaoEvents+=e.data+\" \";\
             if(e.data!==\"{}\"){{location.reload();}}}});",
            site.generation
        )
    };
    let script = format!(
        "<script>(function(){{var d=document.documentElement.dataset,k=\"wengao-scroll:\"+location.pathname,\
         y=sessionStorage.getItem(k);if(y)addEventListener(\"load\",function(){{scrollTo(0,+y);}});\
         addEventListener(\"pagehide\",function(){{sessionStorage.setItem(k,scrollY);}});{stream}}})();</script>"
    );
    match &page.html {
        Some(h) => h.replacen("<head>", &format!("<head>{script}"), 1).replacen("</body>", &format!("{extra}</body>"), 1),
        None => format!(
            "<!DOCTYPE html><html lang=\"zh-CN\"><head>{script}<meta charset=\"utf-8\"><title>{}</title></head><body>{extra}</body></html>",
            escape(key)
        ),
    }
}

/// The index: every document by folder, with its status and links; 新建 and
/// 导入 when editing is on.
pub(crate) fn index(site: &Site, editable: bool, token: &str) -> String {
    let mut out = String::from(
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>wengao 预览</title>\
         <style>@font-face{font-family:wengao-hei;src:url(/fonts/FandolHei-Regular.otf)}\
         body{font:16px wengao-hei,sans-serif;max-width:60em;margin:2em auto;padding:0 1em}h2{font-size:1.1em;\
         border-bottom:1px solid #ccc}li{margin:.3em 0}li a{margin-left:.4em}.ok{color:#080}.err{color:#c00}\
         #start{background:#f4f6f8;border:1px solid #ccd;border-radius:6px;padding:.6em 1em;margin:1em 0}\
         #start label{margin-right:1em}#start button,#start select,#start input{font:inherit}\
         #start-message{color:#c00;white-space:pre-wrap}</style></head><body>\
         <h1>wengao 预览</h1>",
    );
    if editable && site.single.is_none() {
        out.push_str(&format!(
            "<meta name=\"wengao-token\" content=\"{token}\"><div id=\"start\">\
             <p><label>新建 <select id=\"new-kind\"><option value=\"plan\">工作计划</option>\
             <option value=\"summary\">工作总结</option><option value=\"collection\">汇总（多篇）</option></select></label>\
             <label>文件名 <input id=\"new-name\" placeholder=\"例如 2025年工作计划\" size=\"24\"></label>\
             <button id=\"new-go\">新建</button></p>\
             <p><label>导入 Word/文本 <input id=\"import-file\" type=\"file\" accept=\".docx,.md,.txt\"></label></p>\
             <p id=\"start-message\"></p></div><script src=\"/assets/index.js\"></script>"
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
        let status = if page.error.is_some() {
            "<span class=\"err\">有错误</span>"
        } else {
            "<span class=\"ok\">正常</span>"
        };
        let name = key.rsplit('/').next().unwrap_or(key);
        let key = url_key(key);
        let edit = if editable { format!("<a href=\"/edit/{key}\">编辑</a>") } else { String::new() };
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
        "<script>new EventSource(\"/__events\").addEventListener(\"reload\",function(e){{if(e.data!==\"{}\")location.reload();}});</script></body></html>",
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

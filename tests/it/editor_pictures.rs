//! Pictures in the browser editor: `POST /api/picture/KEY?name=FILE` stores a
//! picture beside the document (`school-summary.toml` → `school-summary/`) and
//! answers with the Markdown to insert; never over a file that is there, never
//! bytes that are no picture, never without the guard's Origin and token, never
//! for a document it may not write, never past the size cap. Then headless
//! Chromium adds a photo with the file picker and two by dropping them on a
//! section's text (tests/editor-pictures.mjs): the Markdown reaches the TOML and
//! the preview shows the pictures.

use crate::common::server::{request, start, text, Server};
use crate::picture_rows::write_photo;
use serde_json::Value;
use std::process::Command;

fn token(server: &Server) -> String {
    let index = text(&server.addr, "/");
    let at = index.find("name=\"wengao-token\" content=\"").expect("the index carries the token") + 29;
    index[at..at + 32].to_string()
}

/// An upload from the editor page (right Origin and token).
fn upload(server: &Server, key: &str, name: &str, bytes: &[u8]) -> (u16, Value) {
    let origin = format!("http://{}", server.addr);
    let token = token(server);
    let path = format!("/api/picture/{key}?name={name}");
    let headers = [("Origin", origin.as_str()), ("X-Wengao-Token", token.as_str())];
    let (status, _, body) = request(&server.addr, "POST", &path, &headers, bytes);
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

#[test]
fn an_uploaded_picture_is_stored_beside_the_document_never_over_another() {
    let server = start("edit-pictures");
    let made = server.dir.join("photo.jpg");
    write_photo(&made, 64, 48);
    let jpeg = std::fs::read(&made).unwrap();
    let folder = server.dir.join("docs/school-summary");
    // 运动会 现场.JPG: a plain name, the extension of what the bytes are.
    let (status, answer) =
        upload(&server, "school-summary", "%E8%BF%90%E5%8A%A8%E4%BC%9A%20%E7%8E%B0%E5%9C%BA.JPG", &jpeg);
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["markdown"], "![](school-summary/运动会-现场.jpg)");
    assert_eq!(std::fs::read(folder.join("运动会-现场.jpg")).unwrap(), jpeg);
    // A broken PNG is refused; a PNG of the same name is another file; the same
    // name again is a second file, the first untouched.
    let (status, _) = upload(&server, "school-summary", "a.png", b"\x89PNG\r\n\x1a\n");
    assert_eq!(status, 415);
    let png = {
        let mut out = Vec::new();
        let mut e = png::Encoder::new(&mut out, 2, 2);
        e.set_color(png::ColorType::Rgb);
        e.write_header().unwrap().write_image_data(&[200; 12]).unwrap();
        out
    };
    let name = "%E8%BF%90%E5%8A%A8%E4%BC%9A%20%E7%8E%B0%E5%9C%BA";
    let (status, second) = upload(&server, "school-summary", &format!("{name}.png"), &png);
    assert_eq!((status, second["path"].as_str()), (200, Some("school-summary/运动会-现场.png")), "{second}");
    let (_, third) = upload(&server, "school-summary", &format!("{name}.jpg"), &jpeg);
    assert_eq!(third["path"], "school-summary/运动会-现场-2.jpg", "{third}");
    assert_eq!(std::fs::read(folder.join("运动会-现场.jpg")).unwrap(), jpeg);
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 3);
    // Not a picture: 415, nothing written. A path in the name stays a name.
    let (status, answer) = upload(&server, "school-summary", "notes.jpg", b"<script>alert(1)</script>");
    assert_eq!(status, 415, "{answer}");
    let (status, answer) = upload(&server, "school-summary", "..%2F..%2Fevil.jpg", &jpeg);
    assert_eq!((status, answer["path"].as_str()), (200, Some("school-summary/evil.jpg")), "{answer}");
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 4);
    assert!(!server.dir.join("evil.jpg").exists());
    // The guard: no token, another site's Origin; a document not listed; the cap.
    let origin = format!("http://{}", server.addr);
    for headers in
        [vec![("Origin", origin.as_str())], vec![("Origin", "http://evil.example"), ("X-Wengao-Token", "x")]]
    {
        let (status, _, _) =
            request(&server.addr, "POST", "/api/picture/school-summary?name=a.jpg", &headers, &jpeg);
        assert_eq!(status, 403);
    }
    for key in ["nothing", "../outside"] {
        assert_eq!(upload(&server, key, "a.jpg", &jpeg).0, 404, "{key}");
    }
    let huge = [&jpeg[..], &vec![0; 33 * 1024 * 1024]].concat();
    assert_eq!(upload(&server, "school-summary", "big.jpg", &huge).0, 413);
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 4, "refused uploads wrote nothing");
}

#[test]
fn headless_chromium_adds_pictures_by_file_picker_and_by_drop() {
    let server = start("edit-pictures-browser");
    let photos = server.dir.join("photos");
    std::fs::create_dir_all(&photos).unwrap();
    for (name, w, h) in [("开幕式.jpg", 800, 600), ("拔河.jpg", 600, 800), ("合影.jpg", 900, 500)] {
        write_photo(&photos.join(name), w, h);
    }
    let (ok, log) = server.browser(
        "editor-pictures.mjs",
        &[&format!("http://{}", server.addr), &server.dir.join("docs"), &photos],
    );
    assert!(ok && log.contains("editor pictures test passed"), "{log}");
    assert!(log.contains("no Content-Security-Policy violations"), "{log}");
    let toml = std::fs::read_to_string(server.dir.join("docs/school-summary.toml")).unwrap();
    assert!(toml.contains("![](school-summary/开幕式.jpg)"), "the picker's picture: {toml}");
    assert!(
        toml.contains("![](school-summary/拔河.jpg) ![](school-summary/合影.jpg)"),
        "the dropped pair: {toml}"
    );
    // The TOML builds with its pictures.
    let out = Command::new(env!("CARGO_BIN_EXE_wengao"))
        .args(["check"])
        .arg(server.dir.join("docs/school-summary.toml"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

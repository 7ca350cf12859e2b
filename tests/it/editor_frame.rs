//! The 公文 form of `wengao serve`'s editor: headless Chromium types a 发文字号, a
//! 发文机关标志 and a 主送机关, ticks the seal and picks an 印发日期 through the form
//! (tests/editor-frame.mjs); each lands in the file as the TOML of
//! docs/input-format.md, comments and layout kept by the save path.

use crate::common;
use common::server::start;

#[test]
fn the_form_saves_the_masthead_addressee_seal_and_imprint_into_the_toml() {
    let server = start("edit-frame");
    let file = server.dir.join("docs/school-plan.toml");
    let before = std::fs::read_to_string(&file).unwrap();
    let shots = server.dir.join("shots");
    std::fs::create_dir_all(&shots).unwrap();
    let (ok, log) = server
        .browser("editor-frame.mjs", &[&format!("http://{}", server.addr), &server.dir.join("docs"), &shots]);
    assert!(ok && log.contains("editor frame test passed"), "{log}");
    let after = std::fs::read_to_string(&file).unwrap();
    // What the page added is all that changed: every line of the file before is kept.
    let kept: Vec<&str> = before.lines().filter(|l| !after.lines().any(|a| a == *l)).collect();
    assert!(kept.is_empty(), "lines lost: {kept:?}\n{after}");
    for line in ["addressee = \"各中小学工会\"", "seal = true", "[imprint]", "printed_on = 2025-01-06"]
    {
        assert!(after.lines().any(|l| l == line), "{line} in\n{after}");
    }
    let png = std::fs::read(shots.join("editor-frame.png")).unwrap();
    assert!(png.starts_with(b"\x89PNG") && png.len() > 20_000, "{} bytes", png.len());
    if let Some(dir) = std::env::var_os("WENGAO_KEEP_SHOTS") {
        std::fs::copy(shots.join("editor-frame.png"), std::path::Path::new(&dir).join("editor-frame.png"))
            .unwrap();
    }
}

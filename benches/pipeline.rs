//! In-process benchmark: the seed collection (and the two school samples) → PDF,
//! DOCX, HTML and Markdown, repeated, with the fonts parsed once for the whole process.
//!
//! Run with `cargo bench --bench pipeline`. Prints the first (cold: fonts parsed)
//! and the median warm time per document and format, and the PDF size.

use std::path::Path;
use std::time::{Duration, Instant};
use wengao::format::Format;
use wengao::input;
use wengao::pipeline::build_loaded;
use wengao::render::Templates;

// The allocator of the `wengao` binary, so the figures are the tool's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let templates = Templates::load(None).expect("templates");
    for sample in ["union-plans-collection.toml", "school-plan.toml", "school-summary.toml"] {
        let loaded = input::load(&root.join("samples").join(sample)).expect("sample loads");
        for formats in [&[Format::Pdf][..], &[Format::Docx][..], &[Format::Md, Format::Html][..]] {
            let mut times = Vec::new();
            let mut size = 0;
            for _ in 0..15 {
                let t = Instant::now();
                let built = build_loaded(&loaded, &templates, formats).expect("builds");
                times.push(t.elapsed());
                size = built.products.iter().map(|p| p.bytes.len()).sum::<usize>();
            }
            let first = times[0];
            let warm = median(times[1..].to_vec());
            let names: Vec<String> = formats.iter().map(|f| f.to_string()).collect();
            println!(
                "{sample:30} {:10} first {:6.1} ms   warm median {:6.1} ms   output {:6.1} KB",
                names.join("+"),
                first.as_secs_f64() * 1000.0,
                warm.as_secs_f64() * 1000.0,
                size as f64 / 1024.0
            );
        }
    }
}

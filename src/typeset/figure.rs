//! Figure: a picture block → one row that takes whole grid lines.
//!
//! In: a [`Role::Picture`] block whose file the pipeline has read. Out: a
//! [`Row`] carrying a [`PlacedPicture`]: the picture scaled to fit the type area
//! (never wider than its width, never taller than a page's 22 lines) and never
//! enlarged, centred across the area and centred in the whole number of grid
//! lines it takes, so that the text after it stays on the grid; its caption
//! (centred, in the body's 仿宋) on the lines under it, kept with it. A picture
//! block without a file (never in a build that succeeds: an unreadable picture is
//! an error) leaves its alt text, centred. Where the row lands is the paginator's
//! business ([`super::paginate`]).

use super::context::Ctx;
use super::rows::{centred, PlacedPicture, Row};
use crate::fonts::FontRole;
use crate::markdown::Block;
use crate::page::BODY_SIZE;

/// A picture's printed width and height in points, and the grid lines it takes.
pub type PrintedSize = (f32, f32, usize);

/// The rows of a picture block, and the picture's printed size in points and the
/// grid lines it takes.
pub(super) fn picture_rows(c: &mut Ctx<'_>, b: &Block) -> Result<(Vec<Row>, Option<PrintedSize>), String> {
    let Some(image) = &b.image else { return Ok((Vec::new(), None)) };
    let g = c.g;
    let Some(file) = &image.file else {
        let glyphs = c.plain(&image.alt, FontRole::Body, BODY_SIZE)?;
        return Ok((centred(glyphs, g), None));
    };
    // The caption, centred under the picture in the body's 仿宋, goes with it.
    let mut captions = if image.caption.is_empty() {
        Vec::new()
    } else {
        centred(c.glyphs(&image.caption, FontRole::Body, BODY_SIZE)?, g)
    };
    let room = g.lines.saturating_sub(captions.len()).max(1);
    let (width, height) = file.fit(image.width, g.width, g.pitch * room as f32);
    // A hair's tolerance: a picture exactly N lines tall takes N lines.
    let lines = ((height / g.pitch) - 0.01).ceil().max(1.0) as usize;
    let placed = PlacedPicture {
        file: file.clone(),
        x: (g.width - width) / 2.0,
        y: (lines as f32 * g.pitch - height) / 2.0,
        width,
        height,
        lines,
        captions: captions.len(),
    };
    let mut rows =
        vec![Row { picture: Some(placed), keep_with_next: !captions.is_empty(), ..Row::text(Vec::new()) }];
    let n = captions.len();
    for (k, row) in captions.iter_mut().enumerate() {
        row.keep_with_next = k + 1 < n;
    }
    rows.extend(captions);
    Ok((rows, Some((width, height, lines))))
}

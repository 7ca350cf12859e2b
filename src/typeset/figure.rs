//! Figure: a picture block → one row that takes whole grid lines.
//!
//! In: a [`Role::Picture`] block whose file the pipeline has read. Out: a
//! [`Row`] carrying a [`PlacedPicture`]: the picture scaled to fit the type area
//! (never wider than its width, never taller than a page's 22 lines) and never
//! enlarged, centred across the area and centred in the whole number of grid
//! lines it takes, so that the text after it stays on the grid. A picture that
//! cannot be printed (its format was refused with a warning) leaves its alt text,
//! centred. Where the row lands is the paginator's business ([`super::paginate`]).

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
    let (width, height) = file.fit(g.width, g.pitch * g.lines as f32);
    // A hair's tolerance: a picture exactly N lines tall takes N lines.
    let lines = ((height / g.pitch) - 0.01).ceil().max(1.0) as usize;
    let placed = PlacedPicture {
        file: file.clone(),
        x: (g.width - width) / 2.0,
        y: (lines as f32 * g.pitch - height) / 2.0,
        width,
        height,
        lines,
    };
    Ok((vec![Row { picture: Some(placed), ..Row::text(Vec::new()) }], Some((width, height, lines))))
}

//! Figure: a picture block → one row that takes whole grid lines.
//!
//! In: a [`Role::Picture`] block whose files the pipeline has read. Out: a
//! [`Row`] carrying a [`Figure`]: one picture scaled to fit the type area (never
//! wider than its width, never taller than a page's 22 lines) and never enlarged,
//! centred across the area — or a row of two or three side by side, all of one
//! height, [`ROW_GAP`] apart, the row centred — centred in the whole number of
//! grid lines it takes, so that the text after it stays on the grid; the
//! captions (centred, in the body's 仿宋) on the lines under it, kept with it: a
//! single picture's across the area, each picture of a row's under that picture,
//! then a row's own caption across the area. A picture block without a file
//! (never in a build that succeeds: an unreadable picture is an error) leaves its
//! alt text, centred. Where the row lands is the paginator's business
//! ([`super::paginate`]).
//!
//! [`ROW_GAP`]: crate::picture::ROW_GAP

use super::context::Ctx;
use super::rows::{centred, centred_in, Figure, PlacedPicture, Row};
use crate::fonts::FontRole;
use crate::markdown::Block;
use crate::page::BODY_SIZE;
use crate::picture::{Picture, ROW_GAP};
use std::sync::Arc;

/// The printed size of a figure: each picture's width and height in points, the
/// grid lines they take and, for each picture, its column (its caption's room:
/// the picture and half the gap either side, within the type area) as the
/// picture's distance from the column's left edge and the column's width.
#[derive(Clone, Debug, PartialEq)]
pub struct PrintedFigure {
    pub sizes: Vec<(f32, f32)>,
    pub lines: usize,
    pub columns: Vec<(f32, f32)>,
}

/// The rows of a picture block, and its printed size.
pub(super) fn picture_rows(c: &mut Ctx<'_>, b: &Block) -> Result<(Vec<Row>, Option<PrintedFigure>), String> {
    let g = c.g;
    let files: Option<Vec<&Arc<Picture>>> = b.images.iter().map(|m| m.file.as_ref()).collect();
    let Some(files) = files.filter(|f| !f.is_empty()) else {
        let alt: Vec<&str> = b.images.iter().map(|m| m.alt.as_str()).collect();
        let glyphs = c.plain(&alt.join(" "), FontRole::Body, BODY_SIZE)?;
        return Ok((centred(glyphs, g), None));
    };
    let pictures: Vec<&Picture> = files.iter().map(|f| f.as_ref()).collect();
    let percent = b.images.iter().find_map(|m| m.width);
    // The row's own caption under everything, across the area.
    let common = if b.inlines.is_empty() {
        Vec::new()
    } else {
        centred(c.glyphs(&b.inlines, FontRole::Body, BODY_SIZE)?, g)
    };
    // The pictures' captions depend on their widths, and the room for the
    // pictures on the captions' lines: sized with one line of captions first.
    let size = |caption_lines: usize| {
        let room = g.lines.saturating_sub(caption_lines + common.len()).max(1);
        Picture::fit_row(&pictures, percent, g.width, g.pitch * room as f32)
    };
    let mut sizes = size(usize::from(b.images.iter().any(|m| !m.caption.is_empty())));
    let mut captions = own_captions(c, b, &sizes)?;
    let resized = size(captions.len());
    if resized != sizes {
        sizes = resized;
        captions = own_captions(c, b, &sizes)?;
    }
    captions.extend(common);
    let height = sizes.iter().map(|s| s.1).fold(0.0, f32::max);
    // A hair's tolerance: a picture exactly N lines tall takes N lines.
    let lines = ((height / g.pitch) - 0.01).ceil().max(1.0) as usize;
    let mut x = (g.width - row_width(&sizes)) / 2.0;
    let placed = files
        .iter()
        .zip(&sizes)
        .map(|(file, &(width, height))| {
            let p = PlacedPicture {
                file: Arc::clone(file),
                x,
                y: (lines as f32 * g.pitch - height) / 2.0,
                width,
                height,
            };
            x += width + ROW_GAP;
            p
        })
        .collect();
    let figure = Figure { pictures: placed, lines, captions: captions.len() };
    let mut rows =
        vec![Row { picture: Some(figure), keep_with_next: !captions.is_empty(), ..Row::text(Vec::new()) }];
    let n = captions.len();
    for (k, row) in captions.iter_mut().enumerate() {
        row.keep_with_next = k + 1 < n;
    }
    rows.extend(captions);
    let columns = columns(&sizes, g.width)
        .into_iter()
        .zip(&rows[0].picture.as_ref().expect("the figure's row").pictures)
        .map(|((x, width), p)| (p.x - x, width))
        .collect();
    Ok((rows, Some(PrintedFigure { sizes, lines, columns })))
}

/// The width of pictures side by side, gaps included.
fn row_width(sizes: &[(f32, f32)]) -> f32 {
    sizes.iter().map(|s| s.0).sum::<f32>() + ROW_GAP * sizes.len().saturating_sub(1) as f32
}

/// The column (x, width) of each picture of a row `sizes` wide, centred in an area
/// `width` wide: the picture and half the gap either side, cut at the area's
/// edges.
fn columns(sizes: &[(f32, f32)], width: f32) -> Vec<(f32, f32)> {
    let mut x = (width - row_width(sizes)) / 2.0;
    sizes
        .iter()
        .map(|&(w, _)| {
            let (from, to) = ((x - ROW_GAP / 2.0).max(0.0), (x + w + ROW_GAP / 2.0).min(width));
            x += w + ROW_GAP;
            (from, to - from)
        })
        .collect()
}

/// The caption rows of the pictures of `b`, `sizes` wide: one picture's across
/// the type area; in a row, each picture's in its own [`columns`], line k of
/// every column on row k.
fn own_captions(c: &mut Ctx<'_>, b: &Block, sizes: &[(f32, f32)]) -> Result<Vec<Row>, String> {
    let g = c.g;
    if let [image] = &b.images[..] {
        if image.caption.is_empty() {
            return Ok(Vec::new());
        }
        return Ok(centred(c.glyphs(&image.caption, FontRole::Body, BODY_SIZE)?, g));
    }
    let mut rows: Vec<Row> = Vec::new();
    for (image, (x, width)) in b.images.iter().zip(columns(sizes, g.width)) {
        if image.caption.is_empty() {
            continue;
        }
        let glyphs = c.glyphs(&image.caption, FontRole::Body, BODY_SIZE)?;
        for (k, line) in centred_in(glyphs, x, width).into_iter().enumerate() {
            match rows.get_mut(k) {
                Some(row) => row.glyphs.extend(line.glyphs),
                None => rows.push(line),
            }
        }
    }
    Ok(rows)
}

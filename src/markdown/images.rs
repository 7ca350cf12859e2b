//! Images: Markdown images → picture blocks, and their paths rewritten.
//!
//! In: the [`Builder`]'s events at an image (its end, the text right after it,
//! the paragraph after a picture). Out: [`Role::Picture`] blocks — one image, or
//! a row of images written side by side in one paragraph (more than
//! [`ROW_MAX`] split into even rows) — with their `{width=…}`, their titles and
//! `图N …` captions; and [`rewrite_image_paths`], which moves the paths of a
//! Markdown text's images (for a Markdown written elsewhere, a collected part).

use super::{Block, Builder, Inline, Role, OPTIONS, SOFT_BREAK};
use pulldown_cmark::{Event, Parser, Tag};

/// At most this many pictures print side by side.
pub const ROW_MAX: usize = 3;

/// `markdown` with the path of every image replaced by `new(path)` (where that
/// gives one); the rest of the text is left byte for byte.
pub fn rewrite_image_paths(markdown: &str, new: impl Fn(&str) -> Option<String>) -> String {
    let mut edits = Vec::new();
    for (event, range) in Parser::new_ext(markdown, OPTIONS).into_offset_iter() {
        if let Event::Start(Tag::Image { dest_url, .. }) = event {
            let Some(replacement) = new(&dest_url) else { continue };
            let written = &markdown[range.clone()];
            // The destination follows the alt text's closing `](` (and maybe `<`).
            if let Some(at) = written.rfind(&format!("]({dest_url}")).map(|a| a + 2) {
                // A path with a space or parenthesis needs `<…>` where the old one did not.
                let plain = !replacement.contains(|c: char| c.is_whitespace() || "()<>".contains(c));
                let replacement = if plain { replacement } else { format!("<{replacement}>") };
                let start = range.start + at;
                edits.push((start..start + dest_url.len(), replacement));
            } else if let Some(at) = written.rfind(&format!("](<{dest_url}")).map(|a| a + 3) {
                let start = range.start + at;
                edits.push((start..start + dest_url.len(), replacement));
            }
        }
    }
    let mut out = markdown.to_string();
    for (range, text) in edits.into_iter().rev() {
        out.replace_range(range, &text);
    }
    out
}

/// More than [`ROW_MAX`] pictures side by side become rows as even as can be
/// (four: 2 + 2, five: 3 + 2, seven: 3 + 2 + 2); the row's caption goes under the
/// last.
pub(super) fn split_long_rows(blocks: Vec<Block>) -> Vec<Block> {
    if blocks.iter().all(|b| b.images.len() <= ROW_MAX) {
        return blocks;
    }
    let mut out = Vec::with_capacity(blocks.len() + 1);
    for mut block in blocks {
        let n = block.images.len();
        if n <= ROW_MAX {
            out.push(block);
            continue;
        }
        let rows = n.div_ceil(ROW_MAX);
        let caption = std::mem::take(&mut block.inlines);
        let mut images = std::mem::take(&mut block.images).into_iter();
        for k in 0..rows {
            let take = n / rows + usize::from(k < n % rows);
            let mut row = Block::new(Role::Picture);
            row.images = images.by_ref().take(take).collect();
            if k + 1 == rows {
                row.inlines = caption.clone();
            }
            out.push(row);
        }
    }
    out
}

impl Builder {
    /// An image in a paragraph or list item becomes a picture block: the text
    /// before it ends there, the text after it (if any) goes on as a paragraph of
    /// its own; an image right after another one in the same paragraph (only white
    /// space between) joins its row. In a heading or a table cell it cannot print:
    /// its alt text stays.
    pub(super) fn end_image(&mut self) {
        let Some(mut image) = self.image.take() else { return };
        let in_text = matches!(
            self.current.as_ref().map(|b| b.role),
            None | Some(Role::Paragraph | Role::ListItem { .. })
        );
        if self.in_cell || !in_text {
            self.text(&image.alt);
            return;
        }
        image.alt = image.alt.replace(SOFT_BREAK, " ");
        if !image.title.trim().is_empty() {
            image.caption = vec![Inline { text: image.title.trim().to_string(), ..Inline::default() }];
        }
        let between_is_blank = self
            .current
            .as_ref()
            .is_none_or(|b| b.plain_text().chars().all(|c| c.is_whitespace() || c == SOFT_BREAK));
        self.after_image = true;
        if self.row_open && between_is_blank {
            self.current = None;
            if let Some(row) = self.blocks.last_mut() {
                row.images.push(image);
                return;
            }
        }
        self.finish();
        let mut block = Block::new(Role::Picture);
        block.images.push(image);
        self.push(block);
        self.row_open = true;
    }

    /// Reads `{width=60%}` at the start of the text right after a picture into the
    /// picture; returns the rest of the text.
    pub(super) fn take_size<'t>(&mut self, text: &'t str) -> &'t str {
        let Some(inner) = text.strip_prefix('{').and_then(|t| t.split_once('}')) else { return text };
        let (attr, rest) = inner;
        let percent = attr
            .trim()
            .strip_prefix("width=")
            .and_then(|v| v.trim().strip_suffix('%'))
            .and_then(|v| v.trim().parse::<u8>().ok())
            .filter(|p| (1..=100).contains(p));
        let image = self.blocks.last_mut().and_then(|b| b.images.last_mut());
        match (percent, image) {
            (Some(p), Some(image)) => {
                image.width = Some(p);
                rest.trim_start()
            }
            _ => text,
        }
    }

    /// `block`, unless it is the `图N …` caption of the picture block before it
    /// (then it becomes that caption): only the first such paragraph (a title
    /// gives way to it); a row's is the row's own.
    pub(super) fn caption_or(&mut self, block: Block) -> Option<Block> {
        if block.role != Role::Paragraph || !is_caption(&block.plain_text()) {
            return Some(block);
        }
        match self.blocks.last_mut().filter(|b| b.role == Role::Picture) {
            Some(row) if row.images.len() > 1 && row.inlines.is_empty() => {
                row.inlines = block.inlines;
                None
            }
            Some(single) if single.images.len() == 1 => {
                let image = &mut single.images[0];
                if image.caption.is_empty() || image.caption[0].text == image.title.trim() {
                    image.caption = block.inlines;
                    None
                } else {
                    Some(block)
                }
            }
            _ => Some(block),
        }
    }
}

/// `图1 …`, `图 2-1 …`, `图三 …`: a figure caption.
fn is_caption(text: &str) -> bool {
    let Some(rest) = text.trim_start().strip_prefix('图') else { return false };
    rest.trim_start()
        .starts_with(|c: char| c.is_ascii_digit() || "０１２３４５６７８９一二三四五六七八九十".contains(c))
}

//! Drawing: pictures → inline `w:drawing`s and the media parts they show.
//!
//! In: the picture blocks' files and their printed size from the [`Typeset`]
//! (the PDF's size). Out: for each picture a centred paragraph of exactly the grid
//! lines the PDF gives it, holding a `wp:inline` picture of that size (turned by
//! its EXIF orientation: Word does not read it); for a row of pictures side by
//! side, a borderless table of one unsplittable row, a picture (and its caption)
//! in each cell; and, for the package, one media part per file however often it
//! is shown (`word/media/imageN.ext`), its relationship and its content type.
//!
//! [`Typeset`]: crate::typeset::Typeset

use super::section::LINE_PITCH;
use super::xml::escape;
use crate::picture::Picture;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

/// English Metric Units per point.
const EMU_PER_PT: f32 = 12_700.0;

/// The media parts of a DOCX.
#[derive(Default)]
pub struct Media {
    by_path: HashMap<PathBuf, usize>,
    files: Vec<Arc<Picture>>,
    /// Pictures shown so far (each `wp:docPr` needs its own id).
    shown: usize,
}

impl Media {
    /// The 1-based number of `file`'s media part, added the first time.
    fn part(&mut self, file: &Arc<Picture>) -> usize {
        let next = self.files.len() + 1;
        *self.by_path.entry(file.path.clone()).or_insert_with(|| {
            self.files.push(file.clone());
            next
        })
    }

    /// The relationships of `document.xml` to the media parts.
    pub fn relationships(&self) -> String {
        self.files
            .iter()
            .enumerate()
            .map(|(k, f)| {
                format!(
                    "<Relationship Id=\"rIdImage{n}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/image\" Target=\"media/image{n}.{ext}\"/>",
                    n = k + 1,
                    ext = f.extension()
                )
            })
            .collect()
    }

    /// `Default` content types for the media parts' extensions.
    pub fn content_types(&self) -> String {
        let mut seen: Vec<(&str, &str)> = self.files.iter().map(|f| (f.extension(), f.mime())).collect();
        seen.sort_unstable();
        seen.dedup();
        seen.iter()
            .map(|(ext, mime)| format!("<Default Extension=\"{ext}\" ContentType=\"{mime}\"/>"))
            .collect()
    }

    /// The media parts: zip entry name and bytes.
    pub fn parts(&self) -> impl Iterator<Item = (String, &[u8])> {
        self.files
            .iter()
            .enumerate()
            .map(|(k, f)| (format!("word/media/image{}.{}", k + 1, f.extension()), f.bytes.as_slice()))
    }

    /// The paragraph that shows `file`, `width` × `height` points, centred in `lines`
    /// grid lines; `alt` is its description.
    /// `keep` keeps it on the page of the paragraph after it (its caption).
    pub fn paragraph(
        &mut self,
        file: &Arc<Picture>,
        alt: &str,
        (width, height, lines): (f32, f32, usize),
        keep: bool,
    ) -> String {
        let centred = "<w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/><w:jc w:val=\"center\"/>";
        self.placed(file, alt, (width, height, lines), keep, centred)
    }

    /// The paragraph of [`Media::paragraph`], placed across the line by `place`
    /// (its indent and alignment).
    fn placed(
        &mut self,
        file: &Arc<Picture>,
        alt: &str,
        (width, height, lines): (f32, f32, usize),
        keep: bool,
        place: &str,
    ) -> String {
        format!(
            "<w:p><w:pPr><w:pStyle w:val=\"Normal\"/>{keep}<w:keepLines/>\
             <w:spacing w:line=\"{line}\" w:lineRule=\"exact\"/>{place}</w:pPr>{run}</w:p>",
            line = lines as u32 * LINE_PITCH,
            keep = if keep { "<w:keepNext/>" } else { "" },
            run = self.run(file, alt, width, height),
        )
    }

    /// The run that shows `file` inline, `width` × `height` points; `alt` is its
    /// description.
    fn run(&mut self, file: &Arc<Picture>, alt: &str, width: f32, height: f32) -> String {
        let n = self.part(file);
        self.shown += 1;
        let id = self.shown;
        let (cx, cy) = ((width * EMU_PER_PT).round() as i64, (height * EMU_PER_PT).round() as i64);
        // The picture's own frame is its stored (unturned) shape; the inline's extent
        // is what is seen.
        let (rot, fx, fy) = match file.orientation {
            3 => (10_800_000, cx, cy),
            6 => (5_400_000, cy, cx),
            8 => (16_200_000, cy, cx),
            _ => (0, cx, cy),
        };
        let rot = if rot == 0 { String::new() } else { format!(" rot=\"{rot}\"") };
        let (ox, oy) = ((cx - fx) / 2, (cy - fy) / 2);
        let alt = escape(alt);
        format!(
            "<w:r><w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\">\
             <wp:extent cx=\"{cx}\" cy=\"{cy}\"/><wp:docPr id=\"{id}\" name=\"Picture {id}\" descr=\"{alt}\"/>\
             <wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect=\"1\"/></wp:cNvGraphicFramePr>\
             <a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\">\
             <pic:pic><pic:nvPicPr><pic:cNvPr id=\"{id}\" name=\"image{n}\" descr=\"{alt}\"/><pic:cNvPicPr/></pic:nvPicPr>\
             <pic:blipFill><a:blip r:embed=\"rIdImage{n}\"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>\
             <pic:spPr><a:xfrm{rot}><a:off x=\"{ox}\" y=\"{oy}\"/><a:ext cx=\"{fx}\" cy=\"{fy}\"/></a:xfrm>\
             <a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>\
             </a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
        )
    }

    /// A row of pictures side by side: a borderless table, centred, one column
    /// per picture (`columns`: the typesetter's caption columns, each as the
    /// picture's distance from its left edge and its width, in points), its one
    /// row never split across pages; in each cell the picture's paragraph (`lines`
    /// grid lines, the picture where the PDF puts it) and the caption XML the
    /// caller made (`captions`, the picture's caption paragraph or empty).
    /// `keep` keeps the row on the page of the paragraph after it.
    pub fn row(
        &mut self,
        pictures: &[(&Arc<Picture>, &str, (f32, f32))],
        columns: &[(f32, f32)],
        lines: usize,
        captions: &[String],
        keep: bool,
    ) -> String {
        let twips: Vec<u32> = columns.iter().map(|c| (c.1 * 20.0).round() as u32).collect();
        let mut out = format!(
            "<w:tbl><w:tblPr><w:tblW w:w=\"{}\" w:type=\"dxa\"/><w:jc w:val=\"center\"/>\
             <w:tblBorders><w:top w:val=\"nil\"/><w:left w:val=\"nil\"/><w:bottom w:val=\"nil\"/>\
             <w:right w:val=\"nil\"/><w:insideH w:val=\"nil\"/><w:insideV w:val=\"nil\"/></w:tblBorders>\
             <w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/>\
             <w:left w:w=\"0\" w:type=\"dxa\"/><w:bottom w:w=\"0\" w:type=\"dxa\"/>\
             <w:right w:w=\"0\" w:type=\"dxa\"/></w:tblCellMar><w:tblLook w:val=\"0000\"/></w:tblPr><w:tblGrid>",
            twips.iter().sum::<u32>()
        );
        for w in &twips {
            out.push_str(&format!("<w:gridCol w:w=\"{w}\"/>"));
        }
        out.push_str("</w:tblGrid><w:tr><w:trPr><w:cantSplit/></w:trPr>");
        for (k, &(file, alt, (width, height))) in pictures.iter().enumerate() {
            let caption = captions.get(k).map_or("", String::as_str);
            out.push_str(&format!("<w:tc><w:tcPr><w:tcW w:w=\"{}\" w:type=\"dxa\"/></w:tcPr>", twips[k]));
            let place = format!(
                "<w:ind w:left=\"{}\" w:firstLineChars=\"0\" w:firstLine=\"0\"/><w:jc w:val=\"left\"/>",
                (columns[k].0 * 20.0).round() as i64
            );
            out.push_str(&self.placed(
                file,
                alt,
                (width, height, lines),
                keep || !caption.is_empty(),
                &place,
            ));
            out.push_str(caption);
            out.push_str("</w:tc>");
        }
        out.push_str("</w:tr></w:tbl>");
        out
    }
}

//! Image: the pictures a PDF draws → image XObjects, each written once.
//!
//! In: the picture rows of the pages ([`Figure`](crate::typeset::rows::Figure)s), as [`super::draw`]
//! meets them. Out: the operations that draw each one (a matrix that scales the
//! image's unit square to its printed size, turns it by its EXIF orientation and
//! puts it in place, then `Do`), and, once the pages are serialised, one image
//! XObject per file however often it is drawn, put in the XObject resources
//! printpdf leaves for the pages. A JPEG goes in as it is (`/DCTDecode`: no
//! decoding, no re-encoding, the file's own bytes); a PNG is decoded and its
//! samples deflated (`/FlateDecode`), its alpha channel as an `/SMask`.

use super::deflate;
use crate::picture::{Format, Picture};
use crate::typeset::rows::Row;
use lopdf::{dictionary, Document, Object, ObjectId, Stream};
use printpdf::{CurTransMat, Op, XObjectId, XObjectTransform};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

/// The pictures a PDF draws, by resource name, in the order first drawn.
#[derive(Default)]
pub struct Images {
    names: HashMap<PathBuf, String>,
    used: Vec<(String, Arc<Picture>)>,
}

impl Images {
    /// Draws the pictures of `row`, if it has any; `left` is the type area's left
    /// edge and `top` the top of the row's first grid line, in points from the
    /// top-left corner of the sheet; `page_height` turns them into PDF space.
    pub fn draw(&mut self, row: &Row, left: f32, top: f32, page_height: f32, ops: &mut Vec<Op>) {
        let Some(figure) = &row.picture else { return };
        for p in &figure.pictures {
            let count = self.names.len();
            let name = self
                .names
                .entry(p.file.path.clone())
                .or_insert_with(|| {
                    self.used.push((format!("Im{}", count + 1), p.file.clone()));
                    format!("Im{}", count + 1)
                })
                .clone();
            let (x, y) = (left + p.x, page_height - (top + p.y + p.height));
            ops.push(Op::SaveGraphicsState);
            ops.push(Op::SetTransformationMatrix {
                matrix: CurTransMat::Raw(placement(p.file.orientation, x, y, p.width, p.height)),
            });
            ops.push(Op::UseXobject {
                id: XObjectId(name),
                transform: XObjectTransform { no_auto_scale: true, ..XObjectTransform::default() },
            });
            ops.push(Op::RestoreGraphicsState);
        }
    }

    /// Writes every picture drawn into `doc` and names it in the pages' XObject
    /// resources.
    pub fn insert(&self, doc: &mut Document) -> Result<(), String> {
        if self.used.is_empty() {
            return Ok(());
        }
        let resources = xobject_resources(doc).ok_or("PDF writer: the pages have no XObject resources")?;
        for (name, picture) in &self.used {
            let id = image_object(doc, picture)
                .map_err(|e| format!("cannot decode the picture {}: {e}", picture.path.display()))?;
            if let Some(Object::Dictionary(dict)) = doc.objects.get_mut(&resources) {
                dict.set(name.as_bytes().to_vec(), Object::Reference(id));
            }
        }
        Ok(())
    }
}

/// The matrix that maps an image's unit square onto the box `w` × `h` at (`x`, `y`)
/// (PDF space, from the bottom left), turned or mirrored by EXIF `orientation`.
/// Row 0 of the stored image is the unit square's top edge (v = 1), column 0 its
/// left edge (u = 0); the orientation says where they are seen.
fn placement(orientation: u8, x: f32, y: f32, w: f32, h: f32) -> [f32; 6] {
    match orientation {
        2 => [-w, 0.0, 0.0, h, x + w, y],
        3 => [-w, 0.0, 0.0, -h, x + w, y + h],
        4 => [w, 0.0, 0.0, -h, x, y + h],
        5 => [0.0, -h, -w, 0.0, x + w, y + h],
        6 => [0.0, -h, w, 0.0, x, y + h],
        7 => [0.0, h, w, 0.0, x, y],
        8 => [0.0, h, -w, 0.0, x + w, y],
        _ => [w, 0.0, 0.0, h, x, y],
    }
}

/// The image XObject of one picture; returns its object id.
fn image_object(doc: &mut Document, picture: &Picture) -> Result<ObjectId, String> {
    let mut dict = dictionary! {
        "Type" => "XObject",
        "Subtype" => "Image",
        "Width" => picture.width as i64,
        "Height" => picture.height as i64,
        "BitsPerComponent" => 8,
    };
    let stream = match picture.format {
        Format::Jpeg { components, adobe } => {
            dict.set("ColorSpace", color_space(components));
            if components == 4 && adobe {
                // Adobe's CMYK JPEGs store the inks inverted.
                dict.set("Decode", [1, 0, 1, 0, 1, 0, 1, 0].map(Object::Integer).to_vec());
            }
            dict.set("Filter", "DCTDecode");
            Stream::new(dict, picture.bytes.clone()).with_compression(false)
        }
        Format::Png => {
            let pixels = picture.decode_png()?;
            dict.set("ColorSpace", color_space(pixels.channels));
            if let Some(alpha) = pixels.alpha {
                let mask = dictionary! {
                    "Type" => "XObject",
                    "Subtype" => "Image",
                    "Width" => picture.width as i64,
                    "Height" => picture.height as i64,
                    "BitsPerComponent" => 8,
                    "ColorSpace" => "DeviceGray",
                };
                let mask_id = doc.add_object(deflated(mask, alpha));
                dict.set("SMask", Object::Reference(mask_id));
            }
            deflated(dict, pixels.color)
        }
    };
    Ok(doc.add_object(stream))
}

fn color_space(components: u8) -> &'static str {
    match components {
        1 => "DeviceGray",
        4 => "DeviceCMYK",
        _ => "DeviceRGB",
    }
}

/// A stream of `bytes`, deflated when that makes it smaller (and left alone by
/// the document-wide pass, which would try again).
fn deflated(mut dict: lopdf::Dictionary, bytes: Vec<u8>) -> Stream {
    match deflate::deflate(&bytes) {
        Some(packed) => {
            dict.set("Filter", "FlateDecode");
            Stream::new(dict, packed).with_compression(false)
        }
        None => Stream::new(dict, bytes).with_compression(false),
    }
}

/// The XObject resource dictionary the pages share.
fn xobject_resources(doc: &Document) -> Option<ObjectId> {
    super::embed::shared_resources(doc, b"XObject")
}

#[cfg(test)]
mod tests {
    use super::placement;

    /// Where the stored image's top-left corner (u 0, v 1) lands.
    fn top_left(m: [f32; 6]) -> (f32, f32) {
        (m[2] + m[4], m[3] + m[5])
    }

    #[test]
    fn orientations_put_the_first_pixel_where_exif_says() {
        // A 20 × 10 box at (100, 200): its corners.
        let (x, y, w, h) = (100.0, 200.0, 20.0, 10.0);
        assert_eq!(top_left(placement(1, x, y, w, h)), (100.0, 210.0));
        assert_eq!(top_left(placement(3, x, y, w, h)), (120.0, 200.0));
        // 6: the stored first row is the seen right column; its first pixel top right.
        assert_eq!(top_left(placement(6, x, y, w, h)), (120.0, 210.0));
        // 8: the stored first row is the seen left column; its first pixel bottom left.
        assert_eq!(top_left(placement(8, x, y, w, h)), (100.0, 200.0));
    }
}

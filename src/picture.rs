//! Picture: one image file → what every writer needs to print it.
//!
//! In: the path of a picture a Markdown image named. Out: a [`Picture`]: the
//! file's bytes (read once per document and shared), its format found by content
//! sniffing (not by the file's extension), its size in pixels and, for a JPEG,
//! its EXIF orientation. JPEG and PNG are printed: the PDF passes a JPEG through
//! as it is and decodes a PNG ([`Picture::decode_png`]); the DOCX and HTML store
//! the bytes as they are. A GIF (its first frame), WebP or BMP is converted to PNG
//! bytes here, once, as it is read: from then on every output treats it as the PNG
//! it now is (a PDF has no GIF/WebP/BMP filter, and Word does not read WebP).

use std::fmt;
use std::path::{Path, PathBuf};

/// The space between two pictures side by side, in points: one body character
/// (三号, 16 pt).
pub const ROW_GAP: f32 = 16.0;

/// How a picture's bytes are encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// A baseline or progressive JPEG with this many colour components (1 grey,
    /// 3 YCbCr/RGB, 4 CMYK); `adobe` when an Adobe APP14 marker says CMYK is inverted.
    Jpeg {
        components: u8,
        adobe: bool,
    },
    Png,
}

/// A picture file, read.
pub struct Picture {
    /// The path it was read from (relative paths resolved against the TOML's folder).
    pub path: PathBuf,
    pub bytes: Vec<u8>,
    pub format: Format,
    /// Size in pixels as stored (before the EXIF orientation is applied).
    pub width: u32,
    pub height: u32,
    /// EXIF orientation 1–8 (1: as stored; 6: turn 90° clockwise to view; …).
    pub orientation: u8,
}

impl fmt::Debug for Picture {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Picture({}, {}×{})", self.path.display(), self.width, self.height)
    }
}

impl PartialEq for Picture {
    fn eq(&self, other: &Picture) -> bool {
        self.path == other.path && self.bytes == other.bytes
    }
}

impl Eq for Picture {}

/// Why a picture cannot be printed.
#[derive(Debug)]
pub enum PictureError {
    /// No file at the path.
    Missing,
    /// The file could not be read, or is not a picture it claims to be.
    Unreadable(String),
}

impl fmt::Display for PictureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PictureError::Missing => write!(f, "no such file"),
            PictureError::Unreadable(why) => write!(f, "{why}"),
        }
    }
}

/// Decoded PNG pixels for the PDF: colour samples (8 bits each) and alpha.
pub struct Pixels {
    /// 1 (grey) or 3 (RGB) samples per pixel.
    pub channels: u8,
    pub color: Vec<u8>,
    /// One alpha byte per pixel, when the PNG has transparency.
    pub alpha: Option<Vec<u8>>,
}

impl Picture {
    /// Reads the picture at `path`.
    pub fn read(path: &Path) -> Result<Picture, PictureError> {
        let bytes = crate::files::read(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => PictureError::Missing,
            _ => PictureError::Unreadable(e.to_string()),
        })?;
        Picture::from_bytes(path.to_path_buf(), bytes)
    }

    /// A picture from bytes already read.
    pub fn from_bytes(path: PathBuf, bytes: Vec<u8>) -> Result<Picture, PictureError> {
        let (format, width, height, orientation) = if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            let j = jpeg_header(&bytes).ok_or_else(|| unreadable("a JPEG without a frame header"))?;
            (Format::Jpeg { components: j.components, adobe: j.adobe }, j.width, j.height, j.orientation)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            let d = png::Decoder::new(std::io::Cursor::new(&bytes[..]));
            let r = d.read_info().map_err(|e| unreadable(&format!("a broken PNG ({e})")))?;
            let info = r.info();
            (Format::Png, info.width, info.height, 1)
        } else if let Some((kind, name)) = convertible(&bytes) {
            return Picture::from_bytes(path, to_png(&bytes, kind, name)?);
        } else {
            return Err(unreadable("not a JPEG, PNG, GIF, WebP or BMP file"));
        };
        if width == 0 || height == 0 {
            return Err(unreadable("a picture of no pixels"));
        }
        Ok(Picture { path, bytes, format, width, height, orientation })
    }

    /// Width and height as the picture is seen (turned by its EXIF orientation).
    pub fn upright_size(&self) -> (u32, u32) {
        if self.orientation >= 5 {
            (self.height, self.width)
        } else {
            (self.width, self.height)
        }
    }

    /// The size in points the picture prints at, in an area `max_width` ×
    /// `max_height`: `percent` of the area's width when asked (`{width=60%}`),
    /// else its upright pixels at 96 per inch (how Word and browsers show a
    /// picture given no size); then made smaller — never larger — to fit the
    /// area, proportions kept.
    pub fn fit(&self, percent: Option<u8>, max_width: f32, max_height: f32) -> (f32, f32) {
        let (w, h) = self.upright_size();
        let (w, h) = (w as f32 * 0.75, h as f32 * 0.75);
        let (w, h) = match percent {
            Some(p) => (max_width * f32::from(p) / 100.0, max_width * f32::from(p) / 100.0 * h / w),
            None => (w, h),
        };
        let scale = (max_width / w).min(max_height / h).min(1.0);
        (w * scale, h * scale)
    }

    /// The sizes in points `pictures` print at side by side (a row of a 照片选编
    /// page) in an area `max_width` × `max_height`: one picture as
    /// [`Picture::fit`]; several all of one height, [`ROW_GAP`] apart, together
    /// `percent` of the area's width (all of it when not asked) — but never
    /// taller than the least of their own heights (never enlarged) nor than the
    /// area.
    pub fn fit_row(
        pictures: &[&Picture],
        percent: Option<u8>,
        max_width: f32,
        max_height: f32,
    ) -> Vec<(f32, f32)> {
        if let [one] = pictures {
            return vec![one.fit(percent, max_width, max_height)];
        }
        let upright: Vec<(f32, f32)> =
            pictures.iter().map(|p| p.upright_size()).map(|(w, h)| (w as f32, h as f32)).collect();
        let aspects: f32 = upright.iter().map(|(w, h)| w / h).sum();
        let own = upright.iter().map(|(_, h)| h * 0.75).fold(f32::INFINITY, f32::min);
        let share = f32::from(percent.unwrap_or(100)) / 100.0;
        let room = (max_width * share - ROW_GAP * (pictures.len() - 1) as f32).max(1.0);
        let height = (room / aspects).min(own).min(max_height);
        upright.iter().map(|(w, h)| (height * w / h, height)).collect()
    }

    /// The MIME type of the bytes.
    pub fn mime(&self) -> &'static str {
        match self.format {
            Format::Jpeg { .. } => "image/jpeg",
            Format::Png => "image/png",
        }
    }

    /// The usual file extension of the bytes.
    pub fn extension(&self) -> &'static str {
        match self.format {
            Format::Jpeg { .. } => "jpeg",
            Format::Png => "png",
        }
    }

    /// The pixels of a PNG, 8 bits per sample, palette expanded, alpha apart.
    pub fn decode_png(&self) -> Result<Pixels, String> {
        let mut d = png::Decoder::new(std::io::Cursor::new(&self.bytes[..]));
        d.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
        let mut r = d.read_info().map_err(|e| e.to_string())?;
        let size = r.output_buffer_size().ok_or("a PNG too large to decode")?;
        let mut buf = vec![0; size];
        let frame = r.next_frame(&mut buf).map_err(|e| e.to_string())?;
        buf.truncate(frame.buffer_size());
        let split = |n: usize| -> (Vec<u8>, Vec<u8>) {
            let mut color = Vec::with_capacity(buf.len() / (n + 1) * n);
            let mut alpha = Vec::with_capacity(buf.len() / (n + 1));
            for px in buf.chunks_exact(n + 1) {
                color.extend_from_slice(&px[..n]);
                alpha.push(px[n]);
            }
            (color, alpha)
        };
        let opaque = |a: &[u8]| a.iter().all(|&v| v == 255);
        Ok(match frame.color_type {
            png::ColorType::Grayscale => Pixels { channels: 1, color: buf, alpha: None },
            png::ColorType::Rgb => Pixels { channels: 3, color: buf, alpha: None },
            png::ColorType::GrayscaleAlpha => {
                let (color, alpha) = split(1);
                Pixels { channels: 1, alpha: (!opaque(&alpha)).then_some(alpha), color }
            }
            png::ColorType::Rgba => {
                let (color, alpha) = split(3);
                Pixels { channels: 3, alpha: (!opaque(&alpha)).then_some(alpha), color }
            }
            png::ColorType::Indexed => return Err("a palette PNG the decoder did not expand".into()),
        })
    }
}

/// The file a Markdown image's `src` names, for a document in `folder`: relative
/// paths are relative to the document's folder.
pub fn path_of(folder: &Path, src: &str) -> PathBuf {
    folder.join(src)
}

/// Whether `src` names a local file (not a URL, not a `data:` URI, not absolute).
pub fn is_relative_file(src: &str) -> bool {
    !src.contains("://") && !src.starts_with("data:") && Path::new(src).is_relative()
}

/// The `src` of every `![…](src)` written in `text` (the raw source of an input
/// file, so that the build cache can hash the pictures without rendering it).
pub fn mentioned(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("![") {
        rest = &rest[at + 2..];
        let Some(close) = rest.find("](") else { break };
        if rest[..close].contains('\n') {
            continue;
        }
        let after = &rest[close + 2..];
        let (after, end) = match after.strip_prefix('<') {
            Some(inner) => (inner, inner.find('>').unwrap_or(0)),
            None => (
                after,
                after.find(|c: char| c == ')' || c == '"' || c.is_whitespace()).unwrap_or(after.len()),
            ),
        };
        if end > 0 {
            out.push(&after[..end]);
        }
        rest = &rest[close + 2..];
    }
    out
}

/// The usual extension of a picture's bytes as they are (before any conversion):
/// `jpg`, `png`, `gif`, `webp` or `bmp`; `None` for anything else.
pub fn sniff_extension(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("jpg")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("png")
    } else {
        convertible(bytes).map(|(_, name)| match name {
            "GIF" => "gif",
            "WebP" => "webp",
            _ => "bmp",
        })
    }
}

/// The `image` crate's format of a GIF, WebP or BMP file, by its first bytes, and
/// its name.
fn convertible(bytes: &[u8]) -> Option<(image::ImageFormat, &'static str)> {
    if bytes.starts_with(b"GIF8") {
        Some((image::ImageFormat::Gif, "GIF"))
    } else if bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        Some((image::ImageFormat::WebP, "WebP"))
    } else if bytes.starts_with(b"BM") {
        Some((image::ImageFormat::Bmp, "BMP"))
    } else {
        None
    }
}

/// A GIF (its first frame), WebP or BMP decoded and encoded as PNG: RGBA when it
/// has transparency, else RGB (or grey).
fn to_png(bytes: &[u8], kind: image::ImageFormat, name: &str) -> Result<Vec<u8>, PictureError> {
    let decoded = image::load_from_memory_with_format(bytes, kind)
        .map_err(|e| unreadable(&format!("a broken {name} file ({e})")))?;
    let decoded = match decoded.color() {
        image::ColorType::L8 | image::ColorType::Rgb8 => decoded,
        image::ColorType::La8 | image::ColorType::Rgba8 if opaque(&decoded) => {
            image::DynamicImage::ImageRgb8(decoded.to_rgb8())
        }
        image::ColorType::La8 => decoded,
        _ => image::DynamicImage::ImageRgba8(decoded.to_rgba8()),
    };
    let mut png = Vec::new();
    decoded
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .map_err(|e| unreadable(&format!("a {name} file that cannot be converted to PNG ({e})")))?;
    Ok(png)
}

/// Whether every pixel of a picture with an alpha channel is fully opaque.
fn opaque(picture: &image::DynamicImage) -> bool {
    picture.to_rgba8().pixels().all(|p| p.0[3] == 255)
}

fn unreadable(why: &str) -> PictureError {
    PictureError::Unreadable(why.to_string())
}

struct JpegHeader {
    width: u32,
    height: u32,
    components: u8,
    adobe: bool,
    orientation: u8,
}

/// Walks a JPEG's markers up to its frame header (SOFn): size, components, the
/// Adobe marker and the EXIF orientation.
fn jpeg_header(b: &[u8]) -> Option<JpegHeader> {
    let mut at = 2;
    let mut adobe = false;
    let mut orientation = 1;
    while at + 4 <= b.len() {
        if b[at] != 0xFF {
            return None;
        }
        let marker = b[at + 1];
        if marker == 0xFF {
            at += 1;
            continue;
        }
        let len = u16::from_be_bytes([b[at + 2], b[at + 3]]) as usize;
        let body = b.get(at + 4..at + 2 + len)?;
        match marker {
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                let height = u16::from_be_bytes([*body.get(1)?, *body.get(2)?]) as u32;
                let width = u16::from_be_bytes([*body.get(3)?, *body.get(4)?]) as u32;
                let components = *body.get(5)?;
                return Some(JpegHeader { width, height, components, adobe, orientation });
            }
            0xE1 if body.starts_with(b"Exif\0\0") => orientation = exif_orientation(&body[6..]).unwrap_or(1),
            0xEE if body.starts_with(b"Adobe") => adobe = true,
            0xDA | 0xD9 => return None,
            _ => {}
        }
        at += 2 + len;
    }
    None
}

/// The Orientation tag (0x0112) of a TIFF structure's first IFD.
fn exif_orientation(tiff: &[u8]) -> Option<u8> {
    let big = match tiff.get(..2)? {
        b"MM" => true,
        b"II" => false,
        _ => return None,
    };
    let u16_at = |i: usize| -> Option<u16> {
        let s = [*tiff.get(i)?, *tiff.get(i + 1)?];
        Some(if big { u16::from_be_bytes(s) } else { u16::from_le_bytes(s) })
    };
    let u32_at = |i: usize| -> Option<u32> {
        let s = [*tiff.get(i)?, *tiff.get(i + 1)?, *tiff.get(i + 2)?, *tiff.get(i + 3)?];
        Some(if big { u32::from_be_bytes(s) } else { u32::from_le_bytes(s) })
    };
    let ifd = u32_at(4)? as usize;
    let count = u16_at(ifd)? as usize;
    (0..count).map(|k| ifd + 2 + 12 * k).find(|&e| u16_at(e) == Some(0x0112)).and_then(|e| {
        let v = u16_at(e + 8)?;
        (1..=8).contains(&v).then_some(v as u8)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg_with(app: &[u8]) -> Vec<u8> {
        let mut b = vec![0xFF, 0xD8];
        b.extend_from_slice(app);
        // SOF0: length 17, precision 8, height 30, width 40, 3 components.
        b.extend_from_slice(&[0xFF, 0xC0, 0, 17, 8, 0, 30, 0, 40, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
        b.extend_from_slice(&[0xFF, 0xD9]);
        b
    }

    #[test]
    fn jpeg_size_and_exif_orientation() {
        let p = Picture::from_bytes("a.jpg".into(), jpeg_with(&[])).unwrap();
        assert_eq!((p.width, p.height, p.orientation), (40, 30, 1));
        assert_eq!(p.format, Format::Jpeg { components: 3, adobe: false });
        // APP1 Exif, big-endian TIFF, one IFD entry: Orientation = 6.
        let mut tiff = b"MM\0\x2a\0\0\0\x08\0\x01".to_vec();
        tiff.extend_from_slice(&[0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0]);
        let mut app1 = vec![0xFF, 0xE1];
        let len = (2 + 6 + tiff.len()) as u16;
        app1.extend_from_slice(&len.to_be_bytes());
        app1.extend_from_slice(b"Exif\0\0");
        app1.extend_from_slice(&tiff);
        let p = Picture::from_bytes("b.jpg".into(), jpeg_with(&app1)).unwrap();
        assert_eq!(p.orientation, 6);
        assert_eq!(p.upright_size(), (30, 40));
    }

    #[test]
    fn mentioned_pictures_are_found_in_raw_text() {
        let toml = "text = \"见图：![运动会](照片/a.jpg \\\"图1\\\")\"\nx = \"![b](<b c.png>) [not](d.png)\"";
        assert_eq!(mentioned(toml), vec!["照片/a.jpg", "b c.png"]);
    }

    #[test]
    fn other_formats_are_converted_or_named() {
        // A 1 × 1 GIF: converted to a PNG of the same size.
        let gif = b"GIF87a\x01\0\x01\0\x80\0\0\0\0\0\0\0\0,\0\0\0\0\x01\0\x01\0\0\x08\x04\0\x01\x04\x04\0;";
        let p = Picture::from_bytes("a.gif".into(), gif.to_vec()).unwrap();
        assert_eq!((p.format, p.width, p.height), (Format::Png, 1, 1));
        assert!(p.bytes.starts_with(b"\x89PNG"));
        let broken = Picture::from_bytes("b.gif".into(), b"GIF89a....".to_vec());
        assert!(
            matches!(broken, Err(PictureError::Unreadable(ref why)) if why.contains("GIF")),
            "{broken:?}"
        );
        let text = Picture::from_bytes("a.png".into(), b"hello".to_vec());
        assert!(matches!(text, Err(PictureError::Unreadable(_))));
    }
}

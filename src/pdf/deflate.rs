//! Deflate: bytes and PDF streams → zlib at level 1.
//!
//! In: a font subset's bytes ([`super::embed`]) or the whole lopdf document
//! ([`super::draw`]). Out: the bytes deflated when that makes them smaller, and
//! every stream of the document deflated in parallel, with a hash of the contents
//! for the file /ID. Level 1: lopdf's own `compress` uses level 9, which costs a
//! third of the run for a few percent of size.

/// `bytes` deflated (zlib, level 1), when that makes them smaller.
pub fn deflate(bytes: &[u8]) -> Option<Vec<u8>> {
    use std::io::Write;
    let mut z =
        flate2::write::ZlibEncoder::new(Vec::with_capacity(bytes.len() / 2), flate2::Compression::new(1));
    z.write_all(bytes).ok()?;
    let packed = z.finish().ok()?;
    (packed.len() + 19 < bytes.len()).then_some(packed)
}

/// Deflates every stream not deflated yet, in parallel (level 1: lopdf's own
/// `compress` uses level 9, which costs a third of the run for a few percent of
/// size).
pub fn compress(lo: &mut lopdf::Document) {
    use rayon::prelude::*;
    let streams: Vec<&mut lopdf::Stream> = lo
        .objects
        .values_mut()
        .filter_map(|o| match o {
            lopdf::Object::Stream(s) if s.allows_compression && s.dict.get(b"Filter").is_err() => Some(s),
            _ => None,
        })
        .collect();
    streams.into_par_iter().for_each(|stream| {
        if let Some(packed) = deflate(&stream.content) {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(packed);
        }
    });
}

/// Deflates every stream not deflated yet ([`compress`]) and returns a hash of
/// all stream contents and the object ids, used as the file /ID.
pub fn compress_and_hash(lo: &mut lopdf::Document) -> u128 {
    compress(lo);
    let mut h = crate::hash::Fnv128::default();
    for (id, object) in &lo.objects {
        h.write(&id.0.to_le_bytes());
        if let lopdf::Object::Stream(stream) = object {
            h.write(&stream.content);
        }
    }
    h.finish()
}

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
    let mut h = Wide::default();
    for (id, object) in &lo.objects {
        h.write(&id.0.to_le_bytes());
        if let lopdf::Object::Stream(stream) = object {
            h.write(&stream.content);
        }
    }
    h.0
}

/// A 128-bit FNV-style hash that takes its input 16 bytes at a time, folding the
/// high half down after each multiplication so that every input bit reaches
/// every output bit. The /ID covers the whole file's streams (half a megabyte
/// for the seed): byte-wise FNV-1a took a millisecond of each run there, this a
/// sixteenth of it.
struct Wide(u128);

impl Default for Wide {
    fn default() -> Self {
        Wide(0x6c62272e07bb014262b821756295c58d)
    }
}

impl Wide {
    fn write(&mut self, bytes: &[u8]) {
        const PRIME: u128 = 0x0000000001000000000000000000013B;
        let mut words = bytes.chunks_exact(16);
        for word in &mut words {
            let w = u128::from_le_bytes(word.try_into().expect("16 bytes"));
            self.0 = (self.0 ^ w).wrapping_mul(PRIME);
            self.0 ^= self.0 >> 64;
        }
        let mut tail = [0u8; 16];
        let rest = words.remainder();
        tail[..rest.len()].copy_from_slice(rest);
        // The tail's length goes in too: "a" and "a\0" differ.
        self.0 = (self.0 ^ u128::from_le_bytes(tail) ^ ((rest.len() as u128) << 120)).wrapping_mul(PRIME);
        self.0 ^= self.0 >> 64;
    }
}

#[cfg(test)]
mod tests {
    use super::Wide;

    fn wide(parts: &[&[u8]]) -> u128 {
        let mut h = Wide::default();
        parts.iter().for_each(|p| h.write(p));
        h.0
    }

    #[test]
    fn the_id_hash_tells_apart_contents_that_differ_anywhere() {
        let base: Vec<u8> = (0..100u8).collect();
        let mut seen = std::collections::HashSet::new();
        assert!(seen.insert(wide(&[&base])));
        for at in [0, 15, 16, 63, 99] {
            for bit in [0, 7] {
                let mut changed = base.clone();
                changed[at] ^= 1 << bit;
                assert!(seen.insert(wide(&[&changed])), "a change at byte {at} bit {bit} went unseen");
            }
        }
        assert!(seen.insert(wide(&[&base[..99]])));
        assert!(seen.insert(wide(&[&base, &[0]])));
        assert!(seen.insert(wide(&[&base[..50], &base[50..]])), "where one stream ends counts");
        assert_eq!(wide(&[&base]), wide(&[&base]));
    }
}

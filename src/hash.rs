//! Hash: a small, stable 128-bit FNV-1a hash.
//!
//! In: bytes. Out: a number that is the same on every machine and in every
//! version of Rust (unlike `std`'s `DefaultHasher`), used for the incremental
//! build cache and for the PDF file /ID.

/// FNV-1a over 128 bits.
#[derive(Clone, Copy, Debug)]
pub struct Fnv128(u128);

impl Default for Fnv128 {
    fn default() -> Self {
        Fnv128(0x6c62272e07bb014262b821756295c58d)
    }
}

impl Fnv128 {
    /// Mixes `bytes` into the hash.
    pub fn write(&mut self, bytes: &[u8]) -> &mut Self {
        for b in bytes {
            self.0 = (self.0 ^ *b as u128).wrapping_mul(0x0000000001000000000000000000013B);
        }
        self
    }

    /// Mixes a length-prefixed field, so that ("ab", "c") and ("a", "bc") differ.
    pub fn field(&mut self, bytes: &[u8]) -> &mut Self {
        self.write(&(bytes.len() as u64).to_le_bytes()).write(bytes)
    }

    pub fn finish(&self) -> u128 {
        self.0
    }
}

/// The hash of one byte string (the preview server's change detection).
#[cfg(feature = "serve")]
pub fn hash_bytes(bytes: &[u8]) -> u128 {
    Fnv128::default().write(bytes).finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_and_field_separated() {
        let a = Fnv128::default().write(b"wengao").finish();
        assert_eq!(a, Fnv128::default().write(b"wen").write(b"gao").finish());
        let x = Fnv128::default().field(b"ab").field(b"c").finish();
        let y = Fnv128::default().field(b"a").field(b"bc").finish();
        assert_ne!(x, y);
        assert_eq!(Fnv128::default().finish(), 0x6c62272e07bb014262b821756295c58d);
    }
}

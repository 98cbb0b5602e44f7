//! A tiny deterministic random number generator.
//!
//! The seed data must come out the same for the same `--seed` on every
//! machine, forever, so the generator is spelled out here (SplitMix64, as
//! published by Sebastiano Vigna) rather than borrowed from a crate whose
//! streams may change between versions.

/// SplitMix64: 64 bits of state, one addition and a mixing function per draw.
#[derive(Clone, Debug)]
pub struct SplitMix64 {
    state: u64,
}

const LOWERCASE_ALPHANUMERICS: &[u8; 36] = b"abcdefghijklmnopqrstuvwxyz0123456789";

impl SplitMix64 {
    /// A generator whose whole future is fixed by `seed`.
    pub fn new(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..bound`; `bound` must not be 0.
    pub fn below(&mut self, bound: u64) -> u64 {
        // Multiply-high maps 64 bits onto the range; its bias is far below
        // anything seed data could notice.
        ((u128::from(self.next_u64()) * u128::from(bound)) >> 64) as u64
    }

    /// An index into a slice of `len` items; `len` must not be 0.
    pub fn index(&mut self, len: usize) -> usize {
        self.below(len as u64) as usize
    }

    /// True with probability `numerator / denominator`.
    pub fn chance(&mut self, numerator: u64, denominator: u64) -> bool {
        self.below(denominator) < numerator
    }

    /// `len` characters from `a-z0-9`.
    pub fn alphanumerics(&mut self, len: usize) -> String {
        (0..len)
            .map(|_| char::from(LOWERCASE_ALPHANUMERICS[self.index(36)]))
            .collect()
    }

    /// Puts `items` in a random order (Fisher–Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for last in (1..items.len()).rev() {
            items.swap(last, self.index(last + 1));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_published_splitmix64_stream() {
        // The first outputs for seed 1234567, from the reference C code.
        let mut random = SplitMix64::new(1_234_567);
        assert_eq!(random.next_u64(), 6_457_827_717_110_365_317);
        assert_eq!(random.next_u64(), 3_203_168_211_198_807_973);
    }

    #[test]
    fn below_stays_in_range() {
        let mut random = SplitMix64::new(7);
        assert!((0..1000).all(|_| random.below(3) < 3));
    }

    #[test]
    fn alphanumerics_are_lowercase_letters_and_digits() {
        let text = SplitMix64::new(9).alphanumerics(200);
        assert_eq!(text.len(), 200);
        assert!(text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()));
    }
}

//! How an int64 widens into a double column without loss: the one rule that
//! the decoder applies to each value and inference applies to each field, so
//! that a schema inferred from documents always decodes them.

/// Every integer of magnitude at most 2^53 is an exact `f64`; beyond it some
/// are not, and a column must not hold a value whose neighbour would round.
const MAX_EXACT_F64_INT: u64 = 1 << 53;

/// `v` as an `f64`, when int64 → double keeps it (and every int64 of its
/// magnitude) exact.
#[inline]
pub(crate) fn int64_as_exact_f64(v: i64) -> Option<f64> {
    // `unsigned_abs`, not `abs`: i64::MIN has no positive i64, and `abs`
    // overflows on it (a panic under overflow checks, a wrong answer without).
    (v.unsigned_abs() <= MAX_EXACT_F64_INT).then_some(v as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_up_to_two_to_the_53_in_magnitude() {
        let limit = 1_i64 << 53;
        assert_eq!(int64_as_exact_f64(limit), Some(9_007_199_254_740_992.0));
        assert_eq!(int64_as_exact_f64(-limit), Some(-9_007_199_254_740_992.0));
        assert_eq!(int64_as_exact_f64(0), Some(0.0));
        for v in [limit + 1, -limit - 1, i64::MAX, i64::MIN + 1, i64::MIN] {
            assert_eq!(int64_as_exact_f64(v), None, "{v}");
        }
    }
}

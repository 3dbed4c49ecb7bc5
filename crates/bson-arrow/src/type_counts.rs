//! Values counted by BSON type: what the coercion report and inference
//! errors tell a user about a field ("string 8518, double 2339, int 238").

use bson::spec::ElementType;

use crate::bson_type::bson_type_name;

/// The element types 0x01..=0x13, then MaxKey (0x7F) and MinKey (0xFF).
const SLOTS: usize = 21;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct TypeCounts([u64; SLOTS]);

fn slot(kind: ElementType) -> usize {
    match kind as u8 {
        0x7F => 19,
        0xFF => 20,
        // Every other element type is one of 0x01..=0x13.
        byte => usize::from(byte) - 1,
    }
}

fn kind_of_slot(slot: usize) -> Option<ElementType> {
    let byte = match slot {
        19 => 0x7F,
        20 => 0xFF,
        s => u8::try_from(s + 1).ok()?,
    };
    ElementType::from(byte)
}

impl TypeCounts {
    pub fn add(&mut self, kind: ElementType) {
        self.0[slot(kind)] += 1;
    }

    pub fn add_all(&mut self, other: &TypeCounts) {
        for (a, b) in self.0.iter_mut().zip(other.0) {
            *a += b;
        }
    }

    pub fn total(&self) -> u64 {
        self.0.iter().sum()
    }

    /// Non-zero counts by MongoDB `$type` name, in element-type order.
    pub fn named(&self) -> Vec<(&'static str, u64)> {
        (0..SLOTS)
            .filter(|&s| self.0[s] > 0)
            .filter_map(|s| kind_of_slot(s).map(|kind| (bson_type_name(kind), self.0[s])))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_element_type_has_its_own_slot() {
        let mut counts = TypeCounts::default();
        for byte in (0x01..=0x13).chain([0x7F, 0xFF]) {
            counts.add(ElementType::from(byte).unwrap());
        }
        assert_eq!(counts.total(), 21);
        assert!(counts.named().iter().all(|&(_, n)| n == 1));
        assert_eq!(counts.named()[0], ("double", 1));
        assert_eq!(counts.named()[20], ("minKey", 1));
    }
}

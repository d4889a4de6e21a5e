//! One stable sort for every element type.
//!
//! `slice::sort_by` is generic over the element and the comparison, so each call site brings
//! its own copy of the standard library's sort (about 3 KB of wasm each). These helpers sort a
//! list of positions with one shared, non-generic instantiation instead, then move the items
//! into that order; the result is exactly that of the stable `sort_by`.

use std::cmp::Ordering;

/// Sorts `items` stably by `compare`, like `<[T]>::sort_by`.
pub fn sort_by<T>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    if items.len() < 2 {
        return;
    }
    let mut order: Vec<usize> = (0..items.len()).collect();
    sort_positions(&mut order, &mut |a, b| compare(&items[a], &items[b]));
    permute(items, &mut order);
}

/// Sorts `items` stably by `key`, like `<[T]>::sort_by_key`.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` stably, like `<[T]>::sort`.
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// The one instantiation of the standard sort: positions compared through `compare`.
#[inline(never)]
fn sort_positions(order: &mut [usize], compare: &mut dyn FnMut(usize, usize) -> Ordering) {
    order.sort_by(|&a, &b| compare(a, b));
}

/// Rearranges `items` so that position `k` holds what was at `order[k]`, following each cycle
/// of the permutation once (`order` is used up: visited positions are marked as fixed points).
fn permute<T>(items: &mut [T], order: &mut [usize]) {
    for start in 0..order.len() {
        let mut current = start;
        loop {
            let next = order[current];
            order[current] = current;
            if next == start {
                break;
            }
            items.swap(current, next);
            current = next;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn descending(a: &(u8, u32), b: &(u8, u32)) -> Ordering {
        b.0.cmp(&a.0)
    }

    #[test]
    fn the_same_order_as_the_standard_stable_sort() {
        // Pairs with many equal keys, so stability shows.
        let mut seed = 7_u32;
        for len in [0, 1, 2, 3, 10, 100, 1000] {
            let items: Vec<(u8, u32)> = (0..len)
                .map(|i| {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    ((seed >> 16) as u8 % 7, i)
                })
                .collect();
            let mut expected = items.clone();
            expected.sort_by_key(|(k, _)| *k);
            let mut ours = items.clone();
            sort_by_key(&mut ours, |(k, _)| *k);
            assert_eq!(ours, expected);
            let mut expected = items.clone();
            expected.sort_by(descending);
            let mut ours = items.clone();
            sort_by(&mut ours, descending);
            assert_eq!(ours, expected);
            let mut expected = items.clone();
            expected.sort();
            let mut ours = items;
            sort(&mut ours);
            assert_eq!(ours, expected);
        }
    }
}

//! Comparing a read text with a label: exact match and character accuracy, with UC3M's masked characters (`*`)
//! matching any one character or none: they are greyed out in the image itself, so a reader that skips the grey
//! block is as right as one that guesses a character there. Only the unmasked characters are scored.

/// The character that marks a masked (greyed-out, unknown) position in a label.
pub const MASK: char = '*';

/// Whether `read` is exactly the plate `label`: every unmasked character read, in order, nothing extra (a masked
/// position may be read as any character or skipped).
pub fn exact(label: &str, read: &str) -> bool {
    masked_distance(label, read) == 0
}

/// Number of characters of `label` that are not masked (the denominator of character accuracy).
pub fn unmasked_len(label: &str) -> usize {
    label.chars().filter(|&c| c != MASK).count()
}

/// Levenshtein distance where a masked label character matches any read character, or nothing, at no cost
/// (every other insertion or deletion costs 1).
pub fn masked_distance(label: &str, read: &str) -> usize {
    let l: Vec<char> = label.chars().collect();
    let r: Vec<char> = read.chars().collect();
    let mut prev: Vec<usize> = (0..=r.len()).collect();
    let mut cur = vec![0; r.len() + 1];
    for &lc in &l {
        cur[0] = prev[0] + usize::from(lc != MASK);
        for (j, &rc) in r.iter().enumerate() {
            let sub = usize::from(lc != MASK && lc != rc);
            let skip_label = usize::from(lc != MASK);
            cur[j + 1] = (prev[j] + sub).min(prev[j + 1] + skip_label).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[r.len()]
}

/// Correctly read characters of `label`: its unmasked length minus the edit distance, never below 0.
/// Character accuracy over a set is the sum of this over the sum of [`unmasked_len`].
pub fn correct_chars(label: &str, read: &str) -> usize {
    unmasked_len(label).saturating_sub(masked_distance(label, read))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_respects_masks_and_length() {
        assert!(exact("12ABC3", "12ABC3"));
        assert!(!exact("12ABC3", "12ABC8"));
        assert!(exact("24*0JV*", "2410JVX"));
        assert!(exact("24*0JV*", "240JV"), "masked blocks may be skipped");
        assert!(exact("24*0JV*", "2410JV"));
        assert!(!exact("24*0JV*", "2410JVXY"));
        assert!(!exact("24*0JV*", "24JV"));
    }

    #[test]
    fn distance_is_levenshtein_with_wildcards() {
        assert_eq!(masked_distance("ABC", "ABC"), 0);
        assert_eq!(masked_distance("ABC", "ABD"), 1);
        assert_eq!(masked_distance("ABC", "AC"), 1);
        assert_eq!(masked_distance("ABC", "XABC"), 1);
        assert_eq!(masked_distance("A*C", "AZC"), 0);
        assert_eq!(masked_distance("", "AB"), 2);
        assert_eq!(masked_distance("AB", ""), 2);
        assert_eq!(masked_distance("A**B", "AB"), 0);
        assert_eq!(masked_distance("*A", ""), 1);
    }

    #[test]
    fn correct_chars_counts_unmasked_only() {
        assert_eq!(unmasked_len("24*0JV*"), 5);
        assert_eq!(correct_chars("24*0JV*", "2410JVX"), 5);
        assert_eq!(correct_chars("24*0JV*", "2410JYX"), 4);
        assert_eq!(correct_chars("879**BG", "879BG"), 5);
        assert_eq!(correct_chars("12ABC3", ""), 0);
        assert_eq!(correct_chars("AB", "XYZWVU"), 0);
    }
}

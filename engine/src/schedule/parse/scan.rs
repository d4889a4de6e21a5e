//! A cursor over the characters of the text being parsed.
//!
//! Works on `char`s, never on byte offsets, so no input can split a multi-byte character and
//! panic; every position it reports is a character count, which is what a webmaster sees.

use chrono::Weekday;

/// How many characters of the original text an error quotes at most.
const FRAGMENT_CHARS: usize = 12;

/// Characters that end the fragment an error quotes: the webmaster wants to see the word that
/// failed, not the rest of the line.
fn ends_fragment(c: char) -> bool {
    c.is_whitespace() || matches!(c, '、' | '､' | ',' | '/' | ';' | '。' | '(' | ')')
}

/// The text as folded characters (what the parser reads) beside the original characters (what
/// errors quote), and a position in both.
pub(super) struct Scanner {
    folded: Vec<char>,
    original: Vec<char>,
    pos: usize,
}

/// A run of ASCII digits.
#[derive(Debug, Clone, Copy)]
pub(super) struct Digits {
    /// The value, saturating rather than overflowing on absurdly long runs.
    pub(super) value: u32,
    /// How many digits were written.
    pub(super) len: usize,
}

impl Scanner {
    pub(super) fn new(text: &str) -> Scanner {
        // fold_width maps each character to exactly one character, so positions in the folded
        // text are positions in the original.
        Scanner {
            folded: tsunagu_contract::text::fold_width(text).chars().collect(),
            original: text.chars().collect(),
            pos: 0,
        }
    }

    pub(super) fn pos(&self) -> usize {
        self.pos
    }

    pub(super) fn reset(&mut self, pos: usize) {
        self.pos = pos.min(self.folded.len());
    }

    pub(super) fn at_end(&self) -> bool {
        self.pos >= self.folded.len()
    }

    pub(super) fn peek(&self) -> Option<char> {
        self.folded.get(self.pos).copied()
    }

    pub(super) fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += 1;
        Some(c)
    }

    pub(super) fn eat(&mut self, c: char) -> bool {
        self.eat_if(|next| next == c).is_some()
    }

    pub(super) fn eat_if(&mut self, wanted: impl Fn(char) -> bool) -> Option<char> {
        let c = self.peek().filter(|c| wanted(*c))?;
        self.pos += 1;
        Some(c)
    }

    pub(super) fn looking_at(&self, word: &str) -> bool {
        let end = self.pos.saturating_add(word.chars().count());
        self.folded
            .get(self.pos..end)
            .is_some_and(|here| here.iter().copied().eq(word.chars()))
    }

    pub(super) fn eat_str(&mut self, word: &str) -> bool {
        let found = self.looking_at(word);
        if found {
            self.pos += word.chars().count();
        }
        found
    }

    /// Eats the first of `words` found here; list longer words before their prefixes.
    pub(super) fn eat_any(&mut self, words: &[&str]) -> bool {
        words.iter().any(|w| self.eat_str(w))
    }

    /// Runs `read`; if it finds nothing, puts the cursor back where it was.
    pub(super) fn attempt<T>(&mut self, read: impl FnOnce(&mut Scanner) -> Option<T>) -> Option<T> {
        let start = self.pos;
        let found = read(self);
        if found.is_none() {
            self.pos = start;
        }
        found
    }

    /// Whether `test` holds here, leaving the cursor where it is.
    pub(super) fn ahead(&mut self, test: impl FnOnce(&mut Scanner) -> bool) -> bool {
        let start = self.pos;
        let found = test(self);
        self.pos = start;
        found
    }

    pub(super) fn skip_spaces(&mut self) {
        while self.eat_if(char::is_whitespace).is_some() {}
    }

    pub(super) fn digits(&mut self) -> Option<Digits> {
        let mut found = Digits { value: 0, len: 0 };
        while let Some(d) = self.peek().and_then(|c| c.to_digit(10)) {
            found.value = found.value.saturating_mul(10).saturating_add(d);
            found.len += 1;
            self.pos += 1;
        }
        (found.len > 0).then_some(found)
    }

    /// A weekday written as one character, 月 … 日.
    pub(super) fn weekday_char(&mut self) -> Option<Weekday> {
        let day = weekday_of(self.peek()?)?;
        self.pos += 1;
        Some(day)
    }

    /// The original text from `from` to `to`, whitespace trimmed.
    pub(super) fn text(&self, from: usize, to: usize) -> String {
        let to = to.min(self.original.len());
        let from = from.min(to);
        self.original
            .get(from..to)
            .unwrap_or_default()
            .iter()
            .collect::<String>()
            .trim()
            .to_owned()
    }

    /// What an error quotes: the original text from `from` to `to`, at most a dozen characters.
    pub(super) fn fragment(&self, from: usize, to: usize) -> String {
        self.text(from, to.min(from.saturating_add(FRAGMENT_CHARS)))
    }

    /// The word starting at `from`: up to the next space or separator, always at least one
    /// character so that a stray separator is itself quoted.
    pub(super) fn word_end(&self, from: usize) -> usize {
        let rest = self.folded.get(from..).unwrap_or_default();
        let len = rest
            .iter()
            .skip(1)
            .position(|c| ends_fragment(*c))
            .map_or(rest.len(), |n| n + 1);
        from + len
    }
}

/// 月 … 日 as a weekday.
fn weekday_of(c: char) -> Option<Weekday> {
    Some(match c {
        '月' => Weekday::Mon,
        '火' => Weekday::Tue,
        '水' => Weekday::Wed,
        '木' => Weekday::Thu,
        '金' => Weekday::Fri,
        '土' => Weekday::Sat,
        '日' => Weekday::Sun,
        _ => return None,
    })
}

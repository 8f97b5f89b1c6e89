//! CommonMark's "process emphasis" over the inline parser's slots, with GFM `~~strikethrough~~`.
//!
//! Delimiter runs live in a linked list (removal is O(1)); `openers_bottom` keeps failed searches from
//! being repeated, so the whole pass stays linear on hostile input. A match does not build a tree: it
//! adds +1 to the first slot inside the span and -1 to the closer's slot for the mark, and the parser
//! sums these when it writes the text nodes.

use super::from_markdown_inline::{Item, Slot, EM, STRIKE, STRONG};

/// One delimiter run that may open or close emphasis.
struct Delim {
    slot: usize,
    ch: char,
    /// The run's original length (the "rule of 3" looks at it).
    length: usize,
    can_open: bool,
    can_close: bool,
    prev: Option<usize>,
    next: Option<usize>,
}

/// The delimiter stack of CommonMark's algorithm, as a linked list over a vector.
#[derive(Default)]
pub(super) struct DelimList {
    entries: Vec<Delim>,
    last: Option<usize>,
}

impl DelimList {
    pub(super) fn push(&mut self, slot: usize, ch: char, length: usize, can_open: bool, can_close: bool) {
        let index = self.entries.len();
        self.entries.push(Delim { slot, ch, length, can_open, can_close, prev: self.last, next: None });
        if let Some(last) = self.last.and_then(|last| self.entries.get_mut(last)) {
            last.next = Some(index);
        }
        self.last = Some(index);
    }

    /// Drops the delimiters of slots `slot..` (a link's or image's text, once handled).
    pub(super) fn truncate_from(&mut self, slot: usize) {
        while let Some(last) = self.last.and_then(|last| self.entries.get(last)) {
            if last.slot < slot {
                break;
            }
            self.last = last.prev;
        }
        self.cut_after(self.last);
    }

    fn cut_after(&mut self, bottom: Option<usize>) {
        self.last = bottom;
        if let Some(entry) = bottom.and_then(|bottom| self.entries.get_mut(bottom)) {
            entry.next = None;
        }
    }

    fn get(&self, index: usize) -> Option<&Delim> {
        self.entries.get(index)
    }

    fn unlink(&mut self, index: usize) {
        let Some(entry) = self.entries.get(index) else { return };
        let (prev, next) = (entry.prev, entry.next);
        if let Some(prev) = prev.and_then(|prev| self.entries.get_mut(prev)) {
            prev.next = next;
        }
        match next.and_then(|next| self.entries.get_mut(next)) {
            Some(next) => next.prev = prev,
            None => self.last = prev,
        }
    }

    fn link(&mut self, opener: usize, closer: usize) {
        if let Some(entry) = self.entries.get_mut(opener) {
            entry.next = Some(closer);
        }
        if let Some(entry) = self.entries.get_mut(closer) {
            entry.prev = Some(opener);
        }
    }
}

fn remaining(slots: &[Slot], slot: usize) -> usize {
    match slots.get(slot).map(|slot| &slot.item) {
        Some(Item::Delim { count, .. }) => *count,
        _ => 0,
    }
}

fn consume(slots: &mut [Slot], slot: usize, used: usize) {
    if let Some(Slot { item: Item::Delim { count, .. }, .. }) = slots.get_mut(slot) {
        *count = count.saturating_sub(used);
    }
}

/// Matches the delimiters of slots after `floor` (all when `None`) and removes them from the list.
pub(super) fn process(list: &mut DelimList, slots: &mut [Slot], floor: Option<usize>) {
    let mut first = None;
    let mut cursor = list.last;
    while let Some(entry) = cursor.and_then(|index| list.get(index)) {
        if floor.is_some_and(|floor| entry.slot <= floor) {
            break;
        }
        first = cursor;
        cursor = entry.prev;
    }
    let bottom = cursor;
    // [char][closer can open][closer length % 3]
    let mut openers_bottom = [[[bottom; 3]; 2]; 3];
    let mut closer = first;
    while let Some(c) = closer {
        let Some(entry) = list.get(c) else { break };
        if !entry.can_close {
            closer = entry.next;
            continue;
        }
        let (ch, length, closer_opens, closer_slot) = (entry.ch, entry.length, entry.can_open, entry.slot);
        let char_index = match ch {
            '*' => 0,
            '_' => 1,
            _ => 2,
        };
        let limit = openers_bottom[char_index][usize::from(closer_opens)][length % 3];
        let mut candidate = entry.prev;
        let mut found = None;
        while candidate != bottom && candidate != limit {
            let Some(opener) = candidate.and_then(|index| list.get(index)) else { break };
            let odd_match = (opener.can_close || closer_opens)
                && (opener.length + length) % 3 == 0
                && !(opener.length % 3 == 0 && length % 3 == 0);
            if opener.ch == ch && opener.can_open && (ch == '~' || !odd_match) {
                found = candidate;
                break;
            }
            candidate = opener.prev;
        }
        let Some(o) = found else {
            openers_bottom[char_index][usize::from(closer_opens)][length % 3] = entry.prev;
            let next = entry.next;
            if !closer_opens {
                list.unlink(c);
            }
            closer = next;
            continue;
        };
        let opener_slot = list.get(o).map_or(0, |opener| opener.slot);
        let (open_count, close_count) = (remaining(slots, opener_slot), remaining(slots, closer_slot));
        let used = if ch == '~' || (open_count >= 2 && close_count >= 2) { 2 } else { 1 };
        let kind = match (ch, used) {
            ('~', _) => STRIKE,
            (_, 2) => STRONG,
            _ => EM,
        };
        if let Some(slot) = slots.get_mut(opener_slot + 1) {
            slot.diff[kind] += 1;
        }
        if let Some(slot) = slots.get_mut(closer_slot) {
            slot.diff[kind] -= 1;
        }
        consume(slots, opener_slot, used);
        consume(slots, closer_slot, used);
        list.link(o, c);
        if remaining(slots, opener_slot) == 0 {
            list.unlink(o);
        }
        if remaining(slots, closer_slot) == 0 {
            closer = list.get(c).and_then(|entry| entry.next);
            list.unlink(c);
        }
    }
    list.cut_after(bottom);
}

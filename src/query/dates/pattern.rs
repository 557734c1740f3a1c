//! A small Java `SimpleDateFormat` matcher for the documented patterns: letters `y M d H m
//! s S E z Z`, quoted literals, and other characters matched literally (case-insensitive); a
//! space matches one or more spaces.

use chrono::NaiveDate;

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
const DAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Zone abbreviations as Java resolves them (minutes east of UTC).
const ZONES: [(&str, i32); 26] = [
    ("UTC", 0),
    ("GMT", 0),
    ("UT", 0),
    ("Z", 0),
    ("WET", 0),
    ("WEST", 60),
    ("BST", 60),
    ("CET", 60),
    ("CEST", 120),
    ("EET", 120),
    ("EEST", 180),
    ("MSK", 180),
    ("IST", 330),
    ("JST", 540),
    ("AEST", 600),
    ("AEDT", 660),
    ("EST", -300),
    ("EDT", -240),
    ("CST", -360),
    ("CDT", -300),
    ("MST", -420),
    ("MDT", -360),
    ("PST", -480),
    ("PDT", -420),
    ("AKST", -540),
    ("HST", -600),
];

#[derive(Default)]
struct Fields {
    year: Option<i32>,
    month: Option<u32>,
    day: Option<u32>,
    hour: u32,
    minute: u32,
    second: u32,
    milli: u32,
    offset_minutes: i32,
}

/// Matches `text` against one SimpleDateFormat pattern: epoch ms, or `None`.
pub(super) fn match_pattern(pattern: &str, text: &str) -> Option<i64> {
    let pat: Vec<char> = pattern.chars().collect();
    let mut input = Cursor {
        chars: text.chars().collect(),
        i: 0,
    };
    let mut f = Fields::default();
    let mut p = 0;
    while let Some(&c) = pat.get(p) {
        if c == '\'' {
            let end = pat.iter().skip(p + 1).position(|&x| x == '\'')? + p + 1;
            for lit in pat.get(p + 1..end)? {
                input.literal(*lit)?;
            }
            p = end + 1;
        } else if c.is_ascii_alphabetic() {
            let count = pat.iter().skip(p).take_while(|&&x| x == c).count();
            field(c, count, &mut input, &mut f)?;
            p += count;
        } else if c == ' ' {
            input.spaces()?;
            p += 1;
        } else {
            input.literal(c)?;
            p += 1;
        }
    }
    if input.i != input.chars.len() {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(f.year?, f.month?, f.day?)?;
    let time = date.and_hms_milli_opt(f.hour, f.minute, f.second, f.milli)?;
    Some(time.and_utc().timestamp_millis() - i64::from(f.offset_minutes) * 60_000)
}

fn field(letter: char, count: usize, input: &mut Cursor, f: &mut Fields) -> Option<()> {
    match letter {
        'y' => f.year = Some(i32::try_from(input.number(1, 4)?).ok()?),
        'M' if count >= 3 => f.month = Some(input.name(&MONTHS)? + 1),
        'M' => f.month = Some(input.number(1, 2)?),
        'd' => f.day = Some(input.number(1, 2)?),
        'H' => f.hour = input.number(1, 2)?,
        'm' => f.minute = input.number(1, 2)?,
        's' => f.second = input.number(1, 2)?,
        'S' => f.milli = input.number(1, 3)?,
        'E' => {
            input.name(&DAYS)?;
        }
        'z' => f.offset_minutes = input.general_zone()?,
        'Z' => f.offset_minutes = input.offset()?,
        _ => return None,
    }
    Some(())
}

struct Cursor {
    chars: Vec<char>,
    i: usize,
}

impl Cursor {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.i).copied()
    }

    fn literal(&mut self, c: char) -> Option<()> {
        let found = self.peek()?;
        (found.eq_ignore_ascii_case(&c)).then(|| self.i += 1)
    }

    fn spaces(&mut self) -> Option<()> {
        let start = self.i;
        while self.peek().is_some_and(char::is_whitespace) {
            self.i += 1;
        }
        (self.i > start).then_some(())
    }

    fn number(&mut self, min: usize, max: usize) -> Option<u32> {
        let start = self.i;
        while self.i - start < max && self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
        }
        if self.i - start < min {
            return None;
        }
        self.chars
            .get(start..self.i)?
            .iter()
            .collect::<String>()
            .parse()
            .ok()
    }

    /// A full English name or its three-letter abbreviation; returns the index.
    fn name(&mut self, names: &[&str]) -> Option<u32> {
        let start = self.i;
        while self.peek().is_some_and(char::is_alphabetic) {
            self.i += 1;
        }
        let word: String = self
            .chars
            .get(start..self.i)?
            .iter()
            .collect::<String>()
            .to_lowercase();
        let found = names
            .iter()
            .position(|n| *n == word || (word.len() == 3 && n.get(..3) == Some(word.as_str())));
        u32::try_from(found?).ok()
    }

    /// `+hh:mm`, `+hhmm`, `+h`, `+hh`: minutes east of UTC.
    fn offset(&mut self) -> Option<i32> {
        let sign = match self.peek()? {
            '+' => 1,
            '-' => -1,
            _ => return None,
        };
        self.i += 1;
        let start = self.i;
        let first = self.number(1, 2)?;
        let (hours, minutes) = if self.peek() == Some(':') {
            self.i += 1;
            (first, self.number(2, 2)?)
        } else if self.i - start == 2 && self.peek().is_some_and(|c| c.is_ascii_digit()) {
            (first, self.number(2, 2)?)
        } else {
            (first, 0)
        };
        if hours > 23 || minutes > 59 {
            return None;
        }
        Some(sign * i32::try_from(hours * 60 + minutes).ok()?)
    }

    /// Java's general time zone: an abbreviation, `GMT±hh:mm`, or a bare offset.
    fn general_zone(&mut self) -> Option<i32> {
        if matches!(self.peek(), Some('+' | '-')) {
            return self.offset();
        }
        let start = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
            self.i += 1;
        }
        let word: String = self
            .chars
            .get(start..self.i)?
            .iter()
            .collect::<String>()
            .to_uppercase();
        let base = ZONES.iter().find(|(name, _)| *name == word)?.1;
        if matches!(word.as_str(), "GMT" | "UTC" | "UT") && matches!(self.peek(), Some('+' | '-')) {
            return self.offset();
        }
        Some(base)
    }
}

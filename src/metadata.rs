//! Metadata: what a document's PDF and DOCX say about themselves.
//!
//! In: the document's title, author (its organisation) and date, and the
//! `SOURCE_DATE_EPOCH` environment variable. Out: a [`Metadata`] — the title on
//! one line, the author and the creation time — which the PDF's info dictionary
//! and the DOCX's core properties both read; and the calendar arithmetic between
//! dates and seconds since 1970 ([`civil`]). (The pipeline picks the three out of
//! the input document: this module knows nothing of the input format.)

/// What a PDF or DOCX says about itself.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Metadata {
    pub title: String,
    pub author: String,
    /// Seconds since 1970: the creation and modification dates (and the DOCX's
    /// zip entry times).
    pub created: i64,
}

impl Metadata {
    /// The metadata of a document titled `title` (its line breaks dropped) by
    /// `author`, dated `date` (year, month, day) when it has a date.
    pub fn new(title: &str, author: &str, date: Option<(i64, i64, i64)>) -> Metadata {
        Metadata { title: title.replace('\n', ""), author: author.to_string(), created: creation_time(date) }
    }
}

/// `SOURCE_DATE_EPOCH` when set, else the document's date, else 1970-01-01:
/// the same input always gives the same bytes.
fn creation_time(date: Option<(i64, i64, i64)>) -> i64 {
    if let Some(epoch) = std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|v| v.trim().parse().ok()) {
        return epoch;
    }
    date.map(|(y, m, d)| days_from_civil(y, m, d) * 86_400).unwrap_or(0)
}

/// Days since 1970-01-01 of a Gregorian date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Seconds since 1970 → (year, month, day, hour, minute, second), UTC.
pub fn civil(seconds: i64) -> (i64, u8, u8, u8, u8, u8) {
    let days = seconds.div_euclid(86_400);
    let secs = seconds.rem_euclid(86_400);
    // Days → date (Howard Hinnant's civil_from_days).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day, (secs / 3600) as u8, (secs % 3600 / 60) as u8, (secs % 60) as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_seconds_convert_both_ways() {
        for (y, m, d) in [(1970, 1, 1), (2000, 2, 29), (2023, 12, 28), (2024, 12, 28), (1969, 12, 31)] {
            let (yy, mm, dd, h, mi, s) = civil(days_from_civil(y, m, d) * 86_400);
            assert_eq!((yy, i64::from(mm), i64::from(dd), h, mi, s), (y, m, d, 0, 0, 0));
        }
        assert_eq!(days_from_civil(2024, 12, 28) * 86_400, 1_735_344_000);
    }
}

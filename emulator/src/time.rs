//! Timestamps as the API writes them: RFC 3339 in UTC, to the second.
//!
//! The emulator needs only "now", a few fixed dates for the seed, adding
//! days, and formatting, so it keeps whole seconds since the Unix epoch and
//! converts to a civil date with the days-from-civil arithmetic instead of
//! pulling in a date crate.

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Serialize, Serializer};

const SECONDS_PER_DAY: i64 = 86_400;

/// A point in time, whole seconds since 1970-01-01T00:00:00Z.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(i64);

impl Timestamp {
    /// The current time, truncated to the second.
    pub fn now() -> Self {
        // A clock set before 1970 is not worth failing over; clamp it.
        let seconds = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|elapsed| elapsed.as_secs())
            .unwrap_or(0);
        Timestamp(i64::try_from(seconds).unwrap_or(i64::MAX))
    }

    /// The instant `year-month-day`T`hour:minute:second`Z.
    pub const fn utc(year: i64, month: u32, day: u32, hour: u32, minute: u32, second: u32) -> Self {
        let days = days_from_civil(year, month, day);
        Timestamp(days * SECONDS_PER_DAY + (hour * 3600 + minute * 60 + second) as i64)
    }

    /// Seconds since the Unix epoch.
    pub const fn unix_seconds(self) -> i64 {
        self.0
    }

    /// The same instant shifted by `seconds`, which may be negative.
    pub const fn plus_seconds(self, seconds: i64) -> Self {
        Timestamp(self.0.saturating_add(seconds))
    }

    /// The same instant `days` later.
    pub const fn plus_days(self, days: i64) -> Self {
        self.plus_seconds(days.saturating_mul(SECONDS_PER_DAY))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let days = self.0.div_euclid(SECONDS_PER_DAY);
        let second_of_day = self.0.rem_euclid(SECONDS_PER_DAY);
        let (year, month, day) = civil_from_days(days);
        write!(
            f,
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
            second_of_day / 3600,
            second_of_day / 60 % 60,
            second_of_day % 60
        )
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

// The two conversions below count in 400-year eras of 146 097 days, with the
// year starting on 1 March so that the leap day falls at its end. This is
// Howard Hinnant's public-domain formulation, valid for the whole i64 range
// that the emulator can meet.

const fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = (month as i64 + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day as i64 - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_from_march + 2) / 5 + 1) as u32;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_the_epoch() {
        assert_eq!(Timestamp(0).to_string(), "1970-01-01T00:00:00Z");
    }

    #[test]
    fn round_trips_the_reference_dates() {
        let created = Timestamp::utc(2025, 6, 15, 10, 30, 0);
        assert_eq!(created.unix_seconds(), 1_749_983_400);
        assert_eq!(created.to_string(), "2025-06-15T10:30:00Z");
        assert_eq!(
            Timestamp::utc(2026, 3, 12, 9, 0, 0).to_string(),
            "2026-03-12T09:00:00Z"
        );
    }

    #[test]
    fn handles_leap_days_and_year_ends() {
        assert_eq!(
            Timestamp::utc(2024, 2, 29, 23, 59, 59).to_string(),
            "2024-02-29T23:59:59Z"
        );
        assert_eq!(
            Timestamp::utc(2024, 2, 28, 12, 0, 0)
                .plus_days(1)
                .to_string(),
            "2024-02-29T12:00:00Z"
        );
        assert_eq!(
            Timestamp::utc(2025, 12, 31, 23, 59, 59)
                .plus_seconds(1)
                .to_string(),
            "2026-01-01T00:00:00Z"
        );
        assert_eq!(
            Timestamp::utc(2000, 3, 1, 0, 0, 0)
                .plus_seconds(-1)
                .to_string(),
            "2000-02-29T23:59:59Z"
        );
    }

    #[test]
    fn formats_before_the_epoch() {
        assert_eq!(Timestamp(-1).to_string(), "1969-12-31T23:59:59Z");
    }
}

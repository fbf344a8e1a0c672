/// Proleptic Gregorian calendar arithmetic on day numbers (days since 1970-01-01), without Foundation,
/// so that date values never depend on the host's time zone or locale.
struct CivilDate: Sendable, Hashable, Comparable {
    var year: Int
    var month: Int
    var day: Int

    /// Days since 1970-01-01 (H. Hinnant's `days_from_civil`).
    var dayNumber: Int {
        let y = self.month <= 2 ? self.year - 1 : self.year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (self.month + 9) % 12
        let doy = (153 * mp + 2) / 5 + self.day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    init(dayNumber z0: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
    }

    /// ISO weekday, Monday = 1 ... Sunday = 7.
    var isoWeekday: Int { ((self.dayNumber % 7 + 7) % 7 + 3) % 7 + 1 }

    /// ISO week-numbering year and week.
    var isoWeek: (year: Int, week: Int) {
        let thursday = self.dayNumber - self.isoWeekday + 4
        let year = CivilDate(dayNumber: thursday).year
        let week = (thursday - CivilDate(year: year, month: 1, day: 1).dayNumber) / 7 + 1
        return (year, week)
    }

    func adding(days: Int) -> CivilDate { CivilDate(dayNumber: self.dayNumber + days) }

    func adding(months: Int) -> CivilDate {
        let total = self.year * 12 + (self.month - 1) + months
        let year = total >= 0 ? total / 12 : (total - 11) / 12
        return CivilDate(year: year, month: total - year * 12 + 1, day: min(self.day, 28))
    }

    static func isValid(year: Int, month: Int, day: Int) -> Bool {
        guard month >= 1, month <= 12, day >= 1 else { return false }
        let days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        return day <= (month == 2 && leap ? 29 : days)
    }

    /// Parses the date part of an ISO-8601 timestamp (`2024-05-13`, `2024-05-13T10:00:00Z`).
    static func parseISO(_ string: String) -> CivilDate? {
        let s = Array(string.utf8.prefix(10))
        guard s.count == 10, s[4] == UInt8(ascii: "-"), s[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for k in range {
                guard s[k] >= 48, s[k] <= 57 else { return nil }
                value = value * 10 + Int(s[k] - 48)
            }
            return value
        }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10),
            Self.isValid(year: y, month: m, day: d)
        else { return nil }
        return CivilDate(year: y, month: m, day: d)
    }

    static func < (lhs: Self, rhs: Self) -> Bool { lhs.dayNumber < rhs.dayNumber }

    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(abs(value))
        return (value < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    var iso: String { "\(Self.pad(self.year, 4))-\(Self.pad(self.month, 2))-\(Self.pad(self.day, 2))" }
}

extension ArticleRecord.DocumentDate {
    /// Whether the two dates agree on every part both of them fix (`2017-03` agrees with `2017-03-14`).
    func agrees(with other: Self) -> Bool {
        guard self.year == other.year else { return false }
        if let a = self.month, let b = other.month, a != b { return false }
        if let a = self.day, let b = other.day, a != b { return false }
        return true
    }

    /// Whether `other` fixes a finer part than `self` does.
    func isCoarser(than other: Self) -> Bool {
        (self.month == nil && other.month != nil) || (self.day == nil && other.day != nil)
    }

    /// A plausible year for a news document: dates outside it are misread numbers, not publication dates.
    static let plausibleYears = 1900...2099

    /// The date as an anchor for relative expressions.
    var anchor: DateFinder.Anchor {
        DateFinder.Anchor(
            date: CivilDate(year: self.year, month: self.month ?? 7, day: self.day ?? (self.month == nil ? 1 : 15)),
            granularity: self.granularity,
            source: self.source
        )
    }
}

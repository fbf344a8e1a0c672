extension ArticleRecord {
    /// The date the article was written on, as the record states it, and which evidence said so.
    ///
    /// Relative dates ("Monday", "last week") resolve against it. A given `published_at` is always the document
    /// date; without one the pipeline infers it from the URL, the title, the dateline or the text, and leaves it
    /// absent when nothing states it: no anchor is better than a wrong one.
    public struct DocumentDate: Sendable, Hashable {
        /// Where a document date (and so a relative date's anchor) came from, in precedence order.
        public enum Source: String, Sendable, Hashable, CaseIterable {
            /// The producer's `published_at`.
            case publishedAt = "published_at"
            /// A date in the URL's path: `/2017/03/14/`, `/2017/03/`, `-170329-`, `20170314`.
            case url
            /// A date set off at the start or end of the title: `… | 19.01.2020`.
            case title
            /// The dateline's month and day (`KABUL, Aug 15 (AP) —`), the year from other evidence.
            case dateline
            /// A "Published"/"Updated"/"Posted" line, a byline date, a date line in the page furniture, or
            /// the one full date of the lede.
            case text
        }

        /// How much of the date the evidence fixes.
        public enum Granularity: String, Sendable, Hashable {
            case day
            case month
            case year
        }

        public var year: Int
        /// 1...12, or `nil` at year granularity.
        public var month: Int?
        /// 1...31, or `nil` at month or year granularity.
        public var day: Int?
        public var source: Source

        /// Creates a document date; `day` requires `month`.
        ///
        /// - Parameters:
        ///   - year: The year.
        ///   - month: The month, or `nil` when only the year is known.
        ///   - day: The day of the month, or `nil` when it is not known.
        ///   - source: The evidence that fixed the finest part of the date.
        public init(year: Int, month: Int? = nil, day: Int? = nil, source: Source) {
            self.year = year
            self.month = month
            self.day = month == nil ? nil : day
            self.source = source
        }

        public var granularity: Granularity {
            if self.day != nil { return .day }
            return self.month != nil ? .month : .year
        }

        /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
        public var value: String {
            var out = CivilDate.pad(self.year, 4)
            if let month = self.month { out += "-" + CivilDate.pad(month, 2) }
            if let day = self.day { out += "-" + CivilDate.pad(day, 2) }
            return out
        }
    }
}

extension Duration {
    /// Whole milliseconds (never negative), for Dispatch deadlines and sleeps.
    var wholeMilliseconds: Int {
        let (seconds, attoseconds) = self.components
        return Int(max(0, seconds * 1000 + attoseconds / 1_000_000_000_000_000))
    }
}

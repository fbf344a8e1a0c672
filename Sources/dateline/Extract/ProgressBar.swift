/// A one-line progress bar on stderr for `dateline extract`, redrawn at most every 100 ms.
///
/// Shows the bytes done, the rate in MiB/s and articles/s, and, when the total is known (regular files),
/// the percentage and the time left at the current rate.
struct ProgressBar: Sendable {
    /// The input's total size; `nil` when unknown (a pipe among the files).
    let total: Int?
    let enabled: Bool
    private var done = 0
    private var articles = 0
    private let started = ContinuousClock.now
    private var lastDraw = ContinuousClock.now

    init(total: Int?, enabled: Bool) {
        self.total = total.map { max($0, 1) }
        self.enabled = enabled
    }

    /// Counts `bytes` of input and `articles` finished, redrawing when 100 ms have passed.
    mutating func advance(bytes: Int, articles: Int) {
        self.done += bytes
        self.articles += articles
        guard self.enabled else { return }
        let now = ContinuousClock.now
        if now - self.lastDraw >= .milliseconds(100) {
            self.lastDraw = now
            self.draw(now: now)
        }
    }

    /// Draws the final state and ends the line.
    func finish() {
        guard self.enabled else { return }
        self.draw(now: ContinuousClock.now)
        Self.write("\n")
    }

    /// The bar's text at `now`, without the leading carriage return.
    func text(now: ContinuousClock.Instant) -> String {
        let elapsed = max(Self.seconds(now - self.started), 0.001)
        let bytesPerSecond = Double(self.done) / elapsed
        let mib = Double(1 << 20)
        var parts: [String] = []
        if let total = self.total {
            let fraction = min(1.0, Double(self.done) / Double(total))
            let width = 30
            let filled = Int(fraction * Double(width))
            parts.append(
                "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "]"
            )
            parts.append("\(Int(fraction * 100))%")
        }
        parts.append(Self.fixed(Double(self.done) / mib) + " MiB")
        parts.append(Self.fixed(bytesPerSecond / mib) + " MiB/s")
        parts.append("\(Int(Double(self.articles) / elapsed)) articles/s")
        if let total = self.total, bytesPerSecond > 0 {
            let remaining = Double(max(total - self.done, 0)) / bytesPerSecond
            parts.append("ETA " + Self.clock(remaining))
        }
        return parts.joined(separator: " ")
    }

    private func draw(now: ContinuousClock.Instant) {
        // Trailing blanks wipe what a longer previous line left behind.
        Self.write("\r" + self.text(now: now) + "   ")
    }

    private static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    /// One decimal, without Foundation's locale-dependent formatting.
    private static func fixed(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    /// `m:ss`, or `h:mm:ss` past an hour.
    static func clock(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        let (hours, minutes, secs) = (total / 3600, total / 60 % 60, total % 60)
        let twoDigits = { (value: Int) in value < 10 ? "0\(value)" : "\(value)" }
        return hours > 0 ? "\(hours):\(twoDigits(minutes)):\(twoDigits(secs))" : "\(minutes):\(twoDigits(secs))"
    }

    private static func write(_ text: String) {
        StandardStream.standardError.write(Array(text.utf8))
    }
}

/// Finds acronym definitions: `Long Form (LF)`, `LF (Long Form)`, `LF [long form]`, `Long Form, or LF,`,
/// `Long Form, known as LF`, `Long Form (or LF)`, and the appositives `Long Form, LF,` and `Long Form LF said`.
///
/// Candidate selection follows Schwartz and Hearst (2003): a short form is a bracketed single word of two
/// to ten scalars that starts with a letter and carries capitals (or digits), the long form is looked for
/// in the `min(|A| + 5, 2|A|)` words before it (or is the bracket's content when the short form comes
/// first), and ``AcronymMatcher`` aligns the letters right to left. The forms without brackets are
/// easier to misread, so they need an exact alignment (every letter on a word start, no content word
/// skipped) and a capitalised long form. News also brackets the short form of a foreign name ("Law and
/// Justice Party (PiS)"), whose letters follow the other language: a capitalised organisation name right
/// before a bracketed capitals word is taken as its long form. Each candidate is examined in time bounded by
/// the window, so the stage is linear.
enum AcronymFinder {
    /// One definition, over tokens and scalars.
    struct Definition: Sendable {
        var short: String
        var shortLower: String
        var shortStart: Int
        var shortEnd: Int
        /// The token holding the short form at the definition.
        var shortToken: Int
        var longStart: Int
        var longEnd: Int
        /// Whether the long form is a proper name (its content words are capitalised).
        var longIsName: Bool
    }

    /// A short form found in a token: its text and scalar range.
    struct ShortForm {
        var text: String
        var start: Int
        var end: Int
        var token: Int
        /// The letters to align: case-folded, a plural `s` dropped.
        var letters: [Unicode.Scalar]
        /// Whether it is written entirely in capitals and digits (a plural `s` aside).
        var isCapitals: Bool
    }

    /// How sure a form is: brackets may align loosely, other forms only exactly.
    private enum Strictness {
        case bracketed
        case exact
    }

    /// Last words of company names (`acronym.companySuffix`).
    private static let companySuffixes = StageRules.table("acronym.companySuffix")

    /// Cue word sequences, as lower-case token lists, longest first.
    private static let cues: [[String]] = StageRules.entries("acronym.cue").map {
        $0.split(separator: " ").map(String.init)
    }.sorted { $0.count > $1.count }

    static func find(_ model: TextModel) -> [Definition] {
        let tokens = model.tokens
        let n = tokens.count
        var out: [Definition] = []
        var seen: Set<String> = []
        func add(_ definition: Definition?) {
            guard let definition, seen.insert(definition.shortLower).inserted else { return }
            out.append(definition)
        }
        var i = 0
        while i < n {
            let t = tokens[i]
            if t.kind == .punctuation, t.first == "(" || t.first == "[", let close = Self.closing(model, i) {
                add(Self.bracketed(model, open: i, close: close))
                i = close + 1
                continue
            }
            // Only a capitalised word (or "or-LF") can be a short form outside brackets: settle the rest here.
            if t.kind == .word, i > 0, t.length >= 2, t.has(.capitalised) || t.has(.hyphenated) && t.first == "o" {
                add(Self.cued(model, at: i) ?? Self.appositive(model, at: i))
            }
            i += 1
        }
        return out
    }

    // MARK: - Candidates

    /// The closing bracket of the one opened at `open`, within 12 tokens and the same sentence.
    private static func closing(_ model: TextModel, _ open: Int) -> Int? {
        let tokens = model.tokens
        let closeScalar: Unicode.Scalar = tokens[open].first == "(" ? ")" : "]"
        var k = open + 1
        while k < tokens.count, k - open <= 12, model.sentenceOf[k] == model.sentenceOf[open] {
            if tokens[k].first == closeScalar && tokens[k].kind == .punctuation { return k > open + 1 ? k : nil }
            if tokens[k].first == "(" || tokens[k].first == "[" { return nil }
            k += 1
        }
        return nil
    }

    /// `Long Form (LF)`, `Long Form (or LF)`, `LF (Long Form)`.
    private static func bracketed(_ model: TextModel, open: Int, close: Int) -> Definition? {
        let tokens = model.tokens
        // The short form inside, alone or after a cue ("(or LF)", "(known as LF)").
        if let short = Self.shortForm(model, close - 1, allowLowercase: close == open + 2),
            close == open + 2 || Self.cueEnds(model, at: close - 2, after: open)
        {
            let words = Self.words(model, before: open, limit: Self.window(short.letters.count))
            if let definition = Self.define(model, short, words, .bracketed) { return definition }
            return close == open + 2 ? Self.foreignName(model, short, bracket: open) : nil
        }
        // The short form before the bracket, the long form inside.
        guard open > 0, let short = Self.trailingShortForm(model, open - 1) else { return nil }
        var words: [AcronymMatcher.Word] = []
        for k in (open + 1)..<close {
            if tokens[k].kind == .word || tokens[k].kind == .number {
                Self.appendWords(of: k, model, to: &words)
            } else if tokens[k].kind == .punctuation && tokens[k].first != "&" && tokens[k].first != "-" {
                return nil
            }
        }
        guard words.count <= Self.window(short.letters.count) + 1,
            let alignment = AcronymMatcher.align(short.letters, words)
        else { return nil }
        // The long form fills the bracket (a leading function word such as "the" aside).
        for w in 0..<alignment.firstWord where !words[w].isFunctionWord { return nil }
        return Self.accept(model, short, words, alignment, .bracketed)
    }

    /// `Long Form, or LF,` and `Long Form, known as LF`: a cue, then a capitals short form before punctuation.
    private static func cued(_ model: TextModel, at k: Int) -> Definition? {
        let tokens = model.tokens
        var short: ShortForm
        var cueEnd = k - 1
        if let plain = Self.shortForm(model, k, allowLowercase: false), plain.isCapitals {
            short = plain
        } else if tokens[k].has(.hyphenated), tokens[k].lower.hasPrefix("or-"),
            let tail = Self.trailingShortForm(model, k), tail.isCapitals
        {
            // "or-LF": a hyphen typed for the space.
            short = tail
            cueEnd = k
        } else {
            return nil
        }
        guard Self.endsPhrase(model, k) else { return nil }
        var before = cueEnd
        if cueEnd == k {
            before = k
        } else {
            guard let cueStart = Self.cueStart(model, endingAt: cueEnd) else { return nil }
            before = cueStart
        }
        if before > 0, tokens[before - 1].first == ",", tokens[before - 1].kind == .punctuation { before -= 1 }
        short.token = k
        let words = Self.words(model, before: before, limit: Self.window(short.letters.count))
        return Self.define(model, short, words, .exact)
    }

    /// `Long Form, LF,` and `Long Form LF said`: a capitals short form right after a capitalised name.
    private static func appositive(_ model: TextModel, at k: Int) -> Definition? {
        let tokens = model.tokens
        guard let short = Self.shortForm(model, k, allowLowercase: false), short.isCapitals,
            short.letters.count >= 2, Self.endsPhrase(model, k) || Self.followedByLowercase(model, k)
        else { return nil }
        var before = k
        if tokens[k - 1].first == ",", tokens[k - 1].kind == .punctuation { before -= 1 }
        guard before > 0, tokens[before - 1].isCapitalised, !tokens[before - 1].has(.allCaps) else { return nil }
        let words = Self.words(model, before: before, limit: Self.window(short.letters.count))
        guard let definition = Self.define(model, short, words, .exact), definition.longIsName else { return nil }
        return definition
    }

    /// A capitalised organisation name right before a bracketed capitals word that does not spell it.
    private static func foreignName(_ model: TextModel, _ short: ShortForm, bracket: Int) -> Definition? {
        let tokens = model.tokens
        guard short.text.unicodeScalars.count <= 6, Self.capitalCount(short.text) >= 2 else { return nil }
        var first = bracket
        var content = 0
        var hasHead = false
        while first > 0, bracket - first < 8, model.sentenceOf[first - 1] == model.sentenceOf[bracket] {
            let t = tokens[first - 1]
            guard t.kind == .word else { break }
            // A capitalised first word of the sentence belongs to the name only when a capitalised word follows.
            if t.has(.sentenceStart), !tokens[first].isCapitalised { break }
            if t.isCapitalised, !t.has(.allCaps) {
                // A company's bracketed capitals are its ticker.
                if Self.companySuffixes.contains(t.lower, t.hash) { return nil }
                content += 1
                if t.classes.contains(.orgHead) { hasHead = true }
            } else if !(t.has(.lowercase) && AcronymMatcher.skippable.contains(t.lower, t.hash)) {
                break
            }
            first -= 1
        }
        // Trim connectors at the left edge: "and Justice Party" is not a name.
        while first < bracket, !tokens[first].isCapitalised { first += 1 }
        guard content >= 2, hasHead, first < bracket, !tokens[first].has(.sentenceStart) || content >= 3 else {
            return nil
        }
        // A ticker spells one word of the company's name ("Acme Holdings (ACM)").
        for k in first..<bracket where Self.isSubsequence(short.letters, of: Array(tokens[k].lower.unicodeScalars)) {
            return nil
        }
        return Self.definition(model, short, longStart: first, longEnd: bracket)
    }

    // MARK: - Acceptance

    /// The definition when `words` align with `short` well enough for `strictness`.
    private static func define(
        _ model: TextModel,
        _ short: ShortForm,
        _ words: [AcronymMatcher.Word],
        _ strictness: Strictness
    ) -> Definition? {
        guard let alignment = AcronymMatcher.align(short.letters, words) else { return nil }
        return Self.accept(model, short, words, alignment, strictness)
    }

    private static func accept(
        _ model: TextModel,
        _ short: ShortForm,
        _ words: [AcronymMatcher.Word],
        _ alignment: AcronymMatcher.Alignment,
        _ strictness: Strictness
    ) -> Definition? {
        let used = words[alignment.firstWord...]
        // Two words at least (the parts of a hyphenated word count), and no function word to open it.
        guard used.count >= 2, let head = used.first, !head.isFunctionWord else { return nil }
        switch strictness {
        case .bracketed:
            guard alignment.cost <= short.letters.count / 2 else { return nil }
            // Lower-case short forms ("bpd") are rare and easily something else: exact only.
            if !short.text.unicodeScalars.contains(where: Tokenizer.isUpper), alignment.cost > 0 { return nil }
        case .exact:
            guard alignment.cost == 0 else { return nil }
        }
        let longStart = head.token
        let longEnd = used.last!.token + 1
        return Self.definition(model, short, longStart: longStart, longEnd: longEnd)
    }

    private static func definition(_ model: TextModel, _ short: ShortForm, longStart: Int, longEnd: Int) -> Definition {
        Definition(
            short: short.text,
            shortLower: short.text.lowercased(),
            shortStart: short.start,
            shortEnd: short.end,
            shortToken: short.token,
            longStart: longStart,
            longEnd: longEnd,
            longIsName: Self.isName(model, longStart, longEnd)
        )
    }

    // MARK: - Short forms

    /// A short form: 2-10 scalars starting with a letter, with two capitals (or a capital and a digit:
    /// "G7"), no more lower-case letters than capitals ("PiS", "MoD", "NGOs"); all lower case only when
    /// `allowLowercase` (a bracketed unit such as "bpd").
    private static func shortForm(_ model: TextModel, _ k: Int, allowLowercase: Bool) -> ShortForm? {
        let t = model.tokens[k]
        // Most tokens are lower-case words: the flags settle them without a scan.
        guard t.kind == .word, t.length >= 2, t.length <= 10, !t.has(.hyphenated),
            t.has(.capitalised) || allowLowercase && t.has(.lowercase)
        else { return nil }
        return Self.shortForm(model, start: Int(t.start), end: Int(t.end), token: k, allowLowercase: allowLowercase)
    }

    private static func shortForm(
        _ model: TextModel,
        start: Int,
        end: Int,
        token: Int,
        allowLowercase: Bool
    ) -> ShortForm? {
        var upper = 0
        var lower = 0
        var digits = 0
        for k in start..<end {
            let s = model.scalars[k]
            if Tokenizer.isUpper(s) {
                upper += 1
            } else if Tokenizer.isDigit(s) {
                digits += 1
            } else if s.isASCII ? s.value >= 97 && s.value <= 122 : s.properties.isLowercase {
                lower += 1
            }
        }
        let first = model.scalars[start]
        guard Tokenizer.isLetter(first), end - start >= 2, end - start <= 10 else { return nil }
        let capitals = upper >= 2 || upper >= 1 && digits >= 1
        let lowercaseUnit = allowLowercase && upper == 0 && digits == 0 && end - start <= 5
        guard capitals && lower <= upper && Tokenizer.isUpper(first) || lowercaseUnit else { return nil }
        let text = model.text(start, end)
        var letters = text.unicodeScalars.filter { Tokenizer.isWordScalar($0) }.map(AcronymMatcher.fold)
        let plural = letters.count > 2 && model.scalars[end - 1] == "s" && upper >= 2
        if plural { letters.removeLast() }
        let isCapitals = lower == 0 || plural && lower == 1
        return ShortForm(text: text, start: start, end: end, token: token, letters: letters, isCapitals: isCapitals)
    }

    /// The short form in the word before a bracket: the word itself, or its capitals after the last hyphen
    /// ("counter-IED [improvised explosive device]").
    private static func trailingShortForm(_ model: TextModel, _ k: Int) -> ShortForm? {
        let t = model.tokens[k]
        guard t.kind == .word else { return nil }
        if let whole = Self.shortForm(model, k, allowLowercase: false) { return whole }
        guard t.has(.hyphenated) else { return nil }
        var h = Int(t.end) - 1
        while h > Int(t.start), model.scalars[h] != "-" { h -= 1 }
        guard h > Int(t.start) else { return nil }
        return Self.shortForm(model, start: h + 1, end: Int(t.end), token: k, allowLowercase: false)
    }

    private static func capitalCount(_ text: String) -> Int {
        text.unicodeScalars.filter(Tokenizer.isUpper).count
    }

    // MARK: - Words

    /// The Schwartz-Hearst window: `min(|A| + 5, 2|A|)` words.
    private static func window(_ letters: Int) -> Int { min(letters + 5, letters * 2) }

    /// Up to `limit` tokens' words before token `end`, in the same sentence, stopping at punctuation other
    /// than apostrophes, quote marks and `&`.
    private static func words(_ model: TextModel, before end: Int, limit: Int) -> [AcronymMatcher.Word] {
        let tokens = model.tokens
        guard end > 0 else { return [] }
        var first = end
        var count = 0
        let sentence = model.sentenceOf[end - 1]
        var k = end - 1
        // Quote marks right before the short form close a quoted long form ("Enhanced Presence" (EP)).
        while k >= 0, tokens[k].kind == .quote, model.sentenceOf[k] == sentence { k -= 1 }
        while k >= 0, count < limit, model.sentenceOf[k] == sentence {
            let t = tokens[k]
            if t.kind == .word || t.kind == .number {
                count += 1
                first = k
            } else if t.kind == .punctuation && t.first != "&" {
                break
            } else if t.kind == .quote, k > 0, tokens[k - 1].kind != .word {
                break
            }
            k -= 1
        }
        var words: [AcronymMatcher.Word] = []
        var q = first
        while q < end {
            if tokens[q].kind == .word || tokens[q].kind == .number {
                Self.appendWords(of: q, model, to: &words)
            } else if tokens[q].first == "&" {
                words.append(AcronymMatcher.Word(scalars: ["&"], token: q, isFunctionWord: true, number: nil))
            }
            q += 1
        }
        return words
    }

    /// Appends token `k`'s words: the token, or the parts between its hyphens.
    private static func appendWords(of k: Int, _ model: TextModel, to words: inout [AcronymMatcher.Word]) {
        let t = model.tokens[k]
        var part: [Unicode.Scalar] = []
        var afterHyphen = false
        func flush() {
            guard !part.isEmpty else { return }
            let lower = String(String.UnicodeScalarView(part))
            let function = AcronymMatcher.skippable.contains(lower)
            var number: Int? = nil
            if lower != "a", let value = BuiltinLexicon.numberWords[lower], value < 10 { number = Int(value) }
            var word = AcronymMatcher.Word(scalars: part, token: k, isFunctionWord: function, number: number)
            word.isHyphenPart = afterHyphen
            words.append(word)
            part.removeAll()
        }
        for q in Int(t.start)..<Int(t.end) {
            let s = model.scalars[q]
            if s == "-" || s == "\u{2011}" {
                flush()
                afterHyphen = true
            } else if Tokenizer.isWordScalar(s) {
                part.append(AcronymMatcher.fold(s))
            }
        }
        flush()
    }

    // MARK: - Context

    /// Whether the tokens ending at `end` (inclusive) are a cue and start after `floor`.
    private static func cueEnds(_ model: TextModel, at end: Int, after floor: Int) -> Bool {
        guard let start = Self.cueStart(model, endingAt: end) else { return false }
        return start == floor + 1
    }

    /// The first token of a cue that ends at token `end`, or `nil`.
    private static func cueStart(_ model: TextModel, endingAt end: Int) -> Int? {
        let tokens = model.tokens
        for cue in Self.cues where end - cue.count + 1 >= 0 {
            let start = end - cue.count + 1
            var ok = true
            for (offset, word) in cue.enumerated() where tokens[start + offset].lower != word {
                ok = false
                break
            }
            if ok { return start }
        }
        return nil
    }

    /// Whether the short form at `k` ends its phrase: punctuation, a quote mark or the sentence's end follows.
    private static func endsPhrase(_ model: TextModel, _ k: Int) -> Bool {
        let tokens = model.tokens
        guard k + 1 < tokens.count, model.sentenceOf[k + 1] == model.sentenceOf[k] else { return true }
        let next = tokens[k + 1]
        return next.kind == .punctuation && next.first != "&" && next.first != "-" || next.kind == .quote
    }

    /// Whether a lower-case word follows the short form at `k` ("... Agency SPA said").
    private static func followedByLowercase(_ model: TextModel, _ k: Int) -> Bool {
        k + 1 < model.tokens.count && model.tokens[k + 1].kind == .word && model.tokens[k + 1].has(.lowercase)
    }

    private static func isSubsequence(_ letters: [Unicode.Scalar], of scalars: [Unicode.Scalar]) -> Bool {
        var k = 0
        for letter in letters {
            while k < scalars.count, scalars[k] != letter { k += 1 }
            if k == scalars.count { return false }
            k += 1
        }
        return true
    }

    private static func isName(_ model: TextModel, _ a: Int, _ b: Int) -> Bool {
        var content = 0
        for k in a..<b {
            let t = model.tokens[k]
            guard t.kind == .word else { continue }
            if BuiltinLexicon.nameConnectors.contains(t.lower) && t.has(.lowercase) { continue }
            if !t.has(.capitalised) { return false }
            content += 1
        }
        return content > 0
    }
}

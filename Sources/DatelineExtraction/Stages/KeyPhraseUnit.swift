/// One indivisible piece of a key phrase: a lower-case content word, or a whole capitalised name.
///
/// Key phrases are built from runs of these, so a name is never cut ("United States", not "United") and a
/// title and the name after it stay apart ("Prime Minister", "Boris Johnson").
struct KeyPhraseUnit {
    /// The first token.
    var start: Int
    /// The number of tokens, connectors included.
    var words: Int
    /// The number of content tokens (connectors inside a name not counted).
    var content: Int
    /// Whether it is a capitalised name (not a lower-case word, nor a capitalised first word of a sentence).
    var isName: Bool
    /// Whether it is a title that a name follows ("Prime Minister" before "Boris Johnson"): a phrase never
    /// joins the two.
    var isTitle = false

    /// The longest name unit in tokens, connectors included.
    static let maxWords = 6

    /// Lower-case words that join the parts of one name ("Bank of England").
    static let connectors = StageRules.table("keyphrase.nameConnector")

    /// The unit that starts at token `k`, or `nil` when the token cannot be part of a key phrase.
    ///
    /// - Parameters:
    ///   - k: A token index.
    ///   - model: The article.
    /// - Returns: The unit, which may span several tokens.
    static func at(_ k: Int, _ model: TextModel) -> KeyPhraseUnit? {
        let tokens = model.tokens
        // Two letters make a name only in capitals ("US", not "St").
        guard Self.isEligible(tokens[k]), tokens[k].length >= 3 || tokens[k].has(.allCaps) else { return nil }
        guard Self.startsName(k, model) else {
            // A lower-case word (or a capitalised first word of a sentence that no name word follows).
            guard tokens[k].length >= 3 else { return nil }
            return KeyPhraseUnit(start: k, words: 1, content: 1, isName: false)
        }
        var end = k + 1
        var content = 1
        // A name is at most ``maxWords`` tokens: beyond that it is a heading or a list, not one name.
        while end < tokens.count, end - k < Self.maxWords, model.sentenceOf[end] == model.sentenceOf[k] {
            if Self.isNameWord(tokens[end]) {
                // A title ends its own unit before the name it precedes ("Prime Minister | Boris Johnson").
                if Self.isTitleEnd(tokens[end - 1]), !Self.isTitleWord(tokens[end]), !Self.endsOrganisation(end, model)
                {
                    return KeyPhraseUnit(start: k, words: end - k, content: content, isName: true, isTitle: true)
                }
                content += 1
                end += 1
            } else if Self.connectors.contains(tokens[end].lower, tokens[end].hash), tokens[end].has(.lowercase),
                end + 1 < tokens.count, model.sentenceOf[end + 1] == model.sentenceOf[k],
                Self.isNameWord(tokens[end + 1])
            {
                end += 1
            } else {
                break
            }
        }
        return KeyPhraseUnit(start: k, words: end - k, content: content, isName: true)
    }

    /// A word that may be in a key phrase at all: not a stop word, speech verb or number, not too long.
    private static func isEligible(_ t: Token) -> Bool {
        t.kind == .word && t.length >= 2 && t.length <= 24 && !t.classes.contains(.stop)
            && !t.classes.contains(.speechVerb) && !t.flags.contains(.hasDigit)
    }

    /// A capitalised word that continues a name; a capitalised stop word or verb counts ("United States").
    private static func isNameWord(_ t: Token) -> Bool {
        t.kind == .word && t.length >= 2 && t.length <= 24 && t.has(.capitalised) && !t.has(.sentenceStart)
            && !t.flags.contains(.hasDigit)
    }

    /// Whether a name starts at `k`: a capitalised word inside a sentence, or a sentence's first word that
    /// another name word follows.
    private static func startsName(_ k: Int, _ model: TextModel) -> Bool {
        let t = model.tokens[k]
        guard t.has(.capitalised) else { return false }
        guard t.has(.sentenceStart) else { return true }
        return k + 1 < model.tokens.count && model.sentenceOf[k + 1] == model.sentenceOf[k]
            && Self.isNameWord(model.tokens[k + 1])
    }

    private static func isTitleWord(_ t: Token) -> Bool {
        t.classes.contains(.titleHead) || t.classes.contains(.titleModifier)
    }

    private static func isTitleEnd(_ t: Token) -> Bool { t.classes.contains(.titleHead) }

    /// Whether the capitalised words from `k` on end in an organisation head ("General Motors").
    private static func endsOrganisation(_ k: Int, _ model: TextModel) -> Bool {
        var end = k
        while end + 1 < model.tokens.count, end + 1 - k < Self.maxWords, Self.isNameWord(model.tokens[end + 1]) {
            end += 1
        }
        return model.tokens[end].classes.contains(.orgHead)
    }
}

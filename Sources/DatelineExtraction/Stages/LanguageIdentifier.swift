/// Labels an article's language (ISO 639-1) so that operators can route or count non-English input, which
/// gets only the language-independent fields.
///
/// Two cheap signals: the writing system (Cyrillic, Arabic, Han, ...) names the language or its family, and
/// for Latin-script text the share of each language's most frequent function words decides. `und` when
/// neither is clear: a label is a claim, and a wrong one misroutes an article.
enum LanguageIdentifier {
    /// Words inspected at most: the first few thousand decide as well as the whole text.
    static let sampleWords = 300

    static func identify(_ model: TextModel) -> String {
        if let script = Self.scriptLanguage(model.scalars) { return script }
        var words = 0
        var english = 0
        let tokens = model.tokens
        var last = 0
        for k in tokens.indices where tokens[k].kind == .word {
            words += 1
            if tokens[k].classes.contains(.stop) { english += 1 }
            last = k
            if words >= Self.sampleWords { break }
        }
        guard words > 0 else { return "und" }
        // Very short texts: a single English function word is enough, as before.
        if words < 3 { return english > 0 ? "en" : "und" }
        // Plainly English (English prose runs at 40-50% function words): no need to weigh the others.
        if english * 10 >= words * 3 { return "en" }
        var counts = [Int](repeating: 0, count: Self.functionWords.count)
        for k in 0...last where tokens[k].kind == .word && tokens[k].length <= 8 {
            if let language = Self.languageOfWord[tokens[k].lower, tokens[k].hash] { counts[language] += 1 }
        }
        var best = -1
        var bestCount = 0
        for (language, count) in counts.enumerated() where count > bestCount {
            best = language
            bestCount = count
        }
        let englishShare = Double(english) / Double(words)
        let otherShare = Double(bestCount) / Double(words)
        // English stop words are a longer list than the others: compare shares with a margin.
        if best >= 0, otherShare >= 0.12, otherShare > englishShare * 0.8 { return Self.functionWords[best].code }
        return englishShare >= 0.12 ? "en" : "und"
    }

    /// The language a non-Latin writing system implies when most letters are in it.
    private static func scriptLanguage(_ scalars: [Unicode.Scalar]) -> String? {
        var letters = 0
        var latin = 0
        var tally: [String: Int] = [:]
        for s in scalars.prefix(4000) {
            // Mostly Latin so far: the text is not in another script.
            if letters >= 300, latin * 10 >= letters * 9 { return nil }
            let v = s.value
            // ASCII letters without a Unicode property lookup: most text is mostly ASCII.
            if v < 0x80 {
                if (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) {
                    letters += 1
                    latin += 1
                }
                continue
            }
            guard s.properties.isAlphabetic else { continue }
            letters += 1
            switch v {
            case 0x41...0x24F: latin += 1
            case 0x0370...0x03FF: tally["el", default: 0] += 1
            case 0x0400...0x04FF:
                // Ukrainian letters і ї є ґ mark Ukrainian; otherwise Russian, the most common Cyrillic language.
                tally[[0x0456, 0x0457, 0x0454, 0x0491].contains(v) ? "uk" : "cyrl", default: 0] += 1
            case 0x0590...0x05FF: tally["he", default: 0] += 1
            case 0x0600...0x06FF, 0x0750...0x077F:
                // Persian and Urdu add letters Arabic lacks.
                if [0x067E, 0x0686, 0x0698, 0x06AF].contains(v) { tally["fa", default: 0] += 1 }
                if [0x0679, 0x0688, 0x0691, 0x06BA, 0x06D2].contains(v) { tally["ur", default: 0] += 1 }
                tally["arab", default: 0] += 1
            case 0x0900...0x097F: tally["hi", default: 0] += 1
            case 0x0980...0x09FF: tally["bn", default: 0] += 1
            case 0x0B80...0x0BFF: tally["ta", default: 0] += 1
            case 0x0E00...0x0E7F: tally["th", default: 0] += 1
            case 0x3040...0x30FF: tally["kana", default: 0] += 1
            case 0x4E00...0x9FFF, 0x3400...0x4DBF: tally["han", default: 0] += 1
            case 0xAC00...0xD7AF, 0x1100...0x11FF: tally["ko", default: 0] += 1
            default: break
            }
        }
        guard letters > 0, latin * 2 < letters else { return nil }
        if tally["kana", default: 0] > 0, tally["kana", default: 0] * 10 >= tally["han", default: 0] { return "ja" }
        if tally["han", default: 0] * 2 >= letters { return "zh" }
        if let cyrillic = tally["cyrl"], cyrillic * 2 >= letters {
            return tally["uk", default: 0] * 50 >= cyrillic ? "uk" : "ru"
        }
        if let arabic = tally["arab"], arabic * 2 >= letters {
            if tally["ur", default: 0] * 100 >= arabic { return "ur" }
            if tally["fa", default: 0] * 100 >= arabic { return "fa" }
            return "ar"
        }
        let named = tally.filter { $0.key.count == 2 }.max { ($0.value, $1.key) < ($1.value, $0.key) }
        if let named, named.value * 2 >= letters { return named.key }
        return nil
    }

    /// The most frequent function words of each Latin-script language, chosen so that no word is frequent in
    /// English or in another listed language.
    static let functionWords: [(code: String, words: [String])] = [
        (
            "fr",
            [
                "le", "la", "les", "des", "du", "et", "est", "une", "dans", "pour", "qui", "que", "sur", "pas", "avec",
                "sont", "au", "aux", "ont", "été", "cette", "mais", "ses", "leur", "nous", "vous", "il", "elle",
            ]
        ),
        (
            "de",
            [
                "der", "die", "das", "und", "ist", "nicht", "mit", "sich", "auf", "für", "dem", "den", "ein", "eine",
                "auch", "von", "zu", "wird", "sind", "wurde", "bei", "nach", "aus", "oder", "wie", "noch", "dass",
            ]
        ),
        (
            "es",
            [
                "el", "los", "las", "del", "y", "es", "una", "por", "con", "para", "como", "más", "pero", "sus", "fue",
                "ha", "este", "esta", "entre", "cuando", "también", "sin", "sobre", "muy", "hasta",
            ]
        ),
        (
            "it",
            [
                "il", "di", "che", "della", "delle", "degli", "una", "per", "non", "sono", "anche", "con", "nel",
                "nella", "alla", "gli", "ha", "è", "più", "questo", "dalla", "ma", "stato", "dei", "sul", "sulla",
                "hanno", "essere", "dopo", "ancora", "lo", "loro",
            ]
        ),
        (
            "pt",
            [
                "o", "os", "da", "das", "do", "dos", "e", "é", "uma", "não", "com", "para", "em", "na", "mais", "foi",
                "como", "ao", "pelo", "pela", "seu", "sua", "também", "já",
            ]
        ),
        (
            "nl",
            [
                "het", "een", "van", "en", "is", "niet", "op", "voor", "zijn", "dat", "die", "ook", "werd", "naar",
                "bij", "maar", "wordt", "nog", "deze", "heeft", "dan", "worden",
            ]
        ),
        (
            "sv",
            [
                "och", "att", "det", "som", "är", "för", "inte", "med", "har", "av", "till", "den", "på", "ett", "om",
                "var", "också", "efter", "från", "kan", "sina", "där", "hade",
            ]
        ),
        (
            "da",
            [
                "og", "er", "til", "af", "ikke", "med", "har", "det", "som", "på", "en", "et", "de", "fra", "kan",
                "også", "efter", "blev", "var", "skal", "ved", "hans",
            ]
        ),
        (
            "pl",
            [
                "w", "na", "nie", "się", "z", "jest", "że", "jak", "po", "przez", "od", "jego", "oraz", "dla", "który",
                "która", "są", "także", "ale", "tym",
            ]
        ),
        (
            "tr",
            [
                "ve", "bir", "bu", "için", "ile", "da", "de", "olarak", "çok", "daha", "gibi", "olan", "ancak", "kadar",
                "sonra", "ise", "değil", "ya", "ne", "en", "mi",
            ]
        ),
        (
            "id",
            [
                "yang", "dan", "di", "dengan", "untuk", "dari", "ini", "itu", "tidak", "dalam", "akan", "pada", "juga",
                "ke", "karena", "ada", "oleh", "sudah", "atau", "mereka", "bisa", "kata",
            ]
        ),
        (
            "ro",
            [
                "și", "în", "de", "cu", "nu", "este", "pe", "mai", "din", "pentru", "să", "fost", "sunt", "ca", "dar",
                "acest", "această", "după", "sau",
            ]
        ),
    ]

    /// Function word to the index of its language in ``functionWords``; a word listed for two languages
    /// counts for neither.
    static let languageOfWord: StringTable<Int> = {
        var map: [String: Int] = [:]
        var shared = Set<String>()
        for (index, entry) in Self.functionWords.enumerated() {
            for word in entry.words {
                if map[word] != nil, map[word] != index { shared.insert(word) }
                map[word] = index
            }
        }
        for word in shared { map[word] = nil }
        return StringTable(map.map { ($0.key, $0.value) })
    }()
}

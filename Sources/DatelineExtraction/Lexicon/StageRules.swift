/// Named word lists for the acronym, quantity and key-phrase stages, kept as data rather than code.
///
/// Every rule is one row of ``source``: `name <TAB> reason <TAB> entries`, entries separated by ` | ` and
/// written lower case as the tokeniser lower-cases them (multi-word entries are space-separated tokens).
/// The table is embedded in the library (not a bundle resource) so that a deployment that points
/// `DATELINE_LEXICON_DIR` at generated tables elsewhere still has the stage rules. Unit tests name each
/// rule with sentences written for them.
enum StageRules {
    /// The rule table. Written for Dateline as general knowledge of English (and of the few function
    /// words other languages put inside organisation names); no entry comes from an article.
    static let source = """
        acronym.skippable\tFunction words a long form may pass over without giving a letter ("Department of Homeland Security (DHS)").\tof | and | the | for | on | in | to | at | a | an | & | de | du | des | la | le | et | del | di | der | und | y
        acronym.companySuffix\tWords that make a name a company's, whose bracketed capitals are a ticker rather than a foreign short form ("Acme Inc (ACMX)").\tinc | corp | corporation | co | ltd | plc | llc | ag | sa | nv | gmbh | holdings | group | company | limited | bancorp | lp | ab
        acronym.cue\tWords that introduce a short form after its long form ("Long Form, or LF", "Long Form, known as LF").\tor | known as | also known as | called | dubbed | abbreviated as | abbreviated to | short for
        quantity.pluralNoun\tPlural nouns without a final s, so a counted noun can be recognised as the head ("40 people").\tpeople | men | women | children | police | staff | personnel | feet | teeth | geese | mice | sheep | fish | cattle | livestock | aircraft | deer | offspring | data | media | species | series | crew
        quantity.notPlural\tWords ending in s that are not plural nouns and must not become a counted noun ("10 times as", "5 percent less").\tless | across | various | previous | serious | famous | numerous | always | perhaps | nearly | thus | plus | minus | versus | alias | bonus | status | virus | campus | census | focus | basis | crisis | analysis | thesis | news | series | species | this | its | his | has | was | is | does | as | us
        quantity.modifier\tCommon words (some of them stop words elsewhere) that modify a counted noun and are passed over to reach it ("20 new homes", "five more days").\tnew | old | more | other | further | additional | extra | young | small | large | big | major | former | same | different | separate | local | foreign | senior | top | key
        quantity.partitive\tDeterminers between "of" and the counted noun in a partitive ("three of the victims").\tthe | their | its | his | her | our | these | those | them
        quantity.percentWords\tTwo-word spellings of per cent ("40 per cent").\tper cent
        keyphrase.nameConnector\tLower-case words that join the parts of one capitalised name ("Bank of England") and never end one.\tof | for | de | del | da | du | von | van | der | al | el | bin | ibn
        """

    /// One parsed rule: its name, why it exists, and its entries.
    struct Rule: Sendable {
        var name: String
        var reason: String
        var entries: [String]
    }

    /// All rules, parsed once.
    static let rules: [String: Rule] = {
        var out: [String: Rule] = [:]
        for line in Self.source.split(separator: "\n") {
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            precondition(columns.count == 3, "StageRules: malformed rule row \(line)")
            let entries = columns[2].split(separator: "|").map { String($0).trimmingSpaces() }
            out[columns[0]] = Rule(name: columns[0], reason: columns[1], entries: entries)
        }
        return out
    }()

    /// The entries of the rule `name`.
    ///
    /// - Parameter name: A rule name from ``source``; an unknown name is a programmer error.
    /// - Returns: The rule's entries, in table order.
    static func entries(_ name: String) -> [String] {
        guard let rule = Self.rules[name] else { preconditionFailure("StageRules: no rule named \(name)") }
        return rule.entries
    }

    /// The entries of the rule `name` as a lookup table keyed like token text.
    ///
    /// - Parameter name: A rule name from ``source``.
    /// - Returns: A table whose keys are the entries.
    static func table(_ name: String) -> StringTable<Bool> {
        StringTable(Self.entries(name).map { ($0, true) })
    }
}

extension String {
    /// The string without leading and trailing spaces (no Foundation needed).
    fileprivate func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while scalars.first == " " { scalars.removeFirst() }
        while scalars.last == " " { scalars.removeLast() }
        return String(scalars)
    }
}

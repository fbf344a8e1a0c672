/// How a quote's speaker was found, reported in the record's `attribution` field so a consumer can weigh a
/// name the text gives outright above one reached through a pronoun or a continuation.
enum SpeakerAttribution: String, Sendable {
    /// The attribution names the speaker: "Jane Doe said", "said Jane Doe".
    case name
    /// "she said": the last named person of agreeing gender.
    case pronoun
    /// "the minister said", "the airline said": the person or organisation the description refers to.
    case description
    /// A quote with no attribution of its own, spoken by the previous quote's speaker.
    case continuation
    /// "according to Jane Doe".
    case accordingTo = "according-to"
    /// A fragment woven into a sentence about its speaker: he called it "a dangerous moment".
    case fragment
    /// An excerpt of someone's writing: the author of the post, letter or report.
    case author
    /// A transcript turn (`Q:`, `JOHNSON:`): the owner of the turn's label.
    case turn
}

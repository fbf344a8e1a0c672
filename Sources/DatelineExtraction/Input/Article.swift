/// One article as the pipeline sees it, whatever transport it came from.
///
/// The worker builds it from a Kafka message, `dateline extract` from a file or a JSONL line;
/// both go through ``ArticleDecoder`` so that the same bytes give the same article.
public struct Article: Sendable, Hashable {
    /// Stable identity: JSON `id` > ninjs `uri` > ninjs `guid` > message key > `sha256:` + hex digest of the text.
    public var id: String
    /// The article body; offsets in the record are Unicode scalar offsets into this string.
    public var text: String
    public var title: String?
    public var url: String?
    /// The publication time as given (ISO-8601 preferred); anchors relative dates.
    public var publishedAt: String?
    /// The publisher or feed name as given by the producer.
    public var source: String?
    /// A language code given by the producer; it wins over detection.
    public var language: String?

    public init(
        id: String,
        text: String,
        title: String? = nil,
        url: String? = nil,
        publishedAt: String? = nil,
        source: String? = nil,
        language: String? = nil
    ) {
        self.id = id
        self.text = text
        self.title = title
        self.url = url
        self.publishedAt = publishedAt
        self.source = source
        self.language = language
    }
}

/// Words that introduce a page's own publication stamp.
enum DocumentDateCues {
    /// "Published November 13, 2015", "Updated 19.01.2020", "Posted on Monday, 6 January 2020". Lower case.
    static let publicationWords: Set<String> = ["published", "updated", "posted", "modified", "dated"]
}

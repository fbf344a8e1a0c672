import DatelineKafka
import DatelineWorker
import Testing

@Suite struct CompletionTrackerTests {
    typealias Tracker = CompletionTracker<String>
    let p0 = KafkaTopicPartition(topic: "in", partition: 0)
    let p1 = KafkaTopicPartition(topic: "in", partition: 1)

    /// Registers offsets, marks them processed and published, so only acknowledgements remain.
    func published(_ tracker: inout Tracker, _ partition: KafkaTopicPartition, _ offsets: [Int64]) -> [Tracker.Ticket] {
        let tickets = offsets.map { tracker.register(partition, offset: $0)! }
        for ticket in tickets { tracker.processed(ticket, outcome: "r\(ticket.offset)") }
        let epoch = tickets.first?.epoch ?? 0
        _ = tracker.takePublishable(partition, epoch: epoch)
        return tickets
    }

    @Test func inOrderAcknowledgementsAdvanceOneByOne() {
        var tracker = Tracker()
        tracker.assign(self.p0)
        let tickets = self.published(&tracker, self.p0, [0, 1, 2])
        #expect(tracker.acknowledged(tickets[0]) == 1)
        #expect(tracker.acknowledged(tickets[1]) == 2)
        #expect(tracker.acknowledged(tickets[2]) == 3)
        #expect(tracker.inFlight == 0)
        #expect(tracker.committable(self.p0) == 3)
    }

    @Test func outOfOrderAcknowledgementsCommitOnlyTheContiguousPrefix() {
        var tracker = Tracker()
        tracker.assign(self.p0)
        let tickets = self.published(&tracker, self.p0, [10, 11, 12, 13])
        #expect(tracker.acknowledged(tickets[2]) == nil)
        #expect(tracker.acknowledged(tickets[3]) == nil)
        #expect(tracker.committable(self.p0) == nil)
        #expect(tracker.acknowledged(tickets[1]) == nil)
        #expect(tracker.acknowledged(tickets[0]) == 14)
        #expect(tracker.inFlight == 0)
    }

    @Test func aStuckMessageHoldsTheWatermark() {
        var tracker = Tracker()
        tracker.assign(self.p0)
        let tickets = self.published(&tracker, self.p0, Array(0..<100))
        #expect(tracker.acknowledged(tickets[0]) == 1)
        for ticket in tickets.dropFirst(2) {
            #expect(tracker.acknowledged(ticket) == nil)
        }
        #expect(tracker.committable(self.p0) == 1)
        #expect(tracker.inFlight == 99)
        #expect(tracker.acknowledged(tickets[1]) == 100)
    }

    @Test func gapsInOffsetsAreSkipped() {
        var tracker = Tracker()
        tracker.assign(self.p0)
        // Compaction or transaction markers leave holes: 0, 5, 9.
        let tickets = self.published(&tracker, self.p0, [0, 5, 9])
        #expect(tracker.acknowledged(tickets[0]) == 1)
        #expect(tracker.acknowledged(tickets[2]) == nil)
        #expect(tracker.acknowledged(tickets[1]) == 10)
    }

    @Test func resultsAreReleasedInOffsetOrderOnly() {
        var tracker = Tracker()
        let epoch = tracker.assign(self.p0)
        let t0 = tracker.register(self.p0, offset: 0)!
        let t1 = tracker.register(self.p0, offset: 1)!
        let t2 = tracker.register(self.p0, offset: 2)!
        tracker.processed(t2, outcome: "two")
        #expect(tracker.takePublishable(self.p0, epoch: epoch).isEmpty)
        tracker.processed(t1, outcome: "one")
        #expect(tracker.takePublishable(self.p0, epoch: epoch).isEmpty)
        tracker.processed(t0, outcome: "zero")
        let released = tracker.takePublishable(self.p0, epoch: epoch)
        #expect(released.map(\.1) == ["zero", "one", "two"])
        #expect(released.map(\.0.offset) == [0, 1, 2])
    }

    @Test func eachResultIsReleasedOnce() {
        var tracker = Tracker()
        let epoch = tracker.assign(self.p0)
        let t0 = tracker.register(self.p0, offset: 0)!
        let t1 = tracker.register(self.p0, offset: 1)!
        tracker.processed(t0, outcome: "zero")
        #expect(tracker.takePublishable(self.p0, epoch: epoch).map(\.1) == ["zero"])
        #expect(tracker.takePublishable(self.p0, epoch: epoch).isEmpty)
        tracker.processed(t1, outcome: "one")
        #expect(tracker.takePublishable(self.p0, epoch: epoch).map(\.1) == ["one"])
        #expect(tracker.takePublishable(self.p0, epoch: epoch).isEmpty)
    }

    @Test func unpublishedResultsAreReleasedAgainInOrderSkippingAcknowledgedOnes() {
        var tracker = Tracker()
        let epoch = tracker.assign(self.p0)
        let tickets = self.published(&tracker, self.p0, [0, 1, 2, 3])
        #expect(tracker.acknowledged(tickets[1]) == nil)
        // The producer was replaced: everything it had not acknowledged goes again, in order.
        let unpublished = tracker.unpublish(self.p0)
        #expect(unpublished)
        #expect(tracker.takePublishable(self.p0, epoch: epoch).map(\.0.offset) == [0, 2, 3])
        // An acknowledgement from the replaced producer arriving late still counts, and is not sent again.
        let unpublishedFromTwo = tracker.unpublish(self.p0, from: 2)
        #expect(unpublishedFromTwo)
        #expect(tracker.acknowledged(tickets[2]) == nil)
        #expect(tracker.takePublishable(self.p0, epoch: epoch).map(\.0.offset) == [3])
        #expect(tracker.acknowledged(tickets[0]) == 3)
        #expect(tracker.acknowledged(tickets[3]) == 4)
        let nothingLeft = !tracker.unpublish(self.p0)
        #expect(nothingLeft)
    }

    @Test func aReplacedOutcomeIsReleasedAgain() {
        var tracker = Tracker()
        let epoch = tracker.assign(self.p0)
        let tickets = self.published(&tracker, self.p0, [0, 1])
        let replaced = tracker.replace(tickets[0], outcome: "dead letter")
        #expect(replaced)
        #expect(tracker.takePublishable(self.p0, epoch: epoch).map(\.1) == ["dead letter"])
        #expect(tracker.acknowledged(tickets[1]) == nil)
        #expect(tracker.acknowledged(tickets[0]) == 2)
        let replacedAgain = tracker.replace(tickets[0], outcome: "again")
        #expect(!replacedAgain)
    }

    @Test func revokeFencesLateCompletions() {
        var tracker = Tracker()
        let firstEpoch = tracker.assign(self.p0)
        let tickets = self.published(&tracker, self.p0, [0, 1])
        let pending = tracker.register(self.p0, offset: 2)!
        #expect(tracker.acknowledged(tickets[0]) == 1)
        let revocation = tracker.revoke(self.p0)
        #expect(revocation == .init(committable: 1, abandoned: 2))
        #expect(tracker.inFlight == 0)
        #expect(!tracker.owns(self.p0))
        // Late completions of the old assignment change nothing.
        #expect(tracker.acknowledged(tickets[1]) == nil)
        #expect(tracker.processed(pending, outcome: "late") == false)
        #expect(tracker.takePublishable(self.p0, epoch: firstEpoch).isEmpty)
        #expect(tracker.committable(self.p0) == nil)
        // Reassigned: a new epoch; old tickets stay stale even for the same offsets.
        let secondEpoch = tracker.assign(self.p0)
        #expect(secondEpoch != firstEpoch)
        #expect(!tracker.isCurrent(tickets[1]))
        let again = tracker.register(self.p0, offset: 1)!
        #expect(again.epoch == secondEpoch)
        #expect(tracker.acknowledged(tickets[1]) == nil)
        #expect(tracker.committable(self.p0) == nil)
        tracker.processed(again, outcome: "again")
        #expect(tracker.takePublishable(self.p0, epoch: secondEpoch).count == 1)
        #expect(tracker.acknowledged(again) == 2)
    }

    @Test func revokeOfOnePartitionLeavesOthersAlone() {
        var tracker = Tracker()
        tracker.assign(self.p0)
        tracker.assign(self.p1)
        let a = self.published(&tracker, self.p0, [0, 1])
        let b = self.published(&tracker, self.p1, [7])
        #expect(tracker.inFlight == 3)
        tracker.revoke(self.p0)
        #expect(tracker.inFlight == 1)
        #expect(tracker.acknowledged(a[0]) == nil)
        #expect(tracker.acknowledged(b[0]) == 8)
        #expect(tracker.ownedPartitions == [self.p1])
    }

    @Test func unownedPartitionsAndReplayedOffsetsAreNotRegistered() {
        var tracker = Tracker()
        #expect(tracker.register(self.p0, offset: 0) == nil)
        tracker.assign(self.p0)
        #expect(tracker.register(self.p0, offset: 5) != nil)
        // A re-delivery of an offset already seen in this assignment (for example after a fetch rewind).
        #expect(tracker.register(self.p0, offset: 5) == nil)
        #expect(tracker.register(self.p0, offset: 3) == nil)
        #expect(tracker.register(self.p0, offset: 6) != nil)
        #expect(tracker.inFlight == 2)
        #expect(tracker.nextExpected(self.p0) == 7)
    }

    @Test func assigningAnOwnedPartitionKeepsItsState() {
        var tracker = Tracker()
        let epoch = tracker.assign(self.p0)
        _ = tracker.register(self.p0, offset: 0)
        #expect(tracker.assign(self.p0) == epoch)
        #expect(tracker.inFlight == 1)
    }

    @Test func doubleAcknowledgementIsIgnored() {
        var tracker = Tracker()
        tracker.assign(self.p0)
        let tickets = self.published(&tracker, self.p0, [0, 1])
        #expect(tracker.acknowledged(tickets[1]) == nil)
        #expect(tracker.acknowledged(tickets[1]) == nil)
        #expect(tracker.inFlight == 2)
        #expect(tracker.acknowledged(tickets[0]) == 2)
        #expect(tracker.inFlight == 0)
    }

    /// Random completion orders over many offsets: the watermark never passes an unacknowledged offset and
    /// ends one past the last offset.
    @Test(arguments: [1, 7, 42, 1234])
    func randomCompletionOrdersNeverCommitAhead(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var tracker = Tracker()
        let epoch = tracker.assign(self.p0)
        var offset: Int64 = 0
        var offsets: [Int64] = []
        for _ in 0..<2000 {
            offset += Int64(random.next() % 3 == 0 ? 2 : 1)
            offsets.append(offset)
        }
        var tickets = offsets.map { tracker.register(self.p0, offset: $0)! }
        tickets.shuffle(using: &random)
        // Process in random order; publish whatever becomes releasable; acknowledge in another random order.
        var published: [Tracker.Ticket] = []
        var lastReleased: Int64 = -1
        for ticket in tickets {
            tracker.processed(ticket, outcome: "x")
            let released = tracker.takePublishable(self.p0, epoch: epoch)
            for (releasedTicket, _) in released {
                #expect(releasedTicket.offset > lastReleased)
                lastReleased = releasedTicket.offset
            }
            published += released.map(\.0)
        }
        #expect(published.count == offsets.count)
        published.shuffle(using: &random)
        var acknowledged = Set<Int64>()
        for ticket in published {
            acknowledged.insert(ticket.offset)
            if let committable = tracker.acknowledged(ticket) {
                let lowestOpen = offsets.first { !acknowledged.contains($0) }
                if let lowestOpen {
                    #expect(committable <= lowestOpen)
                }
                #expect(offsets.filter { $0 < committable }.allSatisfy { acknowledged.contains($0) })
            }
        }
        #expect(tracker.committable(self.p0) == offsets.last! + 1)
        #expect(tracker.inFlight == 0)
    }
}

/// A small deterministic generator so that failures reproduce.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) {
        self.state = seed
    }

    mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

import DatelineKafka
import DatelineWorker

/// A deterministic, single-threaded replay of the worker's commit protocol around ``CompletionTracker``,
/// driven by a seeded random schedule, checked against a model after every step.
///
/// It follows `WorkerSession` call for call: the poll thread registers fetched messages; a pool thread that
/// finishes one calls `processed` then `takePublishable`, and if it becomes the partition's publisher it
/// enqueues the batch and asks again with `continuing: true` until it gets nothing; a delivery report calls
/// `acknowledged` and stores the returned offset; a failed delivery is retried later if its ticket is still
/// current; a revoke optionally drains, then `revoke`s, stores the final committable offset and commits; a lost
/// partition is dropped without a commit; a SIGKILL throws all process state away. Each of those steps is
/// one event here, and the schedule interleaves them in any order, the way threads can.
///
/// The model is a broker: the input log per partition (with gaps, like compaction or transaction markers),
/// the group's committed offset, and the set of input offsets whose output record the broker acknowledged.
/// Checked after every event:
/// - a committed offset never passes an input whose output is unacknowledged (no loss, in any epoch);
/// - offsets are stored only for partitions owned in the ticket's epoch;
/// - results are released once each, in offset order, by one publisher at a time;
/// - the tracker's counters (in flight, committable, next expected) match the model;
/// and at the end, after everything in flight finishes: everything acknowledged is committed.
struct CommitSimulation {
    typealias Tracker = CompletionTracker<Int64>
    typealias Ticket = Tracker.Ticket

    /// A broken property, with the schedule that led to it.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// One assignment's view of a partition, as the model sees it.
    struct PartitionModel {
        var owned = false
        var epoch: UInt64 = 0
        /// The consumer's fetch position.
        var position: Int64 = 0
        /// The offset stored for the next commit (dropped by librdkafka on unassign).
        var stored: Int64?
        /// The group's committed offset (survives everything).
        var committed: Int64 = 0
        /// Input offsets whose output the broker acknowledged, in any epoch (output is durable).
        var outputAcknowledged: Set<Int64> = []
        /// Offsets registered in the current epoch, in order.
        var registered: [Int64] = []
        /// Offsets of the current epoch whose output was acknowledged.
        var acknowledged: Set<Int64> = []
        /// Length of the acknowledged prefix of `registered`.
        var prefix = 0
        /// How many of `registered` were released for publication.
        var released = 0
        /// Offsets of the current epoch whose processing finished.
        var processed: Set<Int64> = []
        /// A simulated pool thread holds the publisher role.
        var publisherActive = false

        var committable: Int64? { self.prefix > 0 ? self.registered[self.prefix - 1] + 1 : nil }
    }

    /// A publisher between two `takePublishable` calls: it still has to enqueue `batch`.
    struct PublisherStep {
        var partition: Int
        var epoch: UInt64
        var batch: [(Ticket, Int64)]
    }

    let seed: UInt64
    let partitions: [KafkaTopicPartition]
    var random: SeededGenerator
    var tracker = Tracker()
    var models: [PartitionModel]
    var highestEpoch: UInt64 = 0
    /// Pool work not yet finished (tickets may have gone stale meanwhile).
    var processing: [Ticket] = []
    var publishers: [PublisherStep] = []
    /// Records handed to the producer, waiting for their delivery report.
    var deliveries: [Ticket] = []
    /// Failed deliveries waiting for their retry.
    var retries: [Ticket] = []
    var trace: [String] = []
    var steps = 0
    /// The in-flight bound of the poll loop (`maxInFlight`).
    let maxInFlight = 48

    init(seed: UInt64, partitionCount: Int = 3) {
        self.seed = seed
        self.random = SeededGenerator(seed: seed)
        self.partitions = (0..<partitionCount).map { KafkaTopicPartition(topic: "in", partition: Int32($0)) }
        self.models = Array(repeating: PartitionModel(), count: partitionCount)
    }

    /// Whether `offset` exists in partition `p`'s log: a fixed function, so a re-fetch sees the same log.
    func exists(_ p: Int, _ offset: Int64) -> Bool {
        var mix = SeededGenerator(seed: self.seed ^ (UInt64(p) << 56) ^ UInt64(bitPattern: offset))
        return mix.next() % 11 != 0
    }

    // MARK: - Running

    /// Runs `steps` random events, then drains and checks the liveness property.
    mutating func run(steps: Int) throws(Failure) {
        for index in 0..<self.partitions.count { try self.assign(index) }
        for _ in 0..<steps {
            self.steps += 1
            try self.randomEvent()
            try self.checkCounters()
        }
        try self.drainEverything()
    }

    private mutating func randomEvent() throws(Failure) {
        let roll = self.random.index(1000)
        switch roll {
        case 0..<260: try self.fetch()
        case 260..<280: try self.redeliver()
        case 280..<480: try self.finishProcessing()
        case 480..<620: try self.publisherStep()
        case 620..<840: try self.deliveryReport()
        case 840..<880: try self.retry()
        case 880..<930: try self.autoCommit()
        case 930..<955: try self.revoke(lost: false)
        case 955..<965: try self.revoke(lost: true)
        case 965..<990:
            let unowned = self.models.indices.filter { !self.models[$0].owned }
            if !unowned.isEmpty { try self.assign(self.random.pick(unowned)) }
        default:
            if self.random.chance(1, in: 3) { self.crash() }
        }
    }

    // MARK: - Events

    private mutating func assign(_ p: Int) throws(Failure) {
        let epoch = self.tracker.assign(self.partitions[p])
        try self.expect(epoch > self.highestEpoch, "assign of \(p) reused epoch \(epoch)")
        self.highestEpoch = epoch
        let committed = self.models[p].committed
        let durable = self.models[p].outputAcknowledged
        // A fresh assignment fetches from the committed offset.
        self.models[p] = PartitionModel(owned: true, epoch: epoch, position: committed)
        self.models[p].committed = committed
        self.models[p].outputAcknowledged = durable
        self.log("assign p\(p) epoch \(epoch) from \(committed)")
    }

    private mutating func fetch() throws(Failure) {
        let owned = self.models.indices.filter { self.models[$0].owned }
        guard !owned.isEmpty, self.tracker.inFlight < self.maxInFlight else { return }
        let p = self.random.pick(owned)
        var offset = self.models[p].position
        while !self.exists(p, offset) { offset += 1 }
        self.models[p].position = offset + 1
        guard let ticket = self.tracker.register(self.partitions[p], offset: offset) else {
            throw self.failure("register of new offset p\(p)@\(offset) returned nil")
        }
        try self.expect(ticket.epoch == self.models[p].epoch, "ticket \(ticket) carries the wrong epoch")
        self.models[p].registered.append(offset)
        self.processing.append(ticket)
        self.log("fetch \(ticket)")
    }

    /// librdkafka may hand out a message again (after a seek or an error); the tracker must refuse it.
    private mutating func redeliver() throws(Failure) {
        let candidates = self.models.indices.filter { self.models[$0].owned && !self.models[$0].registered.isEmpty }
        guard !candidates.isEmpty else { return }
        let p = self.random.pick(candidates)
        let offset = self.random.pick(self.models[p].registered)
        let ticket = self.tracker.register(self.partitions[p], offset: offset)
        try self.expect(ticket == nil, "re-delivered p\(p)@\(offset) was registered twice")
        self.log("redeliver p\(p)@\(offset) refused")
    }

    private mutating func finishProcessing(at chosen: Int? = nil) throws(Failure) {
        guard !self.processing.isEmpty else { return }
        let ticket = self.processing.remove(at: chosen ?? self.random.index(self.processing.count))
        let p = Int(ticket.partition.partition)
        let current = self.isCurrent(ticket)
        let accepted = self.tracker.processed(ticket, outcome: ticket.offset)
        try self.expect(accepted == current, "processed(\(ticket)) returned \(accepted), current \(current)")
        self.log("processed \(ticket) accepted \(accepted)")
        guard accepted else { return }
        self.models[p].processed.insert(ticket.offset)
        let batch = self.tracker.takePublishable(ticket.partition, epoch: ticket.epoch)
        if self.models[p].publisherActive {
            try self.expect(batch.isEmpty, "a second publisher for p\(p) got \(batch.map(\.0))")
            return
        }
        try self.checkRelease(p, batch)
        if !batch.isEmpty {
            self.models[p].publisherActive = true
            self.publishers.append(PublisherStep(partition: p, epoch: ticket.epoch, batch: batch))
        }
    }

    /// The publisher enqueues its batch (dropping stale tickets, as `enqueue` does) and asks for more.
    private mutating func publisherStep(at chosen: Int? = nil) throws(Failure) {
        guard !self.publishers.isEmpty else { return }
        let index = chosen ?? self.random.index(self.publishers.count)
        let step = self.publishers[index]
        for (ticket, outcome) in step.batch {
            try self.expect(outcome == ticket.offset, "ticket \(ticket) carries outcome \(outcome)")
            if self.tracker.isCurrent(ticket) {
                try self.expect(self.isCurrent(ticket), "tracker calls stale \(ticket) current")
                self.deliveries.append(ticket)
            }
        }
        let next = self.tracker.takePublishable(self.partitions[step.partition], epoch: step.epoch, continuing: true)
        let current = self.models[step.partition].owned && self.models[step.partition].epoch == step.epoch
        self.log("publisher p\(step.partition)#\(step.epoch) enqueued \(step.batch.count), next \(next.count)")
        if !current {
            try self.expect(next.isEmpty, "a stale publisher of p\(step.partition) got \(next.map(\.0))")
            self.publishers.remove(at: index)
            return
        }
        try self.checkRelease(step.partition, next)
        if next.isEmpty {
            self.models[step.partition].publisherActive = false
            self.publishers.remove(at: index)
        } else {
            self.publishers[index].batch = next
        }
    }

    private mutating func deliveryReport() throws(Failure) {
        guard !self.deliveries.isEmpty else { return }
        let ticket = self.deliveries.remove(at: self.random.index(self.deliveries.count))
        if self.random.chance(1, in: 8) {
            self.retries.append(ticket)
            self.log("delivery failed \(ticket)")
            return
        }
        try self.acknowledge(ticket)
    }

    private mutating func acknowledge(_ ticket: Ticket) throws(Failure) {
        let p = Int(ticket.partition.partition)
        // The broker has the output now, whoever owns the partition.
        self.models[p].outputAcknowledged.insert(ticket.offset)
        let current = self.isCurrent(ticket)
        let before = self.models[p].committable
        if current {
            self.models[p].acknowledged.insert(ticket.offset)
            while self.models[p].prefix < self.models[p].registered.count,
                self.models[p].acknowledged.contains(self.models[p].registered[self.models[p].prefix])
            {
                self.models[p].prefix += 1
            }
        }
        let advanced = self.tracker.acknowledged(ticket)
        self.log("delivered \(ticket) -> \(advanced.map(String.init) ?? "nil")")
        let expected = current && self.models[p].committable != before ? self.models[p].committable : nil
        try self.expect(advanced == expected, "acknowledged(\(ticket)) returned \(String(describing: advanced)), expected \(String(describing: expected))")
        guard let advanced else { return }
        // WorkerSession stores it at once: it must be an owned partition in the ticket's epoch.
        try self.expect(current, "an offset was returned for stale \(ticket)")
        for offset in self.models[p].registered where offset < advanced {
            try self.expect(self.models[p].acknowledged.contains(offset), "store \(advanced) passes unacknowledged p\(p)@\(offset)")
        }
        if let stored = self.models[p].stored {
            try self.expect(advanced > stored, "stored offset of p\(p) moved back from \(stored) to \(advanced)")
        }
        self.models[p].stored = advanced
    }

    private mutating func retry() throws(Failure) {
        guard !self.retries.isEmpty else { return }
        let ticket = self.retries.remove(at: self.random.index(self.retries.count))
        if self.tracker.isCurrent(ticket) {
            self.deliveries.append(ticket)
            self.log("retry \(ticket)")
        } else {
            self.log("retry dropped stale \(ticket)")
        }
    }

    /// librdkafka's auto-commit: the stored offsets of assigned partitions.
    private mutating func autoCommit() throws(Failure) {
        for p in self.models.indices where self.models[p].owned {
            if let stored = self.models[p].stored { try self.commit(p, stored) }
        }
    }

    private mutating func commit(_ p: Int, _ offset: Int64) throws(Failure) {
        try self.expect(self.models[p].owned, "commit for unowned p\(p)")
        // The safety property: every input below the committed offset has acknowledged output.
        var o = self.models[p].committed
        while o < offset {
            if self.exists(p, o) {
                try self.expect(self.models[p].outputAcknowledged.contains(o), "commit \(offset) of p\(p) loses input \(o)")
            }
            o += 1
        }
        self.models[p].committed = max(self.models[p].committed, offset)
        self.log("commit p\(p) \(offset)")
    }

    private mutating func revoke(lost: Bool) throws(Failure) {
        let owned = self.models.indices.filter { self.models[$0].owned }
        guard !owned.isEmpty else { return }
        let p = self.random.pick(owned)
        if !lost && self.random.chance(1, in: 2) {
            // waitForDrain finished in time: every message of the partition completed first.
            try self.drain(only: p)
        }
        guard let revocation = self.tracker.revoke(self.partitions[p]) else {
            throw self.failure("revoke of owned p\(p) returned nil")
        }
        let model = self.models[p]
        try self.expect(revocation.committable == model.committable, "revoke committable \(String(describing: revocation.committable)) != model")
        try self.expect(revocation.abandoned == model.registered.count - model.prefix, "revoke abandoned count is wrong")
        try self.expect(!self.tracker.owns(self.partitions[p]), "p\(p) still owned after revoke")
        self.log("revoke p\(p) lost \(lost) committable \(String(describing: revocation.committable))")
        if !lost, let committable = revocation.committable {
            self.models[p].stored = committable
            try self.commit(p, committable)
        }
        self.models[p].owned = false
        self.models[p].stored = nil
        self.models[p].publisherActive = false
    }

    /// SIGKILL: the process and every thread's state are gone; only the broker remembers.
    private mutating func crash() {
        self.tracker = Tracker()
        // A new process numbers its epochs from scratch; nothing of the old one survives to confuse them.
        self.highestEpoch = 0
        self.processing.removeAll()
        self.publishers.removeAll()
        self.deliveries.removeAll()
        self.retries.removeAll()
        for p in self.models.indices {
            self.models[p].owned = false
            self.models[p].stored = nil
            self.models[p].publisherActive = false
        }
        self.log("crash")
    }

    // MARK: - Draining

    /// Finishes every piece of current work of partition `only` (or of all partitions), delivering successfully.
    private mutating func drain(only: Int?) throws(Failure) {
        func mine(_ ticket: Ticket) -> Bool { only.map { Int(ticket.partition.partition) == $0 } ?? true }
        var guardCount = 0
        while true {
            guardCount += 1
            if guardCount > 1_000_000 { throw self.failure("drain did not converge") }
            if let index = self.processing.firstIndex(where: mine) {
                try self.finishProcessing(at: index)
            } else if let index = self.publishers.firstIndex(where: { only == nil || $0.partition == only }) {
                try self.publisherStep(at: index)
            } else if let index = self.retries.firstIndex(where: mine) {
                let ticket = self.retries.remove(at: index)
                if self.tracker.isCurrent(ticket) { self.deliveries.append(ticket) }
            } else if let index = self.deliveries.firstIndex(where: mine) {
                try self.acknowledge(self.deliveries.remove(at: index))
            } else {
                return
            }
            try self.checkCounters()
        }
    }

    /// Liveness: with everything finished and acknowledged, each owned partition can commit all it registered.
    private mutating func drainEverything() throws(Failure) {
        for p in self.models.indices where !self.models[p].owned { try self.assign(p) }
        for _ in 0..<200 { try self.fetch() }
        try self.drain(only: nil)
        for p in self.models.indices {
            let partition = self.partitions[p]
            try self.expect(self.tracker.inFlight(partition) == 0, "p\(p) still has messages in flight after the drain")
            if let last = self.models[p].registered.last {
                try self.expect(self.tracker.committable(partition) == last + 1, "p\(p) cannot commit everything acknowledged")
            }
        }
        try self.autoCommit()
        for p in self.models.indices where !self.models[p].registered.isEmpty {
            try self.expect(self.models[p].committed == self.models[p].registered.last! + 1, "p\(p) did not commit all")
        }
        try self.expect(self.tracker.inFlight == 0, "in-flight count is \(self.tracker.inFlight) after the drain")
    }

    // MARK: - Checks

    private func isCurrent(_ ticket: Ticket) -> Bool {
        let model = self.models[Int(ticket.partition.partition)]
        return model.owned && model.epoch == ticket.epoch
    }

    /// A released batch continues the partition's registered offsets in order, with processing finished.
    private mutating func checkRelease(_ p: Int, _ batch: [(Ticket, Int64)]) throws(Failure) {
        for (ticket, _) in batch {
            let model = self.models[p]
            try self.expect(model.released < model.registered.count, "released \(ticket) beyond what was registered")
            try self.expect(
                ticket.offset == model.registered[model.released],
                "released \(ticket) out of order (expected offset \(model.registered[model.released]))"
            )
            try self.expect(model.processed.contains(ticket.offset), "released \(ticket) before it was processed")
            self.models[p].released += 1
        }
    }

    private func checkCounters() throws(Failure) {
        var total = 0
        for p in self.models.indices {
            let partition = self.partitions[p]
            let model = self.models[p]
            try self.expect(self.tracker.owns(partition) == model.owned, "ownership of p\(p) differs from the model")
            guard model.owned else { continue }
            let inFlight = model.registered.count - model.prefix
            total += inFlight
            try self.expect(self.tracker.inFlight(partition) == inFlight, "inFlight(p\(p)) \(self.tracker.inFlight(partition)) != \(inFlight)")
            try self.expect(self.tracker.committable(partition) == model.committable, "committable(p\(p)) differs from the model")
            try self.expect(
                self.tracker.nextExpected(partition) == model.registered.last.map { $0 + 1 },
                "nextExpected(p\(p)) differs from the model"
            )
        }
        try self.expect(self.tracker.inFlight == total, "total inFlight \(self.tracker.inFlight) != \(total)")
    }

    private func expect(_ condition: Bool, _ message: @autoclosure () -> String) throws(Failure) {
        if !condition { throw self.failure(message()) }
    }

    private func failure(_ message: String) -> Failure {
        Failure(
            description: "seed \(self.seed) step \(self.steps): \(message)\nlast events:\n  "
                + self.trace.suffix(30).joined(separator: "\n  ")
                + "\nreplay: DATELINE_PROPERTY_SEED=\(self.seed) swift test --filter DatelineHardeningTests"
        )
    }

    private mutating func log(_ line: @autoclosure () -> String) {
        self.trace.append(line())
        if self.trace.count > 200 { self.trace.removeFirst(100) }
    }
}

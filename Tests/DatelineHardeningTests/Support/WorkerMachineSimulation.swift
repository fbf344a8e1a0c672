import DatelineKafka

@testable import DatelineWorker

/// Random schedules of everything that can happen around the worker's state machine, played against the real
/// ``WorkerStateMachine`` and checked against a model of the broker after every event.
///
/// The simulation plays librdkafka, the pool and the broker: it performs the machine's actions the way the
/// session does (a `process` action starts pool work, `produce` enqueues on the simulated producer, `pause` /
/// `resume` stop and restart fetching, `store` stores for the next auto commit, `recreateProducer` starts a
/// replacement) and feeds back events in any interleaving the threads allow: polls, finished extractions,
/// delivery successes and failures (of live and replaced producers), full producer queues, fatal producer
/// errors, producer replacements coming up, auto commits, revokes (drained or not), lost partitions, new
/// assignments, graceful stops and SIGKILLs.
///
/// Checked after every event:
/// - a committed offset never passes an input whose output the broker has not acknowledged (no loss);
/// - offsets are stored only for partitions owned right now;
/// - one producer generation receives each partition's records in increasing offset order;
/// - only a live producer receives records; at most `processingSlots` messages are on the pool;
/// - fetched plus unacknowledged messages stay within the in-flight bound (plus one poll of slack);
/// and at the end, with faults stopped and everything delivered: every input is committed.
struct WorkerMachineSimulation {
    typealias Ticket = WorkerStateMachine.Ticket

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The broker's and librdkafka's view of one input partition.
    struct PartitionModel {
        var owned = false
        var paused = false
        /// Fetch position.
        var position: Int64 = 0
        /// Stored offset, dropped on unassign.
        var stored: Int64?
        /// The group's committed offset (survives everything).
        var committed: Int64 = 0
        /// Input offsets whose output the broker acknowledged (durable).
        var outputAcknowledged: Set<Int64> = []
    }

    /// A record handed to a producer and not yet reported.
    struct InFlightRecord {
        var ticket: Ticket
        var generation: UInt64
    }

    let seed: UInt64
    let partitions: [KafkaTopicPartition]
    let limits = WorkerStateMachine.Limits(
        maxInFlight: 40,
        processingSlots: 3,
        recoveryBackoff: .milliseconds(10),
        maxRecoveryBackoff: .milliseconds(100),
        producerRecoveryTimeout: .seconds(3600)
    )
    let pollSize = 8
    var random: SeededGenerator
    var machine: WorkerStateMachine
    var models: [PartitionModel]
    var processing: [(KafkaMessage, Ticket)] = []
    var inFlight: [InFlightRecord] = []
    /// Producer replacements requested and not yet up.
    var replacements: [UInt64] = []
    var liveGeneration: UInt64 = 1
    /// Last offset each (generation, partition) was given, to check the order.
    var lastProduced: [String: Int64] = [:]
    var trace: [String] = []
    var steps = 0
    var now = ContinuousClock.now

    init(seed: UInt64, partitionCount: Int = 3) {
        self.seed = seed
        self.random = SeededGenerator(seed: seed)
        self.partitions = (0..<partitionCount).map { KafkaTopicPartition(topic: "in", partition: Int32($0)) }
        self.models = Array(repeating: PartitionModel(), count: partitionCount)
        self.machine = WorkerStateMachine(limits: self.limits)
    }

    /// Whether `offset` exists in partition `p`'s log (gaps, as compaction or transaction markers leave).
    func exists(_ p: Int, _ offset: Int64) -> Bool {
        var mix = SeededGenerator(seed: self.seed ^ (UInt64(p) << 56) ^ UInt64(bitPattern: offset))
        return mix.next() % 11 != 0
    }

    // MARK: - Running

    mutating func run(steps: Int) throws(Failure) {
        try self.assign(Array(self.partitions.indices))
        for _ in 0..<steps {
            self.steps += 1
            self.now += .milliseconds(5)
            try self.randomEvent()
            try self.checkInvariants()
        }
        try self.finishEverything()
    }

    private mutating func randomEvent() throws(Failure) {
        switch self.random.index(1000) {
        case 0..<220: try self.poll()
        case 220..<440: try self.finishProcessing()
        case 440..<700: try self.deliver(success: true)
        case 700..<730: try self.deliver(success: false)
        case 730..<745:
            try self.perform(
                self.machine.deliveryFailed(
                    nil,
                    generation: self.liveGeneration,
                    error: KafkaError(.fatal, "injected fatal error", isFatal: true),
                    replacement: nil,
                    at: self.now
                )
            )
        case 745..<800: try self.replacementUp()
        case 800..<850: try self.perform(self.machine.tick(at: self.now))
        case 850..<900: try self.autoCommit()
        case 900..<935: try self.revoke(lost: false)
        case 935..<945: try self.revoke(lost: true)
        case 945..<985:
            let unowned = self.models.indices.filter { !self.models[$0].owned }
            if !unowned.isEmpty { try self.assign([self.random.pick(unowned)]) }
        default:
            if self.random.chance(1, in: 3) { self.crash() }
        }
    }

    // MARK: - Events

    private mutating func assign(_ indices: [Int]) throws(Failure) {
        for p in indices {
            // A fresh assignment fetches from the committed offset; librdkafka starts it unpaused.
            self.models[p].owned = true
            self.models[p].paused = false
            self.models[p].position = self.models[p].committed
            self.models[p].stored = nil
        }
        self.log("assign \(indices)")
        try self.perform(self.machine.assigned(indices.map { self.partitions[$0] }))
    }

    private mutating func poll() throws(Failure) {
        let budget = min(self.pollSize, max(1, self.machine.pollBudget))
        var messages: [KafkaMessage] = []
        for _ in 0..<budget {
            let fetchable = self.models.indices.filter { self.models[$0].owned && !self.models[$0].paused }
            guard !fetchable.isEmpty else { break }
            let p = self.random.pick(fetchable)
            var offset = self.models[p].position
            while !self.exists(p, offset) { offset += 1 }
            self.models[p].position = offset + 1
            messages.append(KafkaMessage(topic: "in", partition: Int32(p), offset: offset, key: nil, value: []))
        }
        guard !messages.isEmpty else { return }
        self.log("poll \(messages.map { "p\($0.partition)@\($0.offset)" })")
        try self.perform(self.machine.polled(messages))
    }

    private mutating func finishProcessing() throws(Failure) {
        guard !self.processing.isEmpty else { return }
        let (message, ticket) = self.processing.remove(at: self.random.index(self.processing.count))
        self.log("processed \(ticket)")
        let outcome = Publication(topic: "out", key: nil, value: [], headers: [], input: message)
        try self.perform(self.machine.processed(ticket, outcome: outcome))
    }

    private mutating func deliver(success: Bool) throws(Failure) {
        guard !self.inFlight.isEmpty else { return }
        let record = self.inFlight.remove(at: self.random.index(self.inFlight.count))
        self.log("delivery \(success ? "ok" : "failed") \(record.ticket) gen \(record.generation)")
        if success {
            let p = Int(record.ticket.partition.partition)
            self.models[p].outputAcknowledged.insert(record.ticket.offset)
            try self.perform(self.machine.delivered(record.ticket, generation: record.generation))
        } else {
            try self.perform(
                self.machine.deliveryFailed(
                    record.ticket,
                    generation: record.generation,
                    error: KafkaError(.delivery, "message timed out"),
                    replacement: nil,
                    at: self.now
                )
            )
        }
    }

    /// A replacement producer is up; the one it replaced is purged (its records fail, some may have landed).
    private mutating func replacementUp() throws(Failure) {
        guard let generation = self.replacements.first else { return }
        self.replacements.removeFirst()
        var purged: [InFlightRecord] = []
        for record in self.inFlight where record.generation < generation {
            if self.random.chance(1, in: 4) {
                // Written before the purge took effect: the broker has it.
                let p = Int(record.ticket.partition.partition)
                self.models[p].outputAcknowledged.insert(record.ticket.offset)
                try self.perform(self.machine.delivered(record.ticket, generation: record.generation))
            } else {
                purged.append(record)
            }
        }
        self.inFlight.removeAll { $0.generation < generation }
        self.liveGeneration = generation
        self.log("producer \(generation) up, \(purged.count) purged")
        try self.perform(self.machine.producerReady(generation: generation))
        for record in purged {
            try self.perform(
                self.machine.deliveryFailed(
                    record.ticket,
                    generation: record.generation,
                    error: KafkaError(.delivery, "purged"),
                    replacement: nil,
                    at: self.now
                )
            )
        }
    }

    private mutating func autoCommit() throws(Failure) {
        for p in self.models.indices where self.models[p].owned {
            if let stored = self.models[p].stored { try self.commit(p, stored) }
        }
    }

    private mutating func commit(_ p: Int, _ offset: Int64) throws(Failure) {
        var cursor = self.models[p].committed
        while cursor < offset {
            if self.exists(p, cursor) && !self.models[p].outputAcknowledged.contains(cursor) {
                throw self.failure("commit of p\(p) at \(offset) passes unacknowledged input \(cursor)")
            }
            cursor += 1
        }
        self.models[p].committed = max(self.models[p].committed, offset)
        self.log("commit p\(p) \(offset)")
    }

    private mutating func revoke(lost: Bool) throws(Failure) {
        let owned = self.models.indices.filter { self.models[$0].owned }
        guard !owned.isEmpty else { return }
        let p = self.random.pick(owned)
        let partition = self.partitions[p]
        if !lost {
            self.machine.dropWaiting([partition])
            // A drain: let the pool and the producer finish what is there, some of the time.
            if self.random.chance(1, in: 2) {
                while let index = self.processing.firstIndex(where: { $0.1.partition == partition }) {
                    let (message, ticket) = self.processing.remove(at: index)
                    let outcome = Publication(topic: "out", key: nil, value: [], headers: [], input: message)
                    try self.perform(self.machine.processed(ticket, outcome: outcome))
                }
            }
        }
        let revoked = self.machine.revoking([partition], lost: lost)
        for (revokedPartition, offset) in revoked.store {
            try self.expect(revokedPartition == partition, "revoke of p\(p) stored for \(revokedPartition)")
            self.models[p].stored = offset
        }
        if !lost, let stored = self.models[p].stored { try self.commit(p, stored) }
        if revoked.resume.contains(partition) { self.models[p].paused = false }
        try self.expect(!self.models[p].paused, "p\(p) revoked while still paused by the machine")
        self.models[p].owned = false
        self.models[p].stored = nil
        self.log("revoke p\(p) lost \(lost) abandoned \(revoked.abandoned)")
    }

    /// SIGKILL: every bit of process state is gone; the broker keeps its logs and committed offsets.
    private mutating func crash() {
        self.machine = WorkerStateMachine(limits: self.limits)
        self.processing = []
        self.inFlight = []
        self.replacements = []
        self.liveGeneration = 1
        self.lastProduced = [:]
        for p in self.models.indices {
            self.models[p].owned = false
            self.models[p].stored = nil
            self.models[p].paused = false
        }
        self.log("crash")
    }

    /// Stops the faults and lets everything finish: all inputs end up committed.
    private mutating func finishEverything() throws(Failure) {
        let unowned = self.models.indices.filter { !self.models[$0].owned }
        if !unowned.isEmpty { try self.assign(unowned) }
        var rounds = 0
        while rounds < 100_000 {
            rounds += 1
            self.now += .milliseconds(5)
            if !self.replacements.isEmpty {
                try self.replacementUp()
            } else if !self.processing.isEmpty {
                try self.finishProcessing()
            } else if !self.inFlight.isEmpty {
                try self.deliver(success: true)
            } else {
                try self.perform(self.machine.tick(at: self.now))
                if self.processing.isEmpty && self.inFlight.isEmpty { break }
            }
            try self.checkInvariants()
        }
        try self.expect(self.machine.inFlight == 0, "\(self.machine.inFlight) still in flight at the end")
        try self.autoCommit()
        for p in self.models.indices {
            try self.expect(
                self.models[p].committed == self.models[p].position,
                "at the end p\(p) committed \(self.models[p].committed), consumed up to \(self.models[p].position)"
            )
        }
    }

    // MARK: - Performing actions, as the session does

    private mutating func perform(_ actions: [WorkerAction]) throws(Failure) {
        for action in actions {
            switch action {
            case .process(let message, let ticket):
                self.processing.append((message, ticket))
            case .produce(let records, let generation):
                try self.expect(
                    generation == self.liveGeneration,
                    "records for producer \(generation), live \(self.liveGeneration)"
                )
                for (index, (ticket, _)) in records.enumerated() {
                    if index > 0 && self.random.chance(1, in: 40) {
                        // The local queue is full: the rest come back on a tick.
                        self.machine.enqueueFailed(ticket)
                        self.log("queue full at \(ticket)")
                        break
                    }
                    let key = "\(generation)/\(ticket.partition.partition)/\(ticket.epoch)"
                    if let last = self.lastProduced[key] {
                        try self.expect(ticket.offset > last, "producer \(generation) got \(ticket) after \(last)")
                    }
                    self.lastProduced[key] = ticket.offset
                    self.inFlight.append(InFlightRecord(ticket: ticket, generation: generation))
                }
            case .store(let partition, let offset):
                let p = Int(partition.partition)
                try self.expect(self.models[p].owned, "store for p\(p), which is not owned")
                self.models[p].stored = offset
            case .pause(let partitions):
                for partition in partitions {
                    let p = Int(partition.partition)
                    // librdkafka drops what it prefetched and refetches from the last position handed out.
                    self.models[p].paused = true
                }
            case .resume(let partitions):
                for partition in partitions { self.models[Int(partition.partition)].paused = false }
            case .commit:
                try self.autoCommit()
            case .recreateProducer(let generation, _, _):
                self.replacements.append(generation)
                // A replacement gets a new producer id: the sequence check starts over.
                self.lastProduced = self.lastProduced.filter { !$0.key.hasPrefix("\(generation)/") }
            case .rejoinGroup(let reason, let stalled):
                // The simulation never reports the group's offsets, so the stall detector must stay quiet.
                throw self.failure("unexpected rejoin (\(reason), \(stalled))")
            case .fail(let error):
                throw self.failure("the machine failed: \(error)")
            }
        }
    }

    // MARK: - Checks

    private func checkInvariants() throws(Failure) {
        try self.expect(
            self.machine.processing == self.processing.count,
            "machine processing \(self.machine.processing) != \(self.processing.count)"
        )
        try self.expect(self.processing.count <= self.limits.processingSlots, "\(self.processing.count) on the pool")
        // The machine's bound: at the in-flight bound, partitions under half their share keep fetching (so that
        // a busy partition cannot starve them), which adds at most half a share per partition, half the bound in
        // all; one poll can overshoot by its size.
        try self.expect(
            self.machine.inFlight <= self.limits.maxInFlight + self.limits.maxInFlight / 2 + self.pollSize,
            "in flight \(self.machine.inFlight) over the bound"
        )
    }

    private func expect(_ condition: Bool, _ message: @autoclosure () -> String) throws(Failure) {
        if !condition { throw self.failure(message()) }
    }

    private func failure(_ message: String) -> Failure {
        Failure(
            description: "seed \(self.seed), step \(self.steps): \(message)\n  last events:\n    "
                + self.trace.suffix(40).joined(separator: "\n    ")
        )
    }

    private mutating func log(_ line: @autoclosure () -> String) {
        self.trace.append(line())
        if self.trace.count > 200 { self.trace.removeFirst(100) }
    }
}

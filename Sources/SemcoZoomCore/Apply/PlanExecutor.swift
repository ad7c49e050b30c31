import Foundation

/// Applies a plan's actions through the `ZoomClient`: concurrent across courses (bounded),
/// serial within a course, the state written after every successful change in Zoom.
/// One course's failure never stops the others; one booking's failure never stops its course.
public struct PlanExecutor: Sendable {
    public var client: any ZoomClient
    public var journal: StateJournal
    public var clock: any WallClock
    public var configuration: Configuration
    public var maxConcurrentCourses: Int
    /// Told after each course is done: (courses done, courses in all). For a terminal's progress line.
    public var progress: @Sendable (Int, Int) -> Void = { _, _ in }

    /// Everything the executor records comes with the plan's actions (`PlannedAction.record`)
    /// and the plan itself: it needs neither the desired state nor the observation.
    public init(
        client: any ZoomClient, journal: StateJournal, clock: any WallClock, configuration: Configuration,
        maxConcurrentCourses: Int = 8
    ) {
        self.client = client
        self.journal = journal
        self.clock = clock
        self.configuration = configuration
        self.maxConcurrentCourses = max(1, maxConcurrentCourses)
    }

    /// What applying did.
    public struct Report: Sendable {
        /// Every action with its result, in plan order.
        public var actions: [ActionOutcome] = []
        /// Work Zoom's daily limits or an unresolved create held back.
        public var deferred: [DeferredOutcome] = []
        public var handedToImport: [ImportHandoff] = []
        public var diagnostics: [Diagnostic] = []
        /// Set when the run had to stop changing Zoom (authentication failed, state not writable).
        public var fatal: LocalizedText?
    }

    /// Applies `plan.stateUpdates`, then the actions.
    public func execute(_ plan: Plan) async -> Report {
        var report = Report()
        let control = ExecutionControl()
        if !plan.stateUpdates.isEmpty {
            let updates = plan.stateUpdates
            let unresolved = plan.unresolvedCreates
            do {
                try await journal.update { state in
                    for (number, course) in updates {
                        state.takePlanned(course, keepingPendingCreate: unresolved.contains(number))
                    }
                }
            } catch {
                report.fatal = error.message
                report.actions = plan.actions.map { ActionOutcome($0, result: .skipped, note: Self.stoppedNote) }
                return report
            }
        }

        // Courses in the order of their first action; each course's actions in plan order.
        var order: [CourseNumber] = []
        var byCourse: [CourseNumber: [(Int, PlannedAction)]] = [:]
        for (index, action) in plan.actions.enumerated() {
            if byCourse[action.course] == nil { order.append(action.course) }
            byCourse[action.course, default: []].append((index, action))
        }
        let jobs = order.map { CourseJob(course: $0, actions: byCourse[$0]!) }
        let executor = self
        let done = CourseCounter()
        let total = jobs.count
        let unresolved = plan.unresolvedCreates
        let results = await ZoomObserver.bounded(jobs, limit: maxConcurrentCourses) { job in
            var worker = CourseWorker(
                executor: executor, control: control, course: job.course,
                createUnresolved: unresolved.contains(job.course))
            let result = await worker.run(job.actions)
            executor.progress(await done.increment(), total)
            return result
        }
        // The outcomes back in plan order through 16-byte places, not by copying the outcomes
        // (456 bytes each) into an indexed list, a sorted copy and a mapped one: at L's 300,000
        // actions those copies were the first sync's memory peak (BENCHMARKS.md, "The first sync
        // at L").
        var places: [(index: Int, course: Int32, position: Int32)] = []
        for (course, result) in results.enumerated() {
            for (position, item) in result.outcomes.enumerated() {
                places.append((item.0, Int32(course), Int32(position)))
            }
            report.deferred += result.deferred
            report.handedToImport += result.handedToImport
            report.diagnostics += result.diagnostics
        }
        places.sort { $0.index < $1.index }
        report.actions.reserveCapacity(places.count)
        for place in places {
            report.actions.append(results[Int(place.course)].outcomes[Int(place.position)].1)
        }
        report.fatal = await control.fatal
        return report
    }

    static let stoppedNote = LocalizedText(
        de: "Nicht ausgeführt: der Lauf wurde abgebrochen.",
        en: "Not run: the run was stopped.")

    struct CourseJob: Sendable {
        var course: CourseNumber
        var actions: [(Int, PlannedAction)]
    }

    struct CourseResult: Sendable {
        var outcomes: [(Int, ActionOutcome)] = []
        var deferred: [DeferredOutcome] = []
        var handedToImport: [ImportHandoff] = []
        var diagnostics: [Diagnostic] = []
    }
}

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
    /// The desired meeting per course: what `lastSent` becomes once Zoom took a change.
    public var desiredMeetings: [CourseNumber: MeetingSpec]
    /// The desired registrants per course (for the bookings behind each address).
    public var desiredRegistrants: [CourseNumber: [DesiredRegistrant]]
    /// Meetings the observation found by agenda marker.
    public var adoptable: [CourseNumber: ZoomMeeting]
    /// Courses whose interrupted create could not be checked: never created again in this run.
    public var unresolvedPendingCreates: Set<CourseNumber>
    /// Told after each course is done: (courses done, courses in all). For a terminal's progress line.
    public var progress: @Sendable (Int, Int) -> Void = { _, _ in }

    public init(
        client: any ZoomClient, journal: StateJournal, clock: any WallClock, configuration: Configuration,
        maxConcurrentCourses: Int = 8, desiredMeetings: [CourseNumber: MeetingSpec] = [:],
        desiredRegistrants: [CourseNumber: [DesiredRegistrant]] = [:], adoptable: [CourseNumber: ZoomMeeting] = [:],
        unresolvedPendingCreates: Set<CourseNumber> = []
    ) {
        self.client = client
        self.journal = journal
        self.clock = clock
        self.configuration = configuration
        self.maxConcurrentCourses = max(1, maxConcurrentCourses)
        self.desiredMeetings = desiredMeetings
        self.desiredRegistrants = desiredRegistrants
        self.adoptable = adoptable
        self.unresolvedPendingCreates = unresolvedPendingCreates
    }

    /// Desired meetings and registrants of a desired state, keyed by course.
    public init(
        client: any ZoomClient, journal: StateJournal, clock: any WallClock, configuration: Configuration,
        desired: DesiredState, observed: ZoomObserver.Result?, maxConcurrentCourses: Int = 8
    ) {
        var meetings: [CourseNumber: MeetingSpec] = [:]
        var registrants: [CourseNumber: [DesiredRegistrant]] = [:]
        for course in desired.courses {
            if case .sync(let meeting, _, let list, _) = course.intent {
                meetings[course.number] = meeting
                registrants[course.number] = list
            }
        }
        self.init(
            client: client, journal: journal, clock: clock, configuration: configuration,
            maxConcurrentCourses: maxConcurrentCourses, desiredMeetings: meetings, desiredRegistrants: registrants,
            adoptable: observed?.observation.adoptable ?? [:],
            unresolvedPendingCreates: Set(observed?.unresolvedPendingCreates.keys.map { $0 } ?? []))
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
            let unresolved = unresolvedPendingCreates
            do {
                try await journal.update { state in
                    for (number, course) in updates {
                        var course = course
                        // An interrupted create that could not be checked stays recorded until it is resolved.
                        if unresolved.contains(number), course.meetingID == nil, course.pendingCreate == nil {
                            course.pendingCreate = state[course: number]?.pendingCreate
                        }
                        state[course: number] = course
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
        let results = await ZoomObserver.bounded(jobs, limit: maxConcurrentCourses) { job in
            var worker = CourseWorker(executor: executor, control: control, course: job.course)
            let result = await worker.run(job.actions)
            executor.progress(await done.increment(), total)
            return result
        }
        var indexed: [(Int, ActionOutcome)] = []
        for result in results {
            indexed += result.outcomes
            report.deferred += result.deferred
            report.handedToImport += result.handedToImport
            report.diagnostics += result.diagnostics
        }
        report.actions = indexed.sorted { $0.0 < $1.0 }.map(\.1)
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

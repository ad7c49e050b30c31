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

/// Counts finished courses for the progress line.
actor CourseCounter {
    private var value = 0
    func increment() -> Int {
        value += 1
        return value
    }
}

/// Shared by the course workers of one run: a stop for everyone, and hosts whose daily
/// create/update budget Zoom declared used up.
actor ExecutionControl {
    private(set) var fatal: LocalizedText?
    private var blockedHosts: [String: Date?] = [:]

    func stop(_ message: LocalizedText) { if fatal == nil { fatal = message } }
    var isStopped: Bool { fatal != nil }

    func block(host: String, until: Date?) { blockedHosts[host.lowercased()] = .some(until) }
    /// nil when not blocked; `.some(until)` when blocked.
    func blocked(host: String) -> Date?? { blockedHosts[host.lowercased()] }
}

/// Applies one course's actions in order.
struct CourseWorker {
    let executor: PlanExecutor
    let control: ExecutionControl
    let course: CourseNumber
    var result = PlanExecutor.CourseResult()
    /// The meeting as last read or created, for occurrence ids.
    var cached: ZoomMeeting?
    var cacheIsFresh = false
    /// Set when the course's create was deferred (dependent actions are deferred too).
    var createDeferredUntil: Date??
    var createFailed = false

    init(executor: PlanExecutor, control: ExecutionControl, course: CourseNumber) {
        self.executor = executor
        self.control = control
        self.course = course
    }

    var client: any ZoomClient { executor.client }
    var journal: StateJournal { executor.journal }
    var now: Date { executor.clock.now() }

    mutating func run(_ actions: [(Int, PlannedAction)]) async -> PlanExecutor.CourseResult {
        for (index, action) in actions {
            if await control.isStopped {
                result.outcomes.append((index, ActionOutcome(action, result: .skipped, note: PlanExecutor.stoppedNote)))
                continue
            }
            let outcome = await apply(action)
            result.outcomes.append((index, outcome))
            if outcome.result == .deferred {
                result.deferred.append(
                    DeferredOutcome(
                        course: action.course, booking: action.booking, action: outcome.action,
                        reason: outcome.note ?? action.reason, notBefore: outcome.notBefore,
                        fromPlan: false))
            }
        }
        return result
    }

    // MARK: - Dispatch

    mutating func apply(_ action: PlannedAction) async -> ActionOutcome {
        let context = CallContext(course: action.course, booking: action.booking)
        // The host's daily budget, when Zoom said it is used up.
        if action.kind.costsHostDailyWrite, let host = await host(for: action),
            let until = await control.blocked(host: host)
        {
            return ActionOutcome(
                action, result: .deferred, notBefore: until, note: Self.budgetNote(host: host, until: until))
        }
        switch action.kind {
        case .createMeeting(let host, let request):
            return await create(action, host: host, request: request, context: context)
        case .adoptMeeting(let id):
            return await adopt(action, id: id, context: context)
        case .forgetMeeting(let id):
            return await stateOnly(action) { state, course in
                guard var managed = state[course: course] else { return }
                if managed.meetingID == id {
                    managed.meetingID = nil
                    managed.lastSent = nil
                    managed.alternativeHosts = nil
                    managed.joinURL = nil
                    managed.registrationURL = nil
                    managed.goneSince = nil
                    managed.registrants = [:]
                }
                state[course: course] = managed
            }
        case .closeCourse:
            return await stateOnly(action) { state, course in state[course: course]?.phase = .closed }
        default:
            break
        }

        // Everything else concerns a meeting that must exist.
        guard let ref = Self.meetingRef(action.kind), let id = await resolve(ref) else {
            if let until = createDeferredUntil {
                return ActionOutcome(action, result: .deferred, notBefore: until, note: Self.waitsForCreate)
            }
            return ActionOutcome(action, result: .skipped, note: Self.noMeeting)
        }
        do {
            switch action.kind {
            case .updateMeeting(_, let request):
                try await client.updateMeeting(id: id, occurrenceID: nil, request, context: context)
                cacheIsFresh = false
                try await recordMeetingWrite(costsDaily: true, request: request)
                return ActionOutcome(action, result: .applied, meetingID: id)
            case .moveOccurrence(_, let start, let startTime, let duration):
                guard let occurrence = try await occurrenceID(meeting: id, start: start, context: context) else {
                    return ActionOutcome(action, result: .failed, meetingID: id, note: Self.occurrenceMissing(start))
                }
                let timezone =
                    executor.desiredMeetings[course]?.timezone ?? cached?.timezone ?? executor.configuration.timeZone
                let request = ZoomMeetingRequest(startTime: startTime, timezone: timezone, duration: duration)
                try await client.updateMeeting(id: id, occurrenceID: occurrence, request, context: context)
                cacheIsFresh = false
                try await recordMeetingWrite(costsDaily: true, request: nil)
                return ActionOutcome(action, result: .applied, meetingID: id)
            case .deleteOccurrence(_, let start):
                guard let occurrence = try await occurrenceID(meeting: id, start: start, context: context) else {
                    // Already gone: nothing to delete.
                    return ActionOutcome(
                        action, result: .applied, meetingID: id, note: Self.occurrenceAlreadyGone(start))
                }
                try await client.deleteMeeting(
                    id: id, occurrenceID: occurrence, notifyRegistrants: executor.configuration.notifyRegistrants,
                    context: context)
                if var meeting = cached, var occurrences = meeting.occurrences,
                    let at = occurrences.firstIndex(where: { $0.occurrenceID == occurrence })
                {
                    occurrences[at].status = "deleted"
                    meeting.occurrences = occurrences
                    cached = meeting
                }
                try await recordMeetingWrite(costsDaily: false, request: nil)
                return ActionOutcome(action, result: .applied, meetingID: id)
            case .deleteMeeting:
                var note: LocalizedText?
                do {
                    try await client.deleteMeeting(
                        id: id, occurrenceID: nil, notifyRegistrants: executor.configuration.notifyRegistrants,
                        context: context)
                } catch let error as ZoomError where error.isMeetingGone {
                    note = LocalizedText(
                        de: "Das Meeting war in Zoom bereits gelöscht.", en: "The meeting was already deleted in Zoom.")
                }
                try await update { state, course in
                    state[course: course]?.phase = .deleted
                    state[course: course]?.pendingCreate = nil
                }
                return ActionOutcome(action, result: .applied, meetingID: id, note: note)
            case .addRegistrant(_, let request):
                return try await addRegistrant(action, meeting: id, request: request, context: context)
            case .addRegistrants(let ref, let registrants):
                return try await addRegistrants(
                    action, ref: ref, meeting: id, registrants: registrants, context: context)
            case .approveRegistrant(_, let registrant):
                return try await approve(action, meeting: id, registrant: registrant, context: context)
            case .approveAdded(_, let registrants):
                return try await approveAdded(action, meeting: id, registrants: registrants, context: context)
            case .cancelRegistrant(_, let registrant):
                try await client.updateRegistrantStatus(
                    meetingID: id, action: .cancel, registrants: [registrant], context: context)
                let booking = action.booking
                try await update { state, course in
                    let key = registrant.email.lowercased()
                    if var managed = state[course: course]?.registrants[key] {
                        managed.status = .cancelled
                        if let id = registrant.id { managed.registrantID = id }
                        state[course: course]?.registrants[key] = managed
                    } else {
                        state[course: course]?.registrants[key] = ManagedRegistrant(
                            email: registrant.email, firstName: "", lastName: "", registrantID: registrant.id,
                            bookings: booking.map { [$0] } ?? [], status: .cancelled)
                    }
                }
                return ActionOutcome(action, result: .applied, meetingID: id)
            case .refreshRegistrants:
                let approved = try await client.listRegistrants(meetingID: id, status: .approved, context: context)
                var byEmail: [String: ZoomRegistrant] = [:]
                for registrant in approved { byEmail[registrant.email.lowercased()] = registrant }
                let found = byEmail
                try await update { state, course in
                    guard var managed = state[course: course] else { return }
                    for (key, var registrant) in managed.registrants {
                        guard let zoom = found[key] else { continue }
                        registrant.registrantID = zoom.id
                        if let url = zoom.joinURL { registrant.joinURL = url }
                        managed.registrants[key] = registrant
                    }
                    state[course: course] = managed
                }
                return ActionOutcome(action, result: .applied, meetingID: id)
            default:
                return ActionOutcome(action, result: .skipped)
            }
        } catch let error as ZoomError {
            return await failure(action, error: error, meeting: id)
        } catch let error as StateStoreError {
            await control.stop(error.message)
            return ActionOutcome(action, result: .failed, meetingID: id, note: error.message)
        } catch {
            return ActionOutcome(
                action, result: .failed, meetingID: id,
                note: LocalizedText(de: "Unerwarteter Fehler: \(error)", en: "Unexpected error: \(error)"))
        }
    }

    /// Maps a Zoom error of a non-create action to its outcome (deferred, failed, stop).
    mutating func failure(_ action: PlannedAction, error: ZoomError, meeting: ZoomMeetingID?) async -> ActionOutcome {
        switch error {
        case .dailyLimit(let until, _, _):
            if action.kind.costsHostDailyWrite, let host = await host(for: action) {
                await control.block(host: host, until: until)
                return ActionOutcome(
                    action, result: .deferred, error: error, meetingID: meeting, notBefore: until,
                    note: Self.budgetNote(host: host, until: until))
            }
            return ActionOutcome(
                action, result: .deferred, error: error, meetingID: meeting, notBefore: until,
                note: LocalizedText(
                    de: "Zoom-Tageslimit erreicht; wird im nächsten Lauf nachgeholt.",
                    en: "Zoom's daily limit reached; done by a later run."))
        case .authenticationFailed:
            await control.stop(Self.authenticationNote(error))
            return ActionOutcome(action, result: .failed, error: error, meetingID: meeting)
        default:
            return ActionOutcome(action, result: .failed, error: error, meetingID: meeting)
        }
    }

    // MARK: - Meeting create and adopt

    mutating func create(_ action: PlannedAction, host: String, request: ZoomMeetingRequest, context: CallContext) async
        -> ActionOutcome
    {
        if executor.unresolvedPendingCreates.contains(course) {
            createDeferredUntil = .some(nil)
            return ActionOutcome(
                action, result: .deferred,
                note: LocalizedText(
                    de: "Ein früherer Lauf wurde beim Anlegen unterbrochen und Zoom konnte nicht geprüft werden; "
                        + "das Meeting wird erst angelegt, wenn feststeht, dass es nicht schon existiert.",
                    en: "An earlier run was interrupted while creating the meeting and Zoom could not be checked; "
                        + "the meeting is created only once it is certain that it does not exist yet."))
        }
        if let until = await control.blocked(host: host) {
            createDeferredUntil = .some(until)
            return ActionOutcome(
                action, result: .deferred, notBefore: until, note: Self.budgetNote(host: host, until: until))
        }
        let marker = ZoomObserver.marker(fromAgenda: request.agenda, course: course)
        let recordedAt = now
        do {
            // The intent first: a kill after Zoom answered is resolved by the marker next time.
            try await update { state, course in
                var managed = state[course: course] ?? ManagedCourse(number: course, host: host.lowercased())
                managed.pendingCreate = PendingCreate(marker: marker, host: host.lowercased(), recordedAt: recordedAt)
                state[course: course] = managed
            }
        } catch {
            await control.stop(error.message)
            return ActionOutcome(action, result: .failed, note: error.message)
        }
        do {
            let meeting = try await client.createMeeting(host: host, request, context: context)
            try await recordCreated(meeting, request: request)
            return ActionOutcome(action, result: .applied, meetingID: meeting.id)
        } catch let error as ZoomError {
            switch error {
            case .outcomeUnknown, .unavailable, .invalidResponse:
                // Zoom may have created it: look for the marker before anything else.
                return await resolveUnknownCreate(
                    action, host: host, marker: marker, request: request, error: error, context: context)
            case .dailyLimit(let until, _, _):
                await clearIntent()
                await control.block(host: host, until: until)
                createDeferredUntil = .some(until)
                return ActionOutcome(
                    action, result: .deferred, error: error, notBefore: until,
                    note: Self.budgetNote(host: host, until: until))
            case .authenticationFailed:
                await clearIntent()
                createFailed = true
                await control.stop(Self.authenticationNote(error))
                return ActionOutcome(action, result: .failed, error: error)
            default:
                await clearIntent()
                createFailed = true
                return ActionOutcome(action, result: .failed, error: error)
            }
        } catch let error as StateStoreError {
            await control.stop(error.message)
            return ActionOutcome(action, result: .failed, note: error.message)
        } catch {
            return ActionOutcome(
                action, result: .failed,
                note: LocalizedText(de: "Unerwarteter Fehler: \(error)", en: "Unexpected error: \(error)"))
        }
    }

    mutating func resolveUnknownCreate(
        _ action: PlannedAction, host: String, marker: String, request: ZoomMeetingRequest,
        error: ZoomError, context: CallContext
    ) async -> ActionOutcome {
        do {
            let summaries = try await client.listMeetings(host: host, context: context)
            let matches = ZoomObserver.matching(summaries, marker: marker)
            if let oldest = matches.first {
                let meeting = try await client.getMeeting(id: oldest.id, context: context)
                try await recordCreated(meeting, request: request)
                if matches.count > 1 {
                    result.diagnostics.append(
                        ZoomObserver.duplicateDiagnostic(
                            course: course, marker: marker, kept: oldest.id,
                            others: matches.dropFirst().map(\.id)))
                }
                return ActionOutcome(
                    action, result: .applied, error: error, meetingID: meeting.id,
                    note: LocalizedText(
                        de:
                            "Zoom hat nicht eindeutig geantwortet; das angelegte Meeting wurde an seiner Markierung \(marker) erkannt.",
                        en: "Zoom's answer was lost; the created meeting was found by its marker \(marker)."))
            }
            if case .outcomeUnknown = error {
                // Not listed (yet): keep the intent, the next run looks again before creating.
                createDeferredUntil = .some(nil)
                return ActionOutcome(
                    action, result: .deferred, error: error,
                    note: LocalizedText(
                        de:
                            "Ob Zoom das Meeting angelegt hat, ist unklar; der nächste Lauf sucht es an der Markierung \(marker), bevor er es neu anlegt.",
                        en:
                            "Whether Zoom created the meeting is unknown; the next run looks for the marker \(marker) before creating it again."
                    ))
            }
            await clearIntent()
            createFailed = true
            return ActionOutcome(action, result: .failed, error: error)
        } catch let listError as ZoomError {
            if case .authenticationFailed = listError { await control.stop(Self.authenticationNote(listError)) }
            createDeferredUntil = .some(nil)
            return ActionOutcome(
                action, result: .deferred, error: error,
                note: LocalizedText(
                    de:
                        "Ob Zoom das Meeting angelegt hat, ist unklar und konnte nicht geprüft werden (\(ZoomErrorReport(listError).message)); "
                        + "der nächste Lauf klärt es an der Markierung \(marker).",
                    en:
                        "Whether Zoom created the meeting is unknown and could not be checked (\(ZoomErrorReport(listError).message)); "
                        + "the next run resolves it by the marker \(marker)."))
        } catch let stateError as StateStoreError {
            await control.stop(stateError.message)
            return ActionOutcome(action, result: .failed, note: stateError.message)
        } catch {
            createDeferredUntil = .some(nil)
            return ActionOutcome(
                action, result: .deferred, error: .invalidResponse(method: "GET", path: "", reason: "\(error)"))
        }
    }

    mutating func recordCreated(_ meeting: ZoomMeeting, request: ZoomMeetingRequest) async throws(StateStoreError) {
        let spec = executor.desiredMeetings[course] ?? Self.spec(from: request, merging: nil)
        let option = executor.configuration.alternativeHosts
        let host = await journal.read { [course] in $0[course: course]?.host }
        let today = DailyWriteLedgerCounting.utcDay(now)
        try await update { state, course in
            guard var managed = state[course: course] else { return }
            managed.meetingID = meeting.id
            managed.joinURL = meeting.joinURL
            managed.registrationURL = meeting.registrationURL
            managed.pendingCreate = nil
            managed.goneSince = nil
            managed.phase = .active
            managed.lastSent = spec
            AlternativeHosts.recordSent(request, into: &managed, isCreate: true, option: option)
            state[course: course] = managed
            if let host { DailyWriteLedgerCounting.count(&state, host: host, day: today) }
        }
        if let host { await client.noteHost(host, forMeeting: meeting.id) }
        cached = meeting
        cacheIsFresh = meeting.occurrences != nil
    }

    mutating func adopt(_ action: PlannedAction, id: ZoomMeetingID, context: CallContext) async -> ActionOutcome {
        do {
            let meeting: ZoomMeeting
            if let known = executor.adoptable[course], known.id == id {
                meeting = known
            } else {
                meeting = try await client.getMeeting(id: id, context: context)
            }
            try await update { state, course in
                guard var managed = state[course: course] else { return }
                managed.meetingID = meeting.id
                managed.joinURL = meeting.joinURL ?? managed.joinURL
                managed.registrationURL = meeting.registrationURL ?? managed.registrationURL
                managed.pendingCreate = nil
                managed.goneSince = nil
                state[course: course] = managed
            }
            cached = meeting
            cacheIsFresh = meeting.occurrences != nil
            return ActionOutcome(action, result: .applied, meetingID: id)
        } catch let error as ZoomError {
            return await failure(action, error: error, meeting: id)
        } catch let error as StateStoreError {
            await control.stop(error.message)
            return ActionOutcome(action, result: .failed, meetingID: id, note: error.message)
        } catch {
            return ActionOutcome(action, result: .failed, meetingID: id)
        }
    }

    mutating func clearIntent() async {
        do {
            try await update { state, course in state[course: course]?.pendingCreate = nil }
        } catch {
            await control.stop(error.message)
        }
    }

    // MARK: - Registrants

    mutating func addRegistrant(
        _ action: PlannedAction, meeting id: ZoomMeetingID, request: ZoomRegistrantRequest,
        context: CallContext
    ) async throws -> ActionOutcome {
        do {
            let created = try await client.addRegistrant(meetingID: id, request, context: context)
            // A webinar's add has no auto_approve: the person is pending until `approveAdded`.
            try await recordRegistrant(
                request: request, booking: action.booking, registrantID: created.registrantID,
                joinURL: created.joinURL, status: singleAddsStayPending ? .pending : .registered)
            return ActionOutcome(action, result: .applied, meetingID: id)
        } catch let error as ZoomError {
            guard case .api(let status, _, _, _) = error, (400..<500).contains(status), status != 429 else {
                throw error
            }
            // Refused: if Zoom lists the address as denied (cancelled earlier), bring it back once.
            let denied = try await client.listRegistrants(meetingID: id, status: .denied, context: context)
            guard let person = denied.first(where: { $0.email.lowercased() == request.email.lowercased() }) else {
                throw error
            }
            let reference = ZoomRegistrantReference(id: person.id, email: person.email)
            do {
                try await client.updateRegistrantStatus(
                    meetingID: id, action: .approve, registrants: [reference], context: context)
            } catch let approveError as ZoomError {
                if case .api = approveError {
                    try await handToImport(
                        action, meeting: id, email: request.email, firstName: request.firstName,
                        lastName: request.lastName ?? "", registrantID: person.id, error: approveError)
                    return ActionOutcome(
                        action, result: .failed, error: approveError, meetingID: id, note: Self.importNote)
                }
                throw approveError
            }
            try await recordRegistrant(
                request: request, booking: action.booking, registrantID: person.id, joinURL: person.joinURL,
                status: .registered)
            return ActionOutcome(
                action, result: .applied, error: error, meetingID: id,
                note: LocalizedText(
                    de: "Die Adresse stand in Zoom auf der Liste der Abgelehnten; sie wurde wieder zugelassen.",
                    en: "Zoom listed the address as denied; it was approved again."))
        }
    }

    /// A batch registration: one call per (at most) 30 people; every person Zoom answered is
    /// recorded in the state in one journal write right after the call. A person missing from
    /// the answer (Zoom did not take them: denied meanwhile, a daily limit) gets the single add,
    /// which brings a denied address back or hands it to the import file. When Zoom refuses
    /// batches for the meeting (its type changed in Zoom), everyone gets the single add.
    mutating func addRegistrants(
        _ action: PlannedAction, ref: MeetingRef, meeting id: ZoomMeetingID, registrants: [RegistrantAdd],
        context: CallContext
    ) async throws -> ActionOutcome {
        var answered: [ZoomBatchRegistrant] = []
        var batchRefused: ZoomError?
        do {
            answered = try await client.addRegistrants(
                meetingID: id, registrants.map(\.request), autoApprove: true,
                confirmationEmail: executor.configuration.notifyRegistrants, context: context)
        } catch let error as ZoomError {
            // 303 (meetings) / 300 (webinars): "only for scheduled meetings"; the others are the
            // meeting's problems (over, capacity, licence) and fail the whole batch.
            guard case .api(400, let code?, _, _) = error, code == 303 || code == 300 else { throw error }
            batchRefused = error
        }
        var byAddress: [String: ZoomBatchRegistrant] = [:]
        for entry in answered { byAddress[entry.email.lowercased()] = entry }
        let taken = registrants.compactMap { person in byAddress[person.request.email.lowercased()].map { (person, $0) }
        }
        if !taken.isEmpty {
            let records = taken.map { person, entry in
                (
                    request: person.request, bookings: bookings(for: person.request.email, booking: person.booking),
                    registrantID: entry.registrantID, joinURL: entry.joinURL
                )
            }
            try await update { state, course in
                for record in records {
                    let key = record.request.email.lowercased()
                    var registrant =
                        state[course: course]?.registrants[key]
                        ?? ManagedRegistrant(
                            email: record.request.email, firstName: record.request.firstName,
                            lastName: record.request.lastName ?? "", bookings: record.bookings, status: .registered)
                    registrant.email = record.request.email
                    if !record.request.firstName.isEmpty { registrant.firstName = record.request.firstName }
                    if let last = record.request.lastName, !last.isEmpty { registrant.lastName = last }
                    if !record.bookings.isEmpty { registrant.bookings = record.bookings }
                    registrant.status = .registered
                    registrant.registrantID = record.registrantID
                    if let url = record.joinURL { registrant.joinURL = url }
                    state[course: course]?.registrants[key] = registrant
                }
            }
        }
        // Everyone Zoom did not answer for: one add each.
        var failedBookings: [String] = []
        var firstError: ZoomErrorReport?
        var deferredUntil: Date??
        for person in registrants where byAddress[person.request.email.lowercased()] == nil {
            let single = PlannedAction(
                course: action.course, booking: person.booking, email: person.request.email,
                kind: .addRegistrant(ref, request: person.request), reason: action.reason)
            let outcome: ActionOutcome
            do {
                outcome = try await addRegistrant(single, meeting: id, request: person.request, context: context)
            } catch let error as ZoomError {
                outcome = await failure(single, error: error, meeting: id)
            }
            if outcome.result == .deferred, deferredUntil == nil { deferredUntil = .some(outcome.notBefore) }
            if outcome.result != .applied {
                failedBookings.append(person.booking ?? person.request.email)
                firstError = firstError ?? outcome.error
            }
        }
        // Webinar people added one by one here stay pending: approved together at once (a refused
        // approval leaves them pending for the next run, which approves them).
        if singleAddsStayPending {
            let fallback = registrants.filter { byAddress[$0.request.email.lowercased()] == nil }
            if !fallback.isEmpty {
                let approval = PlannedAction(
                    course: action.course, booking: fallback[0].booking, email: nil,
                    kind: .approveAdded(ref, registrants: fallback.map { .init(id: nil, email: $0.request.email) }),
                    reason: action.reason)
                let outcome: ActionOutcome
                do {
                    outcome = try await approveAdded(
                        approval, meeting: id, registrants: fallback.map { .init(id: nil, email: $0.request.email) },
                        context: context)
                } catch let error as ZoomError {
                    outcome = await failure(approval, error: error, meeting: id)
                }
                if outcome.result == .failed || outcome.result == .deferred {
                    // Added but left pending: listed as not done, approved by the next run.
                    for person in fallback where !failedBookings.contains(person.booking ?? person.request.email) {
                        failedBookings.append(person.booking ?? person.request.email)
                    }
                    firstError = firstError ?? outcome.error
                }
            }
        }
        let note: LocalizedText? = batchRefused.map { error in
            LocalizedText(
                de:
                    "Zoom nimmt für dieses Meeting keine Sammelanmeldung an (\(ZoomErrorReport(error).message)); einzeln angemeldet.",
                en:
                    "Zoom takes no batch registration for this meeting (\(ZoomErrorReport(error).message)); registered one by one."
            )
        }
        guard !failedBookings.isEmpty else { return ActionOutcome(action, result: .applied, meetingID: id, note: note) }
        let done = registrants.count - failedBookings.count
        let (de, en) = (RunTexts(language: .de), RunTexts(language: .en))
        let list = failedBookings.joined(separator: ", ")
        let bookingsDE = failedBookings.count == 1 ? "Buchung" : "Buchungen"
        let bookingsEN = failedBookings.count == 1 ? "booking" : "bookings"
        var outcome = ActionOutcome(
            action, result: deferredUntil != nil && failedBookings.count == registrants.count ? .deferred : .failed,
            meetingID: id, notBefore: deferredUntil ?? nil,
            note: LocalizedText(
                de:
                    "\(done) von \(de.count(registrants.count, .person)) angemeldet; nicht angemeldet: \(bookingsDE) \(list).",
                en:
                    "\(done) of \(en.count(registrants.count, .person)) registered; not registered: \(bookingsEN) \(list)."
            ))
        outcome.error = firstError
        return outcome
    }

    mutating func approve(
        _ action: PlannedAction, meeting id: ZoomMeetingID, registrant: ZoomRegistrantReference,
        context: CallContext
    ) async throws -> ActionOutcome {
        do {
            try await client.updateRegistrantStatus(
                meetingID: id, action: .approve, registrants: [registrant], context: context)
        } catch let error as ZoomError {
            guard case .api = error else { throw error }
            let names = desiredNames(email: registrant.email)
            try await handToImport(
                action, meeting: id, email: registrant.email, firstName: names.first, lastName: names.last,
                registrantID: registrant.id, error: error)
            return ActionOutcome(action, result: .failed, error: error, meetingID: id, note: Self.importNote)
        }
        let names = desiredNames(email: registrant.email)
        let request = ZoomRegistrantRequest(email: registrant.email, firstName: names.first, lastName: names.last)
        try await recordRegistrant(
            request: request, booking: action.booking, registrantID: registrant.id, joinURL: nil, status: .registered)
        return ActionOutcome(action, result: .applied, meetingID: id)
    }

    func desiredNames(email: String) -> (first: String, last: String) {
        let key = email.lowercased()
        if let desired = executor.desiredRegistrants[course]?.first(where: { $0.key == key }) {
            return (desired.firstName, desired.lastName)
        }
        return ("", "")
    }

    mutating func handToImport(
        _ action: PlannedAction, meeting id: ZoomMeetingID, email: String, firstName: String, lastName: String,
        registrantID: String?, error: ZoomError
    ) async throws(StateStoreError) {
        let bookings = bookings(for: email, booking: action.booking)
        try await update { state, course in
            let key = email.lowercased()
            var registrant =
                state[course: course]?.registrants[key]
                ?? ManagedRegistrant(
                    email: email, firstName: firstName, lastName: lastName, bookings: bookings, status: .handedToImport)
            registrant.status = .handedToImport
            registrant.bookings = Array(Set(registrant.bookings + bookings)).sorted()
            if let registrantID { registrant.registrantID = registrantID }
            if registrant.firstName.isEmpty { registrant.firstName = firstName }
            if registrant.lastName.isEmpty { registrant.lastName = lastName }
            state[course: course]?.registrants[key] = registrant
        }
        let webinar = executor.configuration.kind == .webinar
        result.handedToImport.append(
            ImportHandoff(
                course: course, meetingID: id, email: email, firstName: firstName, lastName: lastName,
                bookings: bookings,
                why: LocalizedText(
                    de: "Zoom nimmt die zuvor stornierte Adresse nicht wieder auf (\(ZoomErrorReport(error).message)). "
                        + "Die Person über „Import from CSV“ in der Registrierung des \(webinar ? "Webinars" : "Meetings") \(id) in Zoom importieren.",
                    en: "Zoom does not take the previously cancelled address back (\(ZoomErrorReport(error).message)). "
                        + "Import the person with \"Import from CSV\" in the registration of \(webinar ? "webinar" : "meeting") \(id) in Zoom."
                ),
                error: ZoomErrorReport(error)))
    }

    func bookings(for email: String, booking: String?) -> [String] {
        let key = email.lowercased()
        var list = executor.desiredRegistrants[course]?.first(where: { $0.key == key })?.bookings ?? []
        if let booking, !list.contains(booking) { list.append(booking) }
        return list.sorted()
    }

    mutating func recordRegistrant(
        request: ZoomRegistrantRequest, booking: String?, registrantID: String?, joinURL: String?,
        status: ManagedRegistrant.Status
    ) async throws(StateStoreError) {
        let bookings = bookings(for: request.email, booking: booking)
        try await update { state, course in
            let key = request.email.lowercased()
            var registrant =
                state[course: course]?.registrants[key]
                ?? ManagedRegistrant(
                    email: request.email, firstName: request.firstName, lastName: request.lastName ?? "",
                    bookings: bookings, status: status)
            registrant.email = request.email
            if !request.firstName.isEmpty { registrant.firstName = request.firstName }
            if let last = request.lastName, !last.isEmpty { registrant.lastName = last }
            registrant.bookings = bookings.isEmpty ? registrant.bookings : bookings
            registrant.status = status
            if let registrantID { registrant.registrantID = registrantID }
            if let joinURL { registrant.joinURL = joinURL }
            state[course: course]?.registrants[key] = registrant
        }
    }

    // MARK: - Helpers

    func update(_ change: @escaping @Sendable (inout SyncState, CourseNumber) -> Void) async throws(StateStoreError) {
        let course = self.course
        // Journals only this course's changes (and the daily ledger), not a diff of the whole state.
        try await journal.update(course: course) { state in change(&state, course) }
    }

    mutating func stateOnly(
        _ action: PlannedAction, _ change: @escaping @Sendable (inout SyncState, CourseNumber) -> Void
    ) async -> ActionOutcome {
        do {
            try await update(change)
            return ActionOutcome(action, result: .applied)
        } catch {
            await control.stop(error.message)
            return ActionOutcome(action, result: .failed, note: error.message)
        }
    }

    /// After a successful PATCH / occurrence change: count the write and record what Zoom now holds.
    mutating func recordMeetingWrite(costsDaily: Bool, request: ZoomMeetingRequest?) async throws(StateStoreError) {
        let desired = executor.desiredMeetings[course]
        let today = DailyWriteLedgerCounting.utcDay(now)
        try await update { state, course in
            guard var managed = state[course: course] else { return }
            if let desired {
                managed.lastSent = desired
            } else if let request {
                managed.lastSent = Self.spec(from: request, merging: managed.lastSent)
            }
            AlternativeHosts.recordSent(request, into: &managed, isCreate: false, option: .none)
            state[course: course] = managed
            if costsDaily { DailyWriteLedgerCounting.count(&state, host: managed.host, day: today) }
        }
    }

    func host(for action: PlannedAction) async -> String? {
        if case .createMeeting(let host, _) = action.kind { return host.lowercased() }
        return await journal.read { [course] in $0[course: course]?.host.lowercased() }
    }

    func resolve(_ ref: MeetingRef) async -> ZoomMeetingID? {
        switch ref {
        case .existing(let id): return id
        case .created(let number): return await journal.read { $0[course: number]?.meetingID }
        }
    }

    /// Zoom's occurrence id for the occurrence that starts at `start` (read fresh when not known).
    mutating func occurrenceID(meeting id: ZoomMeetingID, start: Date, context: CallContext) async throws -> String? {
        func find(_ meeting: ZoomMeeting?) -> String? {
            meeting?.occurrences?.first { $0.isAvailable && abs($0.startTime.timeIntervalSince(start)) < 1 }?
                .occurrenceID
        }
        if cached?.id == id, let found = find(cached) { return found }
        if cached?.id == id, cacheIsFresh { return nil }
        cached = try await client.getMeeting(id: id, context: context)
        cacheIsFresh = true
        return find(cached)
    }

    static func meetingRef(_ kind: ActionKind) -> MeetingRef? {
        switch kind {
        case .updateMeeting(let ref, _), .moveOccurrence(let ref, _, _, _), .deleteOccurrence(let ref, _),
            .addRegistrant(let ref, _), .addRegistrants(let ref, _), .approveRegistrant(let ref, _),
            .approveAdded(let ref, _), .cancelRegistrant(let ref, _), .refreshRegistrants(let ref):
            return ref
        case .deleteMeeting(let id), .adoptMeeting(let id), .forgetMeeting(let id):
            return .existing(id)
        case .createMeeting, .closeCourse:
            return nil
        }
    }

    static func spec(from request: ZoomMeetingRequest, merging old: MeetingSpec?) -> MeetingSpec {
        MeetingSpec(
            topic: request.topic ?? old?.topic ?? "", agenda: request.agenda ?? old?.agenda ?? "",
            type: request.type ?? old?.type ?? 2, startTime: request.startTime ?? old?.startTime ?? "",
            timezone: request.timezone ?? old?.timezone ?? "", duration: request.duration ?? old?.duration ?? 0,
            recurrence: request.recurrence ?? old?.recurrence, sessions: old?.sessions ?? [],
            settings: Self.specSettings(request.settings) ?? old?.settings ?? ZoomMeetingSettings())
    }

    /// A request's settings as a spec keeps them: without the alternative hosts (kept apart).
    static func specSettings(_ settings: ZoomMeetingSettings?) -> ZoomMeetingSettings? {
        guard var settings else { return nil }
        settings.alternativeHosts = nil
        return settings
    }

    static func budgetNote(host: String, until: Date?) -> LocalizedText {
        let when = until.map { ISO8601DateFormatter().string(from: $0) }
        return LocalizedText(
            de: "Zoom erlaubt pro Moderator 100 Anlagen/Änderungen am Tag; für \(host) ist das Limit erreicht"
                + (when.map { " (bis \($0))" } ?? "") + ". Wird im nächsten Lauf nachgeholt.",
            en: "Zoom allows 100 creates/updates per host a day; \(host) has reached it"
                + (when.map { " (until \($0))" } ?? "") + ". Done by a later run.")
    }

    static func authenticationNote(_ error: ZoomError) -> LocalizedText {
        LocalizedText(
            de:
                "Die Anmeldung bei Zoom ist fehlgeschlagen (\(ZoomErrorReport(error).message)). ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID und "
                + "das Client-Secret der Server-to-Server-OAuth-App prüfen. Es wurde nichts weiter geändert.",
            en:
                "Zoom authentication failed (\(ZoomErrorReport(error).message)). Check ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and the "
                + "client secret of the Server-to-Server OAuth app. Nothing more was changed.")
    }

    static let importNote = LocalizedText(
        de: "Zoom nimmt die Person nicht wieder auf: sie steht in der Zoom-Import-CSV des Kurses.",
        en: "Zoom does not take the person back: they are in the course's Zoom import CSV.")
    static let waitsForCreate = LocalizedText(
        de: "Wartet auf das Anlegen des Meetings (zurückgestellt).",
        en: "Waits for the meeting to be created (deferred).")
    static let noMeeting = LocalizedText(
        de: "Nicht ausgeführt: das Meeting des Kurses existiert nicht (Anlegen fehlgeschlagen).",
        en: "Not run: the course's meeting does not exist (create failed).")

    static func occurrenceMissing(_ start: Date) -> LocalizedText {
        let when = ISO8601DateFormatter().string(from: start)
        return LocalizedText(
            de: "Zoom hat keinen Termin, der \(when) beginnt.", en: "Zoom has no occurrence starting at \(when).")
    }

    static func occurrenceAlreadyGone(_ start: Date) -> LocalizedText {
        let when = ISO8601DateFormatter().string(from: start)
        return LocalizedText(
            de: "Der Termin \(when) war in Zoom schon gelöscht.",
            en: "The occurrence at \(when) was already deleted in Zoom.")
    }
}

/// Counting creates + updates per host and UTC day in the state file.
enum DailyWriteLedgerCounting {
    static func utcDay(_ date: Date) -> CalendarDay { CalendarDay(date, in: TimeZone(identifier: "UTC")!) }

    static func count(_ state: inout SyncState, host: String, day: CalendarDay) {
        var ledger = state.dailyWrites ?? DailyWriteLedger(day: day)
        if ledger.day != day { ledger = DailyWriteLedger(day: day) }
        ledger.perHost[host.lowercased(), default: 0] += 1
        state.dailyWrites = ledger
    }
}

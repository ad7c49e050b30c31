import Foundation

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
    /// The course's interrupted create could not be checked (`Plan.unresolvedCreates`).
    let createUnresolved: Bool

    init(executor: PlanExecutor, control: ExecutionControl, course: CourseNumber, createUnresolved: Bool = false) {
        self.executor = executor
        self.control = control
        self.course = course
        self.createUnresolved = createUnresolved
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
            return await stateOnly(action) { state, course in state.forgetMeeting(course: course, id: id) }
        case .closeCourse:
            return await stateOnly(action) { state, course in state.close(course: course) }
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
                try await recordMeetingWrite(action, costsDaily: true, request: request)
                return ActionOutcome(action, result: .applied, meetingID: id)
            case .moveOccurrence(_, let start, let startTime, let duration):
                guard let occurrence = try await occurrenceID(meeting: id, start: start, context: context) else {
                    return ActionOutcome(action, result: .failed, meetingID: id, note: Self.occurrenceMissing(start))
                }
                let timezone = action.sentSpec?.timezone ?? cached?.timezone ?? executor.configuration.timeZone
                let request = MeetingChange(startTime: startTime, timezone: timezone, duration: duration)
                try await client.updateMeeting(id: id, occurrenceID: occurrence, request, context: context)
                cacheIsFresh = false
                try await recordMeetingWrite(action, costsDaily: true, request: nil)
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
                try await recordMeetingWrite(action, costsDaily: false, request: nil)
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
                try await update { state, course in state.recordDeleted(course: course) }
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
                    state.recordCancelled(course: course, registrant: registrant, booking: booking)
                }
                return ActionOutcome(action, result: .applied, meetingID: id)
            case .refreshRegistrants:
                let approved = try await client.listRegistrants(meetingID: id, status: .approved, context: context)
                var byEmail: [String: ZoomRegistrant] = [:]
                for registrant in approved { byEmail[registrant.email.lowercased()] = registrant }
                let found = byEmail
                try await update { state, course in state.recordJoinLinks(course: course, approved: found) }
                return ActionOutcome(action, result: .applied, meetingID: id)
            default:
                return ActionOutcome(action, result: .skipped)
            }
        } catch {
            return await outcome(action, thrown: error, meeting: id)
        }
    }

    /// The outcome of an action whose Zoom call or state write threw: Zoom's error by `failure`'s
    /// rules; a state file that cannot be written stops the run (nothing more may go to Zoom that
    /// the state could not record); anything else fails the action alone.
    mutating func outcome(_ action: PlannedAction, thrown error: any Error, meeting id: ZoomMeetingID?) async
        -> ActionOutcome
    {
        switch error {
        case let error as ZoomError:
            return await failure(action, error: error, meeting: id)
        case let error as StateStoreError:
            await control.stop(error.message)
            return ActionOutcome(action, result: .failed, meetingID: id, note: error.message)
        default:
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
}

extension CourseWorker {
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
    mutating func recordMeetingWrite(_ action: PlannedAction, costsDaily: Bool, request: MeetingChange?)
        async throws(StateStoreError)
    {
        let spec = action.sentSpec
        let today = DailyWriteLedgerCounting.utcDay(now)
        try await update { state, course in
            state.recordMeetingWrite(course: course, spec: spec, request: request, countsDaily: costsDaily, day: today)
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

import Foundation

extension CourseWorker {
    // MARK: - Meeting create and adopt

    mutating func create(_ action: PlannedAction, host: String, request: MeetingChange, context: CallContext) async
        -> ActionOutcome
    {
        if createUnresolved {
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
                state.recordCreateIntent(course: course, host: host, marker: marker, at: recordedAt)
            }
        } catch {
            await control.stop(error.message)
            return ActionOutcome(action, result: .failed, note: error.message)
        }
        do {
            let meeting = try await client.createMeeting(host: host, request, context: context)
            try await recordCreated(action, meeting: meeting, request: request)
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
        } catch {
            return await outcome(action, thrown: error, meeting: nil)
        }
    }

    mutating func resolveUnknownCreate(
        _ action: PlannedAction, host: String, marker: String, request: MeetingChange,
        error: ZoomError, context: CallContext
    ) async -> ActionOutcome {
        do {
            let summaries = try await client.listMeetings(host: host, context: context)
            let matches = ZoomObserver.matching(summaries, marker: marker)
            if let oldest = matches.first {
                let meeting = try await client.getMeeting(id: oldest.id, context: context)
                try await recordCreated(action, meeting: meeting, request: request)
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

    mutating func recordCreated(_ action: PlannedAction, meeting: ZoomMeeting, request: MeetingChange)
        async throws(StateStoreError)
    {
        let spec = action.sentSpec ?? MeetingSpec(sent: request, merging: nil)
        let option = executor.configuration.alternativeHosts
        let host = await journal.read { [course] in $0[course: course]?.host }
        let today = DailyWriteLedgerCounting.utcDay(now)
        try await update { state, course in
            state.recordCreated(
                course: course, meeting: meeting, spec: spec, request: request, alternativeHosts: option, host: host,
                day: today)
        }
        if let host { await client.noteHost(host, forMeeting: meeting.id) }
        cached = meeting
        cacheIsFresh = meeting.occurrences != nil
    }

    mutating func adopt(_ action: PlannedAction, id: ZoomMeetingID, context: CallContext) async -> ActionOutcome {
        do {
            let meeting: ZoomMeeting
            if case .adopted(let known)? = action.record, known.id == id {
                meeting = known
            } else {
                meeting = try await client.getMeeting(id: id, context: context)
            }
            try await update { state, course in state.recordAdopted(course: course, meeting: meeting) }
            cached = meeting
            cacheIsFresh = meeting.occurrences != nil
            return ActionOutcome(action, result: .applied, meetingID: id)
        } catch {
            return await outcome(action, thrown: error, meeting: id)
        }
    }

    mutating func clearIntent() async {
        do {
            try await update { state, course in state.clearCreateIntent(course: course) }
        } catch {
            await control.stop(error.message)
        }
    }
}

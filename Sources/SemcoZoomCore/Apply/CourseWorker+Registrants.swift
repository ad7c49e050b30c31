import Foundation

extension CourseWorker {
    // MARK: - Registrants

    mutating func addRegistrant(
        _ action: PlannedAction, meeting id: ZoomMeetingID, request: ZoomRegistrantRequest,
        context: CallContext
    ) async throws -> ActionOutcome {
        do {
            let created = try await client.addRegistrant(meetingID: id, request, context: context)
            // A webinar's add has no auto_approve: the person is pending until `approveAdded`.
            try await recordRegistrant(
                action, request: request, registrantID: created.registrantID,
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
                if approveError.isRefusal {
                    try await handToImport(
                        action, meeting: id, email: request.email, firstName: request.firstName,
                        lastName: request.lastName ?? "", registrantID: person.id, error: approveError)
                    return ActionOutcome(
                        action, result: .failed, error: approveError, meetingID: id, note: Self.importNote)
                }
                throw approveError
            }
            try await recordRegistrant(
                action, request: request, registrantID: person.id, joinURL: person.joinURL,
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
                SyncState.BatchRegistered(
                    request: person.request,
                    bookings: action.bookings(of: person.request.email, booking: person.booking),
                    registrantID: entry.registrantID, joinURL: entry.joinURL)
            }
            try await update { state, course in state.recordBatchRegistered(course: course, records) }
        }
        // Everyone Zoom did not answer for: one add each.
        var failedBookings: [String] = []
        var firstError: ZoomErrorReport?
        var deferredUntil: Date??
        for person in registrants where byAddress[person.request.email.lowercased()] == nil {
            let single = PlannedAction(
                course: action.course, booking: person.booking, email: person.request.email,
                kind: .addRegistrant(ref, request: person.request), reason: action.reason, record: action.record)
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
                    reason: action.reason, record: action.record)
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
            // Only Zoom's refusal of the person hands them to the import; a token, a rate limit or
            // the network failing is this night's failure, and the next run approves again.
            guard error.isRefusal else { throw error }
            let names = action.names(of: registrant.email)
            try await handToImport(
                action, meeting: id, email: registrant.email, firstName: names.first, lastName: names.last,
                registrantID: registrant.id, error: error)
            return ActionOutcome(action, result: .failed, error: error, meetingID: id, note: Self.importNote)
        }
        let names = action.names(of: registrant.email)
        let request = ZoomRegistrantRequest(email: registrant.email, firstName: names.first, lastName: names.last)
        try await recordRegistrant(
            action, request: request, registrantID: registrant.id, joinURL: nil, status: .registered)
        return ActionOutcome(action, result: .applied, meetingID: id)
    }

    mutating func handToImport(
        _ action: PlannedAction, meeting id: ZoomMeetingID, email: String, firstName: String, lastName: String,
        registrantID: String?, error: ZoomError
    ) async throws(StateStoreError) {
        let bookings = action.bookings(of: email, booking: action.booking)
        try await update { state, course in
            state.recordHandedToImport(
                course: course, email: email, firstName: firstName, lastName: lastName, bookings: bookings,
                registrantID: registrantID)
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

    mutating func recordRegistrant(
        _ action: PlannedAction, request: ZoomRegistrantRequest, registrantID: String?, joinURL: String?,
        status: ManagedRegistrant.Status
    ) async throws(StateStoreError) {
        let bookings = action.bookings(of: request.email, booking: action.booking)
        try await update { state, course in
            state.recordRegistrant(
                course: course, request: request, bookings: bookings, registrantID: registrantID, joinURL: joinURL,
                status: status)
        }
    }
}

extension PlannedAction {
    /// The person's names as SEMCO has them (empty when the action does not carry the person).
    func names(of email: String) -> (first: String, last: String) {
        guard let person = person(email) else { return ("", "") }
        return (person.firstName, person.lastName)
    }

    /// Every booking behind the person's address, with `booking` (the action's), sorted.
    func bookings(of email: String, booking: String?) -> [String] {
        var list = person(email)?.bookings ?? []
        if let booking, !list.contains(booking) { list.append(booking) }
        return list.sorted()
    }
}

import Foundation

extension CoursePlanner {
    /// Zoom's registrants by lower-case address; an active entry wins over a denied one.
    static func byAddress(_ registrants: [ZoomRegistrant]) -> [String: ZoomRegistrant] {
        var result: [String: ZoomRegistrant] = [:]
        for registrant in registrants {
            let key = TextCase.lowercased(registrant.email)
            if let existing = result[key], existing.status != .denied { continue }
            result[key] = registrant
        }
        return result
    }

    /// Adds people who are in neither Zoom's active nor its denied list: in batches of up to 30
    /// (`POST …/batch_registrants`) where Zoom takes them (a meeting or webinar on one day;
    /// at least two people; nobody with an organisation, which a batch cannot carry), one
    /// `POST …/registrants` each otherwise, in booking order.
    /// - Returns: the people added one by one whom Zoom leaves pending (webinars), for `addApprovals`.
    @discardableResult
    mutating func addRegistrantsInBatches(
        _ registrants: [DesiredRegistrant], ref: MeetingRef, kind: MeetingKind, isNewMeeting: Bool
    ) -> [(booking: String?, registrant: ZoomRegistrantReference)] {
        let batchable = kind.takesBatchRegistration ? registrants.filter { $0.org == nil } : []
        let batched = batchable.count >= 2 ? Set(batchable.map(\.key)) : []
        if !batched.isEmpty {
            var start = 0
            while start < batchable.count {
                let chunk = Array(
                    batchable[start..<min(start + ZoomBatchLimits.registrantsPerCall, batchable.count)])
                start += ZoomBatchLimits.registrantsPerCall
                add(
                    .addRegistrants(
                        ref, registrants: chunk.map { RegistrantAdd(booking: $0.bookings.first, request: $0.request) }),
                    PlanCatalogue.reasonAddRegistrants(count: chunk.count, isNewMeeting: isNewMeeting),
                    booking: chunk.first?.bookings.first, email: nil, people: chunk)
            }
        }
        var pending: [(booking: String?, registrant: ZoomRegistrantReference)] = []
        for registrant in registrants where !batched.contains(registrant.key) {
            add(
                .addRegistrant(ref, request: registrant.request),
                PlanCatalogue.reasonAddRegistrant(registrant.bookings, isNewMeeting: isNewMeeting),
                booking: registrant.bookings.first, email: registrant.email, people: [registrant])
            if singleAddsStayPending {
                pending.append((registrant.bookings.first, ZoomRegistrantReference(id: nil, email: registrant.email)))
            }
        }
        return pending
    }

    // MARK: - Registrants of an existing meeting

    /// - Parameter known: the state's registrants as corrected by what Zoom lists
    ///   (`ObservedRegistrants`); the reasons and warnings still speak of what the state recorded.
    mutating func planRegistrants(
        ref: MeetingRef, zoomRegistrants: [ZoomRegistrant], known: [String: ManagedRegistrant],
        registrants: [DesiredRegistrant], cancelled: Set<String>, batchKind: MeetingKind? = nil
    ) {
        let inZoom = Self.byAddress(zoomRegistrants)
        // New people of a meeting that takes batch registration are added together after the loop.
        let collectNew = batchKind?.takesBatchRegistration ?? false
        var newPeople: [DesiredRegistrant] = []
        let recorded = managed?.registrants ?? [:]
        let desiredKeys = Set(registrants.map(\.key))
        var changed = false
        var approvals: [(booking: String?, registrant: ZoomRegistrantReference)] = []

        for registrant in registrants {
            let zoomEntry = inZoom[registrant.key]
            let stateEntry = recorded[registrant.key]
            if stateEntry?.status == .handedToImport, zoomEntry?.status != .approved, zoomEntry?.status != .pending {
                continue
            }
            switch zoomEntry?.status {
            case .approved?:
                continue
            case .pending?:
                // Booked but not approved in Zoom (an approval a killed run never made, or a hand-made
                // registration through the public link): approved with the others after the adds.
                approvals.append(
                    (
                        registrant.bookings.first,
                        ZoomRegistrantReference(id: zoomEntry!.id, email: zoomEntry!.email)
                    ))
            case .denied?:
                let reason =
                    stateEntry?.status == .cancelled
                    ? PlanCatalogue.reasonApproveRebooked(registrant.bookings)
                    : PlanCatalogue.reasonApproveDeniedInZoom(registrant.bookings)
                if stateEntry?.status == .registered {
                    result.diagnostics.append(
                        PlanCatalogue.registrantDeniedInZoom(
                            number, booking: registrant.bookings.first, email: registrant.email))
                }
                add(
                    .approveRegistrant(
                        ref, registrant: ZoomRegistrantReference(id: zoomEntry!.id, email: zoomEntry!.email)), reason,
                    booking: registrant.bookings.first, email: registrant.email, people: [registrant])
            case nil:
                if stateEntry?.status == .registered, managed?.lastSent != nil {
                    result.diagnostics.append(
                        PlanCatalogue.registrantDeniedInZoom(
                            number, booking: registrant.bookings.first, email: registrant.email))
                }
                if collectNew {
                    newPeople.append(registrant)
                } else {
                    add(
                        .addRegistrant(ref, request: registrant.request),
                        PlanCatalogue.reasonAddRegistrant(registrant.bookings, isNewMeeting: false),
                        booking: registrant.bookings.first, email: registrant.email, people: [registrant])
                    if singleAddsStayPending {
                        approvals.append(
                            (registrant.bookings.first, ZoomRegistrantReference(id: nil, email: registrant.email)))
                    }
                }
            }
            changed = true
        }
        if let batchKind, !newPeople.isEmpty {
            approvals += addRegistrantsInBatches(newPeople, ref: ref, kind: batchKind, isNewMeeting: false)
        }
        addApprovals(approvals, ref: ref)

        // Cancel: a registrant semco-zoom registered whose every booking is cancelled or vanished
        // (in booking order).
        let leaving = known.filter { key, entry in
            entry.status != .cancelled && !desiredKeys.contains(key) && !entry.bookings.isEmpty
                && entry.bookings.allSatisfy(cancelled.contains)
        }
        for key in leaving.keys.sorted(by: { (leaving[$0]!.bookings[0], $0) < (leaving[$1]!.bookings[0], $1) }) {
            let entry = leaving[key]!
            guard let zoomEntry = inZoom[key], zoomEntry.status == .approved || zoomEntry.status == .pending else {
                continue
            }
            // A booking still active under another address: SEMCO changed the person's e-mail.
            let rebooked = registrants.first { $0.bookings.contains { entry.bookings.contains($0) } }
            let reason =
                rebooked != nil
                ? PlanCatalogue.reasonCancelOldAddress(entry.bookings)
                : PlanCatalogue.reasonCancelRegistrant(entry.bookings)
            add(
                .cancelRegistrant(ref, registrant: ZoomRegistrantReference(id: zoomEntry.id, email: zoomEntry.email)),
                reason, booking: entry.bookings.first, email: entry.email)
        }

        // Registered directly in Zoom: left alone, listed.
        let foreign =
            zoomRegistrants
            .filter {
                $0.status != .denied && known[TextCase.lowercased($0.email)] == nil
                    && !desiredKeys.contains(TextCase.lowercased($0.email))
            }
            .map {
                "\([$0.firstName, $0.lastName ?? ""].joined(separator: " ").trimmingCharacters(in: .whitespaces)) <\($0.email)>"
            }
            .sorted()
        if !foreign.isEmpty { result.diagnostics.append(PlanCatalogue.registrantsAddedInZoom(number, people: foreign)) }

        if changed { add(.refreshRegistrants(ref), PlanCatalogue.reasonRefresh) }
    }
}

extension DesiredRegistrant {
    /// The add body: e-mail, names, organisation, approved at once.
    public var request: ZoomRegistrantRequest {
        ZoomRegistrantRequest(email: email, firstName: firstName, lastName: lastName, org: org, autoApprove: true)
    }
}

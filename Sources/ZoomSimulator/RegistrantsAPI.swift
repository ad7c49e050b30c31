import Foundation

/// Meeting and webinar registrants: add, list, status changes.
extension SimulatorEngine {
    func registrantJSON(_ registrant: StoredRegistrant) -> JSONValue {
        var object: [String: JSONValue] = [:]
        if let extra = registrant.extraJSON, let parsed = try? JSONValue.parse(extra), let members = parsed.objectValue
        {
            object = members
        }
        object["id"] = .string(registrant.id)
        object["email"] = .string(registrant.email)
        object["first_name"] = .string(registrant.firstName)
        if let last = registrant.lastName { object["last_name"] = .string(last) }
        object["status"] = .string(registrant.status)
        object["create_time"] = .string(ZoomTime.format(registrant.createTime))
        object["join_url"] = .string(registrant.joinURL)
        return .object(object)
    }

    /// A registrant's address and names from an add body, checked as Zoom checks them; a field
    /// that fails adds an error named `field` + its key (`registrants[2].` in a batch).
    func person(_ item: JSONValue, field: String, errors: inout [(String, String)])
        -> (email: String, firstName: String, lastName: String?)
    {
        let email = item["email"]?.stringValue?.trimmingCharacters(in: .whitespaces) ?? ""
        if email.isEmpty || email.count > 128 || !SimulatorEngine.looksLikeEmail(email) {
            errors.append((field + "email", email.isEmpty ? "email is required." : "Invalid email: \(email)."))
        }
        let firstName = item["first_name"]?.stringValue ?? ""
        if firstName.isEmpty || firstName.count > 64 {
            errors.append(
                (
                    field + "first_name",
                    firstName.isEmpty ? "first_name is required." : "first_name must be at most 64 characters."
                ))
        }
        var lastName: String?
        if let value = item["last_name"], !value.isNull {
            if let text = value.stringValue, text.count <= 64 {
                lastName = text
            } else {
                errors.append((field + "last_name", "last_name must be a string of at most 64 characters."))
            }
        }
        return (email, firstName, lastName)
    }

    /// The body's optional `auto_approve` (false when absent).
    func autoApprove(_ object: [String: JSONValue], errors: inout [(String, String)]) -> Bool {
        guard let value = object["auto_approve"], !value.isNull else { return false }
        guard let flag = value.boolValue else {
            errors.append(("auto_approve", "auto_approve must be a boolean."))
            return false
        }
        return flag
    }

    func listRegistrants(_ index: Int, query: [String: String]) -> APIAnswer {
        let meeting = state.meetings[index]
        let status = query["status"] ?? "approved"
        guard ["approved", "pending", "denied"].contains(status) else {
            return validationFailed([("status", "Invalid status: \(status). Use approved, pending or denied.")])
        }
        let items = meeting.registrants.filter { $0.status == status }.map(registrantJSON)
        return page(items, key: "registrants|\(meeting.id)|\(status)", field: "registrants", query: query)
    }

    func addRegistrant(_ index: Int, body: Data) -> APIAnswer {
        let meeting = state.meetings[index]
        guard let object = parseObject(body) else { return invalidBody() }
        var errors: [(String, String)] = []
        let (email, firstName, lastName) = person(.object(object), field: "", errors: &errors)
        let autoApprove = self.autoApprove(object, errors: &errors)
        if !errors.isEmpty { return validationFailed(errors) }
        guard meeting.approvalType != 2 else {
            return .error(
                400, 3000,
                "Registration has not been enabled for this \(meeting.isWebinar ? "webinar" : "meeting"): \(meeting.id)."
            )
        }
        if email.lowercased() == meeting.hostEmail.lowercased() {
            return .error(400, 3027, "Host cannot register.")
        }
        if meeting.lastEnd <= now() {
            return .error(
                400, 3038,
                "Meeting is over, you can not register now. If you have any questions, please contact the Meeting host."
            )
        }
        let dailyKey = dailyKey("add", "\(meeting.id)|\(email)")
        if let limited = dailyLimitExceeded(
            dailyKey, limit: configuration.registrantDailyAddLimit, label: .light,
            message:
                "You have reached the maximum daily registration limit (\(configuration.registrantDailyAddLimit)) for this registrant on this \(meeting.isWebinar ? "webinar" : "meeting"). Try again tomorrow."
        ) {
            return limited
        }
        if let existing = meeting.registrants.first(where: { $0.email.lowercased() == email.lowercased() }) {
            if existing.status == "denied" {
                countDaily(dailyKey)
                _ = persistOrFail()
                return .error(
                    400, 3000,
                    "This registrant was denied or cancelled and cannot register again; approve the registration instead."
                )
            }
            countDaily(dailyKey)
            if let failure = persistOrFail() { return failure }
            return .ok(201, addAnswer(meeting, existing))
        }
        let active = meeting.registrants.filter { $0.status != "denied" }.count
        if active >= configuration.registrantCapacity {
            return .error(400, 3043, "Meeting has reached maximum attendee capacity.")
        }
        var extra = object
        for key in ["email", "first_name", "last_name", "auto_approve", "language", "status"] { extra[key] = nil }
        let registrant = StoredRegistrant(
            id: SimIDs.registrantID(), email: email, firstName: firstName, lastName: lastName,
            extraJSON: extra.isEmpty ? nil : JSONValue.object(extra).serialized(),
            // Zoom's webinar add (`webinarRegistrantCreate`) has no `auto_approve`: a webinar with
            // manual approval leaves the person pending until a status PUT approves them.
            status: meeting.approvalType == 0 || (autoApprove && !meeting.isWebinar) ? "approved" : "pending",
            joinURL: "\(baseURL)/w/\(meeting.id)?tk=\(SimIDs.random(43))",
            createTime: now())
        state.meetings[index].registrants.append(registrant)
        countDaily(dailyKey)
        if let failure = persistOrFail() { return failure }
        return .ok(201, addAnswer(meeting, registrant))
    }

    /// `POST /meetings/{id}/batch_registrants` (webinars: `/webinars/{id}/batch_registrants`):
    /// up to 30 registrants at once, scheduled meetings (type 2) and webinars (type 5) only,
    /// Heavy label [H: Zoom's OpenAPI document, addBatchRegistrants / addBatchWebinarRegistrants].
    /// Per registrant [S: Zoom does not document it]: an active address answers its existing
    /// registration; the host's address, a denied address and one past its daily adds are left
    /// out of the answer (not registered); every address taken counts one daily add.
    func batchRegistrants(_ index: Int, body: Data) -> APIAnswer {
        let meeting = state.meetings[index]
        guard let object = parseObject(body) else { return invalidBody() }
        var errors: [(String, String)] = []
        var people: [(email: String, firstName: String, lastName: String?)] = []
        if let list = object["registrants"]?.arrayValue {
            if list.isEmpty { errors.append(("registrants", "registrants must list at least one registrant.")) }
            if list.count > 30 { errors.append(("registrants", "At most 30 registrants per request.")) }
            for (position, item) in list.enumerated() {
                people.append(person(item, field: "registrants[\(position)].", errors: &errors))
            }
        } else {
            errors.append(("registrants", "registrants is required and must be an array."))
        }
        let autoApprove = self.autoApprove(object, errors: &errors)
        if let value = object["registrants_confirmation_email"], !value.isNull, value.boolValue == nil {
            errors.append(("registrants_confirmation_email", "registrants_confirmation_email must be a boolean."))
        }
        if !errors.isEmpty { return validationFailed(errors) }
        if meeting.isWebinar {
            guard meeting.type == 5 else {
                return .error(
                    400, 300,
                    "This API can only be used for scheduled webinars (type 5). Batch registration is not supported for other webinar types."
                )
            }
        } else {
            guard meeting.type == 2 else {
                return .error(
                    400, 303,
                    "This API can only be used for scheduled meeting(meeting type: 2). Batch registration is not supported for other meeting types."
                )
            }
        }
        if let host = state.user(matching: meeting.hostEmail), host.type < 2 {
            return .error(
                400, 3161, "Meeting hosting and scheduling capabilities are not allowed for your user account.")
        }
        guard meeting.approvalType != 2 else {
            // Zoom's document gives code 404 (in a 400 answer) for meetings, 3000 for webinars.
            return .error(
                400, meeting.isWebinar ? 3000 : 404,
                "Registration has not been enabled for this \(meeting.isWebinar ? "webinar" : "meeting"): \(meeting.id)."
            )
        }
        if meeting.lastEnd <= now() {
            return .error(
                400, 3038,
                "Meeting is over, you can not register now. If you have any questions, please contact the Meeting host."
            )
        }
        let active = meeting.registrants.filter { $0.status != "denied" }
        let activeAddresses = Set(active.map { $0.email.lowercased() })
        let newAddresses = Set(people.map { $0.email.lowercased() }).subtracting(activeAddresses)
        if active.count + newAddresses.count > configuration.registrantCapacity {
            return .error(
                400, 3043, "\(meeting.isWebinar ? "Webinar" : "Meeting") has reached maximum attendee capacity.")
        }
        var answered: [JSONValue] = []
        var taken: Set<String> = []
        for person in people {
            let key = person.email.lowercased()
            guard taken.insert(key).inserted, key != meeting.hostEmail.lowercased() else { continue }
            let daily = dailyKey("add", "\(meeting.id)|\(person.email)")
            guard state.dailyCounts[daily, default: 0] < configuration.registrantDailyAddLimit else { continue }
            countDaily(daily)
            let registrants = state.meetings[index].registrants
            let registrant: StoredRegistrant
            if let existing = registrants.first(where: { $0.email.lowercased() == key }) {
                guard existing.status != "denied" else { continue }
                registrant = existing
            } else {
                registrant = StoredRegistrant(
                    id: SimIDs.registrantID(), email: person.email, firstName: person.firstName,
                    lastName: person.lastName,
                    extraJSON: nil, status: meeting.approvalType == 0 || autoApprove ? "approved" : "pending",
                    joinURL: "\(baseURL)/w/\(meeting.id)?tk=\(SimIDs.random(43))", createTime: now())
                state.meetings[index].registrants.append(registrant)
            }
            var entry: [String: JSONValue] = [
                "email": .string(registrant.email), "registrant_id": .string(registrant.id),
            ]
            if registrant.status == "approved" { entry["join_url"] = .string(registrant.joinURL) }
            answered.append(.object(entry))
        }
        if let failure = persistOrFail() { return failure }
        return .ok(201, ["registrants": .array(answered)])
    }

    private func addAnswer(_ meeting: StoredMeeting, _ registrant: StoredRegistrant) -> JSONValue {
        let full = meetingJSON(meeting, occurrenceID: nil, showPrevious: false)
        var object: [String: JSONValue] = [
            "id": .int(meeting.id), "registrant_id": .string(registrant.id), "topic": .string(meeting.topic),
            "start_time": full["start_time"] ?? .null,
        ]
        if meeting.approvalType != 1 { object["join_url"] = .string(registrant.joinURL) }
        if let occurrences = full["occurrences"] { object["occurrences"] = occurrences }
        return .object(object)
    }

    func updateRegistrantStatus(_ index: Int, body: Data) -> APIAnswer {
        guard let object = parseObject(body) else { return invalidBody() }
        var errors: [(String, String)] = []
        let action = object["action"]?.stringValue ?? ""
        if !["approve", "cancel", "deny"].contains(action) {
            errors.append(("action", "action must be approve, cancel or deny."))
        }
        var targets: [(id: String?, email: String?)] = []
        if let value = object["registrants"], !value.isNull {
            if let list = value.arrayValue {
                if list.count > 30 { errors.append(("registrants", "At most 30 registrants per request.")) }
                for item in list {
                    targets.append((item["id"]?.stringValue, item["email"]?.stringValue))
                }
            } else {
                errors.append(("registrants", "registrants must be an array."))
            }
        }
        if !errors.isEmpty { return validationFailed(errors) }
        let meeting = state.meetings[index]
        let positions = targets.compactMap { target in
            meeting.registrants.firstIndex { registrant in
                (target.id != nil && registrant.id == target.id)
                    || (target.id == nil && target.email?.lowercased() == registrant.email.lowercased())
            }
        }
        for position in positions {
            let key = dailyKey("status", "\(meeting.id)|\(meeting.registrants[position].email)")
            if let limited = dailyLimitExceeded(
                key, limit: configuration.registrantDailyStatusLimit, label: .medium,
                message:
                    "You have reached the maximum daily status change limit for registrant \(meeting.registrants[position].email). Try again tomorrow."
            ) {
                return limited
            }
        }
        for position in positions {
            let current = state.meetings[index].registrants[position].status
            let next: String
            switch (action, current) {
            case ("approve", _): next = "approved"
            case ("cancel", "approved"): next = "denied"
            case ("deny", _): next = "denied"
            default: next = current
            }
            state.meetings[index].registrants[position].status = next
            countDaily(dailyKey("status", "\(meeting.id)|\(meeting.registrants[position].email)"))
        }
        return persistOrFail() ?? .ok(204)
    }

    static func looksLikeEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."),
            !parts[1].hasSuffix(".")
        else { return false }
        return !text.contains(where: { $0.isWhitespace })
    }
}
